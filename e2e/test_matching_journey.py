"""The journey of a chair-matched program, in a real browser: sign up, verify, apply, approve, match, publish; then
the pair fills in and signs its agreement, downloads the PDF, logs a check-in, and the mentor ends it, no fault."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from agreements.models import Agreement
from agreements.tests.conftest import tell_news
from applications.models import Application, Program
from associations.models import Association
from conftest import PASSWORD as CHAIR_PASSWORD
from e2e import steps
from e2e.checks import assert_errors_tied_to_fields, check_page
from matching.models import MatchRun
from pairings.models import CheckIn, MatchFeedback, Pairing, ThankYouNote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENTEE = {"full_name": "Avery Analyst", "email": "avery.analyst@example.org"}
MENTOR = {"full_name": "Morgan Manager", "email": "morgan.manager@example.org"}
CONFIDENTIALITY = "What we discuss stays between us unless we both agree to share it."
MENTOR_TIME = "Two hours a month"
ROLES = ["Guide", "Observe and give feedback", "Suggest/provide resources"]
CHECKIN_NOTE = "Walked through the capital budget calendar."


@pytest.fixture
def program() -> Program:
    return Program.objects.create(
        name="2025 Mentorship Program",
        slug="mentorship-2025",
        host=Association.objects.create(
            name="Municipal Management Association of Southern California", short_name="MMASC", slug="mmasc"
        ),
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
    weights.get_by_label("Areas of expertise:").fill("0.40")
    weights.get_by_label("What they wrote:").fill("0.15")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposed pairs")
    pair = page.locator("#result_list tbody tr")
    expect(pair).to_have_count(1)
    expect(pair).to_contain_text(MENTEE["full_name"])
    expect(pair).to_contain_text(MENTOR["full_name"])
    expect(pair.locator(".field-score_display")).to_contain_text(re.compile(r"^\d{1,3}%"))
    expect(pair.locator(".field-reasons_list")).to_contain_text(re.compile(r"\w{4,}"))
    check_page(page)
    page.get_by_role("button", name=re.compile("^Publish")).click()
    # Nothing is sent before the chair has seen what publishing does and said yes.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Publish these pairs?")
    expect(page.get_by_role("main")).to_contain_text("sends 2 emails")
    check_page(page)
    assert not Pairing.objects.filter(program=program).exists()
    page.get_by_role("button", name="Yes, publish and send the emails").click()
    expect(page.locator(".messagelist")).to_contain_text("1 pairing published")
    check_page(page)


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def open_pairing(page: Page, partner: dict, *, phone: bool) -> None:
    """From the navigation: My pairings, then the pairing with `partner`."""
    steps.open_menu(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My pairings").click()
    expect(h1(page)).to_have_text("My pairings")
    check_page(page, phone=phone)
    page.get_by_role("link", name=re.compile(rf"^{re.escape(partner['full_name'])} \(your ")).click()
    expect(h1(page)).to_contain_text(partner["full_name"])
    check_page(page, phone=phone)


def sign_agreement(page: Page, person: dict) -> None:
    """On the agreement page: type the name as signature, consent, sign."""
    signing = page.locator("form").filter(has=page.get_by_role("button", name="Save and sign"))
    signing.get_by_label(steps.exactly("Type your full name to sign")).fill(person["full_name"])
    signing.get_by_role("checkbox", name=re.compile("^I agree to sign this Statement")).check()
    signing.get_by_role("button", name="Save and sign").click()


def mentee_fills_in_the_agreement(page: Page) -> None:
    """On a phone: My pairings, the pairing, the agreement; fills it in and saves it."""
    open_pairing(page, MENTOR, phone=True)
    expect(h1(page)).to_have_text(f"{MENTOR['full_name']}, your mentor")
    expect(page.get_by_role("main")).to_contain_text("Status: Not started")
    page.get_by_role("link", name="Fill in and sign the agreement").click()
    expect(h1(page)).to_have_text("Statement of Mutual Understanding")
    check_page(page, phone=True)

    page.get_by_label(steps.exactly("Confidentiality")).fill(CONFIDENTIALITY)
    page.get_by_label(steps.exactly("Approximate amount of time to be invested by the mentor")).fill(MENTOR_TIME)
    for role in ROLES:
        page.get_by_role("checkbox", name=role, exact=True).check()
    page.get_by_role("button", name="Save without signing").click()
    expect(page.locator(".alert-success")).to_contain_text("Saved as version 2. You both sign this version.")
    expect(page.get_by_label(steps.exactly("Confidentiality"))).to_have_value(CONFIDENTIALITY)
    check_page(page, phone=True)


def mentor_signs(page: Page) -> None:
    """On a desktop: finds the mentee's words in the agreement and signs it."""
    open_pairing(page, MENTEE, phone=False)
    expect(page.get_by_role("main")).to_contain_text(re.compile(r"Status: Being agreed \(version \d+\)"))
    page.get_by_role("link", name="Fill in and sign the agreement").click()
    expect(page.get_by_label(steps.exactly("Confidentiality"))).to_have_value(CONFIDENTIALITY)
    expect(page.get_by_label(steps.exactly("Approximate amount of time to be invested by the mentor"))).to_have_value(
        MENTOR_TIME
    )
    for role in ROLES:
        expect(page.get_by_role("checkbox", name=role, exact=True)).to_be_checked()
    check_page(page)

    sign_agreement(page, MENTOR)
    expect(page.locator(".alert-success")).to_contain_text("You signed version 2")
    expect(page.locator("#signing-state")).to_contain_text(re.compile(r"You signed on \w+ \d+, \d{4}; waiting for \w+"))
    signatures = page.get_by_role("main").get_by_role("listitem").filter(has_text="signed version")
    expect(signatures).to_have_text([re.compile(rf"^Mentor: {MENTOR['full_name']} signed version\s+\d+ on ")])
    expect(page.get_by_role("button", name="Save and sign")).to_have_count(0)
    check_page(page)


def mentee_signs_and_downloads_the_pdf(page: Page) -> Path:
    """Back on the agreement page: signs second, which executes the agreement; downloads its PDF."""
    page.reload()
    expect(page.get_by_role("main")).to_contain_text(f"Mentor: {MENTOR['full_name']} signed version")
    first_name = MENTOR["full_name"].split(" ")[0]
    expect(page.locator("#signing-state")).to_contain_text(
        re.compile(rf"{first_name} signed on \w+ \d+, \d{{4}}; your turn")
    )
    check_page(page, phone=True)
    sign_agreement(page, MENTEE)
    expect(page.locator(".alert-success").first).to_contain_text("You both signed: the agreement is executed")
    executed = page.locator(".alert-success").filter(has_text="Signed by both partners and executed")
    expect(executed).to_contain_text("It can no longer change")
    expect(page.get_by_role("button", name="Save the agreement")).to_have_count(0)
    terms = page.get_by_role("main").locator("dl")
    expect(terms).to_contain_text(CONFIDENTIALITY)
    expect(terms).to_contain_text(MENTOR_TIME)
    check_page(page, phone=True)

    with page.expect_download() as download:
        executed.get_by_role("link", name="Download the signed PDF").click()
    assert re.fullmatch(r"statement-of-mutual-understanding-\d+\.pdf", download.value.suggested_filename)
    path = Path(download.value.path())
    assert path.read_bytes()[:5] == b"%PDF-"
    return path


def mentee_logs_a_check_in(page: Page) -> None:
    page.get_by_role("navigation", name="breadcrumb").get_by_role("link", name="Your pairing").click()
    expect(h1(page)).to_have_text(f"{MENTOR['full_name']}, your mentor")
    expect(page.get_by_role("main")).to_contain_text("Status: Signed by both")
    expect(page.get_by_role("main").get_by_role("link", name="Download the signed PDF")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("No check-in logged yet")
    check_page(page, phone=True)

    form = page.get_by_role("group", name="Log a check-in")
    form.get_by_label(steps.exactly("Date")).fill(timezone.localdate().isoformat())  # the server's today
    form.get_by_label(steps.exactly("How you met")).select_option(label="Video")
    form.get_by_label(steps.exactly("Length (minutes)")).fill("45")
    form.get_by_label(steps.exactly("Private note (only the two of you see it)")).fill(CHECKIN_NOTE)
    page.get_by_role("button", name="Log check-in").click()
    expect(page.locator(".alert-success")).to_contain_text("Check-in logged.")
    rows = page.get_by_role("table", name="Check-ins you logged").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(["Video"])
    expect(rows.first).to_contain_text("45 min")
    expect(rows.first).to_contain_text(CHECKIN_NOTE)
    check_page(page, phone=True)


def mentor_ends_the_relationship_and_rates_it(page: Page) -> None:
    """From the pairing page: ends it with a reason and thanks, then rates the match."""
    page.get_by_role("navigation", name="breadcrumb").get_by_role("link", name="Your pairing").click()
    expect(h1(page)).to_have_text(f"{MENTEE['full_name']}, your mentee")
    expect(page.get_by_role("table", name="Check-ins you logged")).to_contain_text(CHECKIN_NOTE)
    check_page(page)
    page.get_by_role("link", name="End the relationship").click()
    expect(h1(page)).to_have_text(f"End the relationship with {MENTEE['full_name']}")
    check_page(page)

    page.get_by_label(re.compile("Why the relationship is ending")).fill("My new post leaves me no time.")
    page.get_by_label(re.compile("A note of thanks to your partner")).fill("Thank you, Avery: it was a pleasure.")
    page.get_by_role("button", name="End the relationship").click()
    expect(h1(page)).to_have_text("Rate your match")
    expect(page.locator(".alert-success")).to_contain_text("The relationship has ended")
    check_page(page)

    page.get_by_role("radio", name="4", exact=True).check()
    page.get_by_label(re.compile("Why did it end")).fill("A good match; my workload changed.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".alert-success")).to_contain_text("Thank you for your feedback")
    expect(h1(page)).to_have_text(f"{MENTEE['full_name']}, your mentee")
    main = page.get_by_role("main")
    expect(main).to_contain_text("This relationship is ended early (no fault)")
    expect(main).to_contain_text("You rated this match 4/5")
    expect(main.get_by_role("link", name="End the relationship")).to_have_count(0)
    check_page(page)


def mentee_sees_it_ended(page: Page) -> None:
    page.reload()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Ended early (no fault)")
    expect(main).to_contain_text("Thank you, Avery: it was a pleasure.")
    expect(page.get_by_role("group", name="Log a check-in")).to_have_count(0)
    check_page(page, phone=True)
    steps.open_menu(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My pairings").click()
    row = page.get_by_role("row").filter(has_text=MENTOR["full_name"])
    expect(row).to_contain_text("Ended early (no fault)")
    expect(row).to_contain_text("Signed by both")
    check_page(page, phone=True)


def the_pair_agrees_signs_checks_in_and_ends(mentee: Page, mentor: Page, pairing: Pairing) -> None:
    mail.outbox.clear()
    mentee_fills_in_the_agreement(mentee)
    mentor_signs(mentor)
    assert not [m for m in mail.outbox if "your turn" in m.subject]  # told once the agreement has been quiet a while
    tell_news()
    your_turn = [m.to for m in mail.outbox if m.subject.endswith("Mutual Understanding: your turn")]
    assert your_turn == [[MENTEE["email"]]], [m.subject for m in mail.outbox]
    pdf = mentee_signs_and_downloads_the_pdf(mentee)
    text = " ".join(" ".join(sheet.extract_text() for sheet in PdfReader(pdf).pages).split())
    assert MENTOR["full_name"] in text, text[:500]
    assert MENTEE["full_name"] in text, text[:500]
    assert CONFIDENTIALITY in text, text[:500]

    agreement = Agreement.objects.get(pairing=pairing)
    assert agreement.is_executed
    assert sorted(s.signer.email for s in agreement.signatures.valid()) == sorted([MENTEE["email"], MENTOR["email"]])
    assert (agreement.confidentiality, agreement.mentor_time) == (CONFIDENTIALITY, MENTOR_TIME)
    assert agreement.roles == ["guide", "feedback", "resources"]
    executed = [m for m in mail.outbox if "executed Statement of Mutual Understanding" in m.subject]
    # One ledger email to each of them, each with the PDF attached.
    assert sorted(m.to[0] for m in executed) == sorted([MENTOR["email"], MENTEE["email"], pairing.program.chair_email])
    for message in executed:
        [(filename, data, mimetype)] = message.attachments
        assert (filename, mimetype) == (f"statement-of-mutual-understanding-{pairing.pk}.pdf", "application/pdf")
        assert data == pdf.read_bytes()  # the very file the mentee downloaded

    mentee_logs_a_check_in(mentee)
    checkin = CheckIn.objects.get(pairing=pairing)
    assert (checkin.logged_by.email, checkin.form, checkin.minutes, checkin.note) == (
        MENTEE["email"],
        "video",
        45,
        CHECKIN_NOTE,
    )

    mail.outbox.clear()
    mentor_ends_the_relationship_and_rates_it(mentor)
    mentee_sees_it_ended(mentee)
    pairing.refresh_from_db()
    assert (pairing.status, pairing.ended_by.email) == (Pairing.Status.ENDED, MENTOR["email"])
    assert pairing.end_reason == "My new post leaves me no time."
    assert ThankYouNote.objects.get(pairing=pairing).message == "Thank you, Avery: it was a pleasure."
    assert MatchFeedback.objects.get(pairing=pairing).rating == 4
    told = sorted(address for m in mail.outbox for address in m.to)
    assert told == sorted([MENTEE["email"], pairing.program.chair_email]), [m.subject for m in mail.outbox]


def test_a_chair_matched_pair_applies_is_matched_signs_checks_in_and_ends(new_page, program, chair, tmp_path):
    mentee, mentor = new_page("mentee", phone=True), new_page("mentor")
    mentee_signs_up_and_applies(mentee, program, tmp_path)
    mentor_signs_up_and_applies(mentor, new_page, program, tmp_path)
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

    the_pair_agrees_signs_checks_in_and_ends(mentee, mentor, pairing)
