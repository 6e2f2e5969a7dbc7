"""The Senior Advisor roster in a real browser, on a phone: a member browses advisors by state, asks one, the
advisor accepts, and the pair page asks for no agreement (the program needs none)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from applications.factories import ApplicationFactory, MentorApplicationFactory, ProfileFactory
from applications.models import Application, Program
from associations.models import Association
from conftest import PASSWORD
from e2e import steps
from e2e.checks import check_page
from pairings.models import Pairing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def roster() -> Program:
    return Program.objects.create(
        name="Senior Advisors",
        slug="senior-advisors",
        host=Association.objects.create(name="Arizona Managers", short_name="AZCMA", slug="azcma", region="Arizona"),
        kind=Program.Kind.ADVISORS,
        pairing_mode=Program.PairingMode.GALLERY,
        requires_agreement=False,
        chair_email="advisors@example.org",
    )


def _advisor(roster: Program, name: str, email: str, state: str, region: str) -> Application:
    profile = ProfileFactory(
        user__email=email, user__full_name=name, state=state, region=region, title="Retired City Manager"
    )
    return MentorApplicationFactory(
        program=roster, applicant=profile.user, status=Application.Status.APPROVED, capacity=2
    )


def test_a_member_asks_a_senior_advisor_by_state_who_accepts_with_no_agreement_step(new_page, roster):
    advisor = _advisor(roster, "Ada Advisor", "ada@example.org", "AZ", "Phoenix metro")
    _advisor(roster, "Cal Counsel", "cal@example.org", "CA", "Inland Empire")
    member = ApplicationFactory(
        program=roster,
        applicant=ProfileFactory(user__email="mo.member@example.org", user__full_name="Mo Member").user,
        status=Application.Status.APPROVED,
    )

    page = new_page("member", phone=True)
    page.goto(roster.get_absolute_url())
    page.get_by_role("main").get_by_role("link", name="log in").click()
    steps.log_in(page, email=member.applicant.email, password=PASSWORD, phone=True)
    page.get_by_role("link", name="Browse the senior advisors").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Senior advisors")
    expect(page.get_by_role("heading", level=2)).to_have_text(["AZ", "CA"])
    check_page(page, phone=True)
    page.screenshot(path=Path(tempfile.gettempdir()) / "kinds-advisors.png", full_page=True)

    page.get_by_label("State").select_option("AZ")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=2)).to_have_text(["AZ"])
    card = page.get_by_role("article", name="Ada Advisor")
    expect(card).to_contain_text("Phoenix metro")
    card.get_by_role("link", name="Ask this advisor (Ada Advisor)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask Ada Advisor for advice")
    check_page(page, phone=True)
    page.get_by_label(steps.exactly("A short message to the advisor")).fill("A hard conversation with my council.")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".alert-success")).to_contain_text("Your request was sent to Ada Advisor")

    other = new_page("advisor", phone=True)
    other.goto("/mentoring/requests/")
    steps.log_in(other, email=advisor.applicant.email, password=PASSWORD, phone=True)
    request = other.get_by_role("article").filter(has_text="Mo Member")
    request.get_by_role("radio", name="Accept").check()
    request.get_by_role("button", name="Send answer").click()
    expect(other.locator(".alert-success")).to_contain_text("Accepted. You are paired")
    expect(other.get_by_role("heading", level=1)).to_have_text("Mo Member, who asked for your advice")
    expect(other.get_by_role("main")).not_to_contain_text("Statement of Mutual Understanding")
    check_page(other, phone=True)
    other.screenshot(path=Path(tempfile.gettempdir()) / "kinds-advisor-pair.png", full_page=True)

    pairing = Pairing.objects.get(program=roster)
    assert (pairing.mentor_application, pairing.mentee_application) == (advisor, member)
