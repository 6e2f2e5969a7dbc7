"""Programs move under associations made from their old text values, and back, losing nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from applications.models import Program
from associations.models import Association
from mentorship.tests.migrating import migrate, migrate_to_latest

BEFORE = [("applications", "0003_program_allow_rematch_program_gallery_response_days_and_more"), ("associations", None)]


@pytest.fixture
def old_programs(transactional_db) -> Iterator[None]:
    apps = migrate(BEFORE)
    program = apps.get_model("applications", "Program")
    for slug, association, fee in (
        ("mmasc-2024", "Municipal Management Association of Southern California", "50.00"),
        ("mmasc-2025", "Municipal Management Association of Southern California", "60.00"),
        ("coaching", "Cal-ICMA", "0.00"),
        ("orphan", "", "25.00"),
    ):
        program.objects.create(
            name=slug,
            slug=slug,
            association=association,
            deadline=dt.date(2025, 1, 1),
            chair_email=f"{slug}@x.org",
            nonmember_fee=Decimal(fee),
        )
    try:
        yield
    finally:
        migrate_to_latest()


def test_each_text_value_becomes_one_association_hosting_its_programs(old_programs):
    migrate_to_latest()
    hosts = dict(Program.objects.values_list("slug", "host__name"))
    assert hosts == {
        "mmasc-2024": "Municipal Management Association of Southern California",
        "mmasc-2025": "Municipal Management Association of Southern California",
        "coaching": "Cal-ICMA",
        "orphan": "Programs without an association",
    }
    mmasc = Association.objects.get(short_name="MMASC")
    assert mmasc.nonmember_fee == Decimal("60.00")  # the latest program's rule
    assert mmasc.contact_email == "mmasc-2025@x.org"
    assert Association.objects.count() == 3


def test_migrating_back_restores_the_text(old_programs):
    migrate_to_latest()
    apps = migrate(BEFORE[:1])
    texts = dict(apps.get_model("applications", "Program").objects.values_list("slug", "association"))
    assert texts["mmasc-2024"] == "Municipal Management Association of Southern California"
    assert texts["orphan"] == ""
