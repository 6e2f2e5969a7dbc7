"""The mentor's request inbox in a real browser: an answer the form refuses comes back on its own request, with
what was chosen kept; times are the program's, named; a mentor never seen has no "last active" on the gallery."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.factories import ApplicationFactory, MentorApplicationFactory, ProfileFactory
from applications.models import Application, Program
from associations.models import Association
from conftest import PASSWORD
from e2e import steps
from e2e.checks import assert_errors_tied_to_fields, check_page
from matching.models import GalleryRequest
from mentorship.dates import month_day_year_time_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENTEES = ["Ian Mentee", "Jo Mentee", "Kai Mentee"]


@pytest.fixture
def chicago_program() -> Program:
    return Program.objects.create(
        name="2026 Midwest Gallery",
        slug="midwest-2026",
        host=Association.objects.create(name="Midwest Managers", short_name="MWM", slug="mwm"),
        time_zone="America/Chicago",
        deadline=dt.date.today() + dt.timedelta(days=30),
        chair_email="chair@example.org",
        pairing_mode=Program.PairingMode.GALLERY,
    )


@pytest.fixture
def mentor_application(chicago_program) -> Application:
    profile = ProfileFactory(
        user__email="rosa.mentor@example.org", user__full_name="Rosa Mentor", organization="City of Peoria"
    )
    profile.user.last_login = None
    profile.user.save(update_fields=["last_login"])
    return MentorApplicationFactory(
        program=chicago_program,
        applicant=profile.user,
        status=Application.Status.APPROVED,
        expertise=["finance", "strategic_planning"],
        capacity=3,
    )


@pytest.fixture
def requests(chicago_program, mentor_application) -> list[GalleryRequest]:
    now = timezone.now().replace(second=0, microsecond=0)
    made = []
    for hours, name in enumerate(MENTEES):
        profile = ProfileFactory(user__email=f"{name.split()[0].lower()}@example.org", user__full_name=name)
        mentee = ApplicationFactory(
            program=chicago_program, applicant=profile.user, status=Application.Status.APPROVED, expertise=["finance"]
        )
        created = now - dt.timedelta(hours=hours)
        made.append(
            GalleryRequest.objects.create(
                program=chicago_program,
                mentee_application=mentee,
                mentor_application=mentor_application,
                message=f"{name} hopes to learn budgeting.",
                created_at=created,
                expires_at=created + dt.timedelta(days=3),
            )
        )
    return made


@pytest.mark.parametrize("phone", [False, True], ids=["1280px", "375px"])
def test_a_question_left_empty_comes_back_on_its_request_then_is_sent(
    new_page, chicago_program, mentor_application, requests, phone
):
    mentor = new_page("mentor", phone=phone)
    mentor.goto("/mentoring/requests/")
    steps.log_in(mentor, email=mentor_application.applicant.email, password=PASSWORD, phone=phone)
    expect(mentor.get_by_role("heading", level=1)).to_have_text("Requests from mentees")
    asked = requests[1]
    due = month_day_year_time_in(asked.expires_at, chicago_program.time_zone)
    assert due.endswith("(America/Chicago)")
    row = mentor.get_by_role("article").filter(has_text=MENTEES[1])
    expect(row).to_contain_text(f"please answer by {due}")

    row.get_by_role("radio", name="Ask for more information").check()
    row.get_by_role("button", name="Send answer").click()

    row = mentor.get_by_role("article").filter(has_text=MENTEES[1])
    box = row.get_by_label("Message to the mentee")
    expect(row).to_contain_text("Write the question you want the mentee to answer.")
    expect(row.get_by_role("radio", name="Ask for more information")).to_be_checked()
    expect(box).to_be_focused()
    expect(box).to_be_in_viewport()
    for other in (MENTEES[0], MENTEES[2]):
        expect(mentor.get_by_role("article").filter(has_text=other)).not_to_contain_text("Write the question")
    expect(mentor.locator(".alert-danger")).to_have_count(0)  # not at the top of the page: on the request
    assert_errors_tied_to_fields(mentor)
    check_page(mentor, phone=phone)
    steps.snapshot(mentor, "inbox-answer-refused")

    box.fill("Which city do you work for?")
    row.get_by_role("button", name="Send answer").click()
    expect(mentor.locator(".alert-success")).to_contain_text("Your question was sent to the mentee.")
    asked.refresh_from_db()
    assert (asked.status, asked.response) == (GalleryRequest.Status.INFO_REQUESTED, "Which city do you work for?")


def test_the_mentee_sees_her_requests_times_in_the_programs_zone_and_no_last_active_for_a_mentor_never_seen(
    new_page, chicago_program, mentor_application, requests
):
    request = requests[0]
    zone = chicago_program.time_zone
    page = new_page("mentee")
    page.goto("/requests/")
    steps.log_in(page, email=request.mentee_application.applicant.email, password=PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My mentor requests")
    sent = month_day_year_time_in(request.created_at, zone).removesuffix(" (America/Chicago)")
    due = month_day_year_time_in(request.expires_at, zone)
    expect(page.get_by_role("main")).to_contain_text(f"sent {sent} · answer due by {due}")
    check_page(page, phone=True)
    steps.snapshot(page, "my-requests")

    page.goto(f"/programs/{chicago_program.slug}/gallery/")
    card = page.get_by_role("article", name=mentor_application.applicant.full_name)
    expect(card).to_contain_text("room for")
    expect(card).not_to_contain_text("last active")
    steps.snapshot(page, "gallery")
