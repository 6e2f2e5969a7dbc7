"""A chair of one association works through their season in the admin and on the dashboard, and never meets a
name, an email or a row of another association's program, even when they type its address or search for it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from applications.factories import ProfileFactory
from applications.models import Program
from associations.models import Association
from conftest import PASSWORD
from e2e.checks import check_page
from mentorship.tests.worlds import program_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THEIR_NAMES = ("Zebediah Iowan", "Xiomara Hawkeye")


def person(full_name: str):
    user = ProfileFactory().user
    user.full_name = full_name
    user.save(update_fields=["full_name"])
    return user


@pytest.fixture
def season(program, chair, host_chair):
    ours = program_world(program, person("Morgan Mentor"), person("Avery Mentee"), chair)
    iowa = Association.objects.create(name="Iowa City/County Management Association", short_name="IaCMA", slug="ia")
    theirs_program = Program.objects.create(
        name="IaCMA Mentorship 2025", slug="iacma-2025", host=iowa, deadline=program.deadline, chair_email="c@ia.org"
    )
    theirs = program_world(theirs_program, person(THEIR_NAMES[0]), person(THEIR_NAMES[1]), chair)
    return ours, theirs


def never_theirs(page: Page, phone: bool) -> None:
    check_page(page)
    text = page.content()
    for secret in (*THEIR_NAMES, "IaCMA Mentorship 2025"):
        assert secret not in text, f"{secret!r} shown on {page.url}"


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_chair_runs_their_season_and_never_sees_another_associations_people(new_page, season, host_chair, phone):
    ours, theirs = season
    page: Page = new_page(phone=phone)
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Email").fill(host_chair.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Programs, applications and pairs")
    never_theirs(page, phone)

    for path in (
        "/admin/applications/program/",
        "/admin/applications/application/",
        "/admin/pairings/pairing/",
        "/admin/agreements/agreement/",
        "/admin/matching/proposal/",
        "/admin/notifications/notice/",
        f"/admin/applications/application/{ours.pairing.mentee_application.pk}/change/",
        f"/chair/{ours.program.slug}/",
        "/chair/",
    ):
        page.goto(path)
        never_theirs(page, phone)
    expect(page.get_by_role("main")).to_contain_text(ours.program.name)

    # Searching for their people finds nobody; typing the address of their rows is "not found".
    page.goto(f"/admin/applications/application/?q={THEIR_NAMES[0].split()[0]}")
    expect(page.locator("#changelist")).to_contain_text("0 applications")
    never_theirs(page, phone)
    for path in (
        f"/admin/applications/application/{theirs.pairing.mentee_application.pk}/change/",
        f"/admin/pairings/pairing/{theirs.pairing.pk}/change/",
        f"/chair/{theirs.program.slug}/",
        f"/applications/{theirs.pairing.mentee_application.pk}/resume/",
        f"/pairings/{theirs.pairing.pk}/agreement/pdf/",
    ):
        response = page.goto(path)
        assert response.status == 404, f"{path}: {response.status}"
        never_theirs(page, phone)
