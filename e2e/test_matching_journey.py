"""The journey of a chair-matched program, in a real browser: sign up, verify, apply, approve, match, publish."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from applications.models import Application, Program
from conftest import PASSWORD as CHAIR_PASSWORD
from e2e import steps
from e2e.checks import assert_errors_tied_to_fields, check_page
from matching.models import MatchRun, Pairing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENTEE = {"full_name": "Avery Analyst", "email": "avery.analyst@example.org"}
MENTOR = {"full_name": "Morgan Manager", "email": "morgan.manager@example.org"}


@pytest.fixture
def program() -> Program:
    return Program.objects.create(
        name="2025 Mentorship Program",
        slug="mentorship-2025",
        association="Municipal Management Association of Southern California",
        time_zone="America/Los_Angeles",
        deadline=dt.date.today() + dt.timedelta(days=30),
        chair_email="chair@example.org",
        pairing_mode=Program.PairingMode.CHAIR,
        match_objective="total",
        min_match_score=0,  # a run takes its objective and minimum score from the program
    )


def mentee_signs_up_and_applies(page: Page, program: Program, tmp_path) -> None:
    """On a phone: verifies in the same browser (so is logged in at once), logs out and in again, applies."""
    page.goto("/")
    check_page(page, phone=True)
    page.get_by_role("link", name=program.name).click()
    check_page(page, phone=True)
    page.get_by_role("main").get_by_role("link", name="Sign up").click()
    steps.sign_up(page, **MENTEE, phone=True)
    steps.confirm_email(page, email=MENTEE["email"], phone=True)
    steps.log_out(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    steps.log_in(page, email=MENTEE["email"], phone=True)

    page.get_by_role("link", name=program.name).click()
    check_page(page, phone=True)
    page.get_by_role("link", name="Apply as a mentee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentee application")
    check_page(page, phone=True)

    # Submitting an empty form: every missing answer is named on its own field, and nothing is lost.
    page.get_by_label("Organization").fill("City of Irvine")
    page.get_by_role("button", name="Submit application").click()
    expect(page.locator(".alert-danger").first).to_contain_text("Please correct the errors below")
    expect(page.get_by_label("Organization")).to_have_value("City of Irvine")
    assert_errors_tied_to_fields(page)
    check_page(page, phone=True)

    steps.fill_contact(page, organization="City of Irvine", title="Management Analyst", city="Irvine", region="Orange")
    page.get_by_role("radio", name=re.compile("Yes, I work at a public agency")).check()
    page.get_by_label("Career stage").select_option(label="Early career")
    page.get_by_label("What do you hope to gain from the program?").fill("Learn how a city budget is built.")
    steps.fill_common(page, expertise=["Finance", "Strategic Planning"], resume=steps.resume_file(tmp_path, "a.pdf"))
    page.get_by_label("Any preferences regarding the traits").fill("Someone who ran a city budget.")
    page.get_by_label("Have you been mentored before?").fill("Not formally.")
    steps.submit_application(page, phone=True)

    steps.open_menu(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My applications").click()
    expect(page.get_by_role("row", name=re.compile(f"{program.name} Mentee Submitted"))).to_be_visible()
    check_page(page, phone=True)


def mentor_signs_up_and_applies(page: Page, new_page, program: Program, tmp_path) -> None:
    """On a desktop: opens the verification link in another browser, then logs in from the program page."""
    page.goto(program.get_absolute_url())
    page.get_by_role("main").get_by_role("link", name="Sign up").click()
    steps.sign_up(page, **MENTOR, phone=True)

    other_browser = new_page("mentor-mail")
    steps.confirm_email(other_browser, email=MENTOR["email"], phone=True)
    steps.log_in(other_browser, email=MENTOR["email"], phone=True)
    other_browser.context.close()

    page.goto(program.get_absolute_url())
    page.get_by_role("main").get_by_role("link", name="log in").click()
    steps.log_in(page, email=MENTOR["email"], phone=True)
    expect(page).to_have_url(re.compile(re.escape(program.get_absolute_url()) + "$"))
    page.get_by_role("link", name="Apply as a mentor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentor application")
    check_page(page, phone=True)

    steps.fill_contact(page, organization="City of Tustin", title="City Manager", city="Tustin", region="Orange")
    page.get_by_label("How many years have you worked in local government").fill("18")
    page.get_by_label("Your educational background").fill("MPA, State University")
    page.get_by_label("Why are you interested in becoming a mentor?").fill("To help the next city managers.")
    page.get_by_label("Have you served as a mentor previously?").fill("Yes, three analysts.")
    steps.fill_common(
        page,
        expertise=["Finance", "Strategic Planning", "Management"],
        resume=steps.resume_file(tmp_path, "b.pdf"),
    )
    page.get_by_label("How many mentees can you take?").fill("1")
    steps.submit_application(page, phone=True)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My applications").click()
    expect(page.get_by_role("row", name=re.compile(f"{program.name} Mentor Submitted"))).to_be_visible()
    check_page(page, phone=True)


def chair_approves_matches_and_publishes(page: Page, program: Program, chair) -> None:
    page.goto("/admin/")
    check_page(page)
    page.get_by_label("Email address").fill(chair.email)
    page.get_by_label("Password").fill(CHAIR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    check_page(page)

    page.goto(f"/admin/applications/application/?program__id__exact={program.pk}")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    check_page(page)
    page.get_by_label("Select all objects on this page for an action").check()
    page.get_by_role("combobox", name=re.compile("^Action")).select_option(
        label="Approve selected applications (emails the applicants)"
    )
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("2 application(s) approved")
    check_page(page)
    approved = sorted(m.to[0] for m in mail.outbox if "approved" in m.subject.lower())
    assert approved == sorted([MENTEE["email"], MENTOR["email"]]), [m.subject for m in mail.outbox]

    page.goto("/admin/matching/matchrun/add/")
    check_page(page)
    page.get_by_label("Program:").select_option(label=str(program))
    weights = page.get_by_role("group", name=re.compile("^Weights"))
    weights.get_by_label("Weight expertise:").fill("0.40")
    weights.get_by_label("Weight text:").fill("0.15")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposed pairs")
    pair = page.locator("#result_list tbody tr")
    expect(pair).to_have_count(1)
    expect(pair).to_contain_text(MENTEE["full_name"])
    expect(pair).to_contain_text(MENTOR["full_name"])
    expect(pair.locator(".field-score_display")).to_contain_text(re.compile(r"^\d\.\d\d"))
    expect(pair.locator(".field-reasons_list")).to_contain_text(re.compile(r"\w{4,}"))
    check_page(page)
    page.get_by_role("button", name=re.compile("^Publish")).click()
    expect(page.locator(".messagelist")).to_contain_text("1 pairings published")
    check_page(page)


def test_mentee_and_mentor_sign_up_apply_and_are_matched_by_the_chair(new_page, program, chair, tmp_path):
    mentee_signs_up_and_applies(new_page("mentee", phone=True), program, tmp_path)
    mentor_signs_up_and_applies(new_page("mentor"), new_page, program, tmp_path)
    submitted = Application.objects.filter(program=program, status=Application.Status.SUBMITTED)
    assert sorted(a.role for a in submitted) == ["mentee", "mentor"]
    for application in submitted:  # the browser really uploaded each resume
        with application.resume.open("rb") as resume:
            assert resume.read(5) == b"%PDF-"
    received = sorted(m.to[0] for m in mail.outbox if "we received your" in m.subject)
    assert received == sorted([MENTEE["email"], MENTOR["email"]])

    mail.outbox.clear()
    chair_approves_matches_and_publishes(new_page("chair"), program, chair)

    run = MatchRun.objects.get(program=program)
    assert (run.status, run.weight_expertise, run.weight_text) == (MatchRun.Status.PUBLISHED, 0.40, 0.15)
    assert (run.objective, run.min_score) == ("total", 0)
    pairing = Pairing.objects.get(program=program)
    assert (pairing.mentor.email, pairing.mentee.email) == (MENTOR["email"], MENTEE["email"])
    pairing_emails = {m.to[0]: m for m in mail.outbox if "meet your" in m.subject}
    assert set(pairing_emails) == {MENTOR["email"], MENTEE["email"]}
    assert f"meet your mentee, {MENTEE['full_name']}" in pairing_emails[MENTOR["email"]].subject
    assert f"meet your mentor, {MENTOR['full_name']}" in pairing_emails[MENTEE["email"]].subject
    assert MENTOR["email"] in pairing_emails[MENTEE["email"]].body
    assert MENTEE["email"] in pairing_emails[MENTOR["email"]].body
