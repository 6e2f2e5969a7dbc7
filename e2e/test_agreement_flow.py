"""The agreement as one flow, in a real browser, with the mistakes people make: typing and pressing Sign without
saving, a signature refused, a double click on Sign, both partners editing at once, Back after signing. What is
typed is never lost and nobody signs text they have not seen; the page says who signed and whose turn it is.
At a desktop's and a phone's width (the mentee's page), axe-clean, nothing scrolling sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from agreements.models import Agreement, PartnerNews, Signature
from applications.factories import ApplicationFactory, MentorApplicationFactory, ProgramFactory
from conftest import PASSWORD, make_user
from e2e import steps
from e2e.checks import check_page
from pairings.factories import PairingFactory
from pairings.models import Pairing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENTOR = ("rosalind.v@example.org", "Rosalind Vantreese")
MENTEE = ("priya.w@example.org", "Priya Wexford")
POINTS = "We meet after the council meeting, every first Tuesday."
TIME = "Two hours a month"


@pytest.fixture
def pairing() -> Pairing:
    program = ProgramFactory(name="Demo Mentorship 2026", slug="demo-2026")
    mentor = MentorApplicationFactory(program=program, applicant=make_user(*MENTOR), approved=True)
    mentee = ApplicationFactory(program=program, applicant=make_user(*MENTEE), approved=True)
    return PairingFactory(program=program, mentor_application=mentor, mentee_application=mentee)


def _open(page: Page, pairing: Pairing, email: str, phone: bool) -> None:
    page.goto(f"/accounts/login/?next=/pairings/{pairing.pk}/agreement/")
    steps.log_in(page, email=email, password=PASSWORD, phone=phone)
    expect(page.get_by_role("heading", level=1)).to_have_text("Statement of Mutual Understanding")


def _signature(page: Page, full_name: str) -> None:
    page.get_by_label(steps.exactly("Type your full name to sign")).fill(full_name)
    page.get_by_role("checkbox", name=re.compile("^I agree to sign this Statement")).check()


def _state(page: Page):
    return page.locator("#signing-state")


@pytest.mark.parametrize("phone", [False, True], ids=["1280px", "375px"])
def test_typing_then_signing_saves_and_signs_and_a_partners_edit_is_never_lost(new_page, pairing, phone):
    mentee = new_page("mentee", phone=phone)
    _open(mentee, pairing, MENTEE[0], phone)
    expect(_state(mentee)).to_contain_text("Nobody has signed this version yet; you can sign first")
    mentor = new_page("mentor")  # opens version 1 too, before the mentee saves anything
    _open(mentor, pairing, MENTOR[0], False)

    # The old trap: type, then press Sign straight away. Forgetting the name first: refused, nothing lost.
    mentee.get_by_label(steps.exactly("Additional points")).fill(POINTS)
    mentee.get_by_role("button", name="Save and sign").click()
    summary = mentee.locator("[data-error-summary]")
    expect(summary).to_contain_text("2 problems to fix")
    expect(summary).to_be_focused()
    expect(mentee.get_by_label(steps.exactly("Additional points"))).to_have_value(POINTS)
    check_page(mentee, phone=phone)
    summary.get_by_role("link", name=re.compile("^Type your full name to sign")).click()
    expect(mentee.get_by_label(steps.exactly("Type your full name to sign"))).to_be_focused()

    # A double click on Sign signs once, the typed text included.
    _signature(mentee, MENTEE[1])
    mentee.get_by_role("button", name="Save and sign").dblclick()
    expect(mentee.locator(".alert-success")).to_contain_text("You signed version 2.")
    expect(_state(mentee)).to_contain_text(re.compile(r"You signed on \w+ \d+, \d{4}; waiting for Rosalind"))
    check_page(mentee, phone=phone)
    agreement = Agreement.objects.get(pairing=pairing)
    assert (agreement.version, agreement.additional_points) == (2, POINTS)
    assert Signature.objects.filter(agreement=agreement).count() == 1

    # Meanwhile the mentor, still on version 1, adds the time and saves: refused, the mentee's point taken in,
    # the mentor's own text kept, the mentee named.
    mentor.get_by_label(steps.exactly("Approximate amount of time to be invested by the mentor")).fill(TIME)
    mentor.get_by_role("button", name="Save without signing").click()
    summary = mentor.locator("[data-error-summary]")
    expect(summary).to_contain_text(
        "Priya Wexford saved version 2 while you were editing: Priya changed Additional points."
    )
    expect(summary).to_contain_text("Nothing was saved or signed.")
    expect(mentor.get_by_label(steps.exactly("Additional points"))).to_have_value(POINTS)
    expect(mentor.get_by_label(steps.exactly("Approximate amount of time to be invested by the mentor"))).to_have_value(
        TIME
    )
    check_page(mentor)
    _signature(mentor, MENTOR[1])
    mentor.get_by_role("button", name="Save and sign").click()
    expect(mentor.locator(".alert-success")).to_contain_text("You signed version 3.")
    expect(_state(mentor)).to_contain_text(re.compile(r"You signed on \w+ \d+, \d{4}; waiting for Priya"))
    check_page(mentor)

    # The mentee's signature of version 2 was voided by the mentor's change: her turn again, one email coming.
    mentee.reload()
    expect(_state(mentee)).to_contain_text(re.compile(r"Rosalind signed on \w+ \d+, \d{4}; your turn"))
    assert PartnerNews.objects.filter(recipient__email=MENTEE[0], told_at__isnull=True).count() == 1
    check_page(mentee, phone=phone)
    _signature(mentee, MENTEE[1])
    mentee.get_by_role("button", name="Save and sign").click()
    expect(mentee.locator(".alert-success").first).to_contain_text("You both signed: the agreement is executed")

    # Back to the page before signing: it is read again, executed, with nothing left to sign.
    mentee.go_back()
    expect(mentee.locator(".alert-success")).to_contain_text("Signed by both partners and executed")
    expect(mentee.get_by_role("button", name="Save and sign")).to_have_count(0)
    check_page(mentee, phone=phone)
    agreement.refresh_from_db()
    assert agreement.is_executed and agreement.version == 3
    assert agreement.signatures.valid().count() == 2


@pytest.mark.parametrize("phone", [False, True], ids=["1280px", "375px"])
def test_a_refused_check_in_says_why_once_on_its_date_field(new_page, pairing, phone):
    page = new_page(phone=phone)
    page.goto(f"/accounts/login/?next={pairing.get_absolute_url()}")
    steps.log_in(page, email=MENTEE[0], password=PASSWORD, phone=phone)
    form = page.get_by_role("group", name="Log a check-in")
    form.get_by_label(steps.exactly("Date")).fill("2099-01-01")
    form.get_by_label(re.compile("^Private note")).fill("We talked budgets.")
    page.get_by_role("button", name="Log check-in").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("1 problem to fix")
    message = page.get_by_text("A check-in cannot be in the future.")
    expect(message).to_have_count(2)  # the summary's link and the date field's own error, nowhere else
    summary.get_by_role("link", name=re.compile("^Date: A check-in cannot be in the future")).click()
    expect(form.get_by_label(steps.exactly("Date"))).to_be_focused()
    expect(form.get_by_label(re.compile("^Private note"))).to_have_value("We talked budgets.")
    check_page(page, phone=phone)
