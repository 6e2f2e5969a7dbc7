"""The non-member rule leaves the program for its host association, and applications name the host; back again,
each program takes its host's rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from applications.models import Application
from mentorship.tests.migrating import migrate, migrate_to_latest

BEFORE = [("applications", "0005_program_host_required")]


@pytest.fixture
def old_world(transactional_db) -> Iterator[dict]:
    apps = migrate(BEFORE)
    association = apps.get_model("associations", "Association")
    program = apps.get_model("applications", "Program")
    user = apps.get_model("accounts", "User")
    application = apps.get_model("applications", "Application")
    host = association.objects.create(
        name="Host Association", short_name="HA", slug="ha", allow_eligible_nonmembers=False, nonmember_fee="35.00"
    )
    made = program.objects.create(
        name="2025",
        slug="2025",
        host=host,
        deadline=dt.date(2025, 1, 1),
        chair_email="c@x.org",
        allow_eligible_nonmembers=False,
        nonmember_fee=Decimal("35.00"),
    )
    person = user.objects.create(email="a@x.org", full_name="A Person")
    application.objects.create(program=made, applicant=person, role="mentee", membership="full")
    try:
        yield {"host_id": host.pk}
    finally:
        migrate_to_latest()


def test_existing_applications_name_their_programs_host(old_world):
    migrate_to_latest()
    assert Application.objects.get().association_id == old_world["host_id"]


def test_migrating_back_gives_each_program_its_hosts_rule(old_world):
    migrate_to_latest()
    apps = migrate(BEFORE)
    program = apps.get_model("applications", "Program").objects.get()
    assert (program.allow_eligible_nonmembers, program.nonmember_fee) == (False, Decimal("35.00"))
