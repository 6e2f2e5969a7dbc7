"""Speed coaching in a real browser: a learner registers for a session on a phone, wishing for a coach, and reads
their schedule there and through their short link; the chair seats a walk-in at the door, re-plans the rounds left
after confirming, and prints the room board (a round a page, without the site's navigation). Axe-clean pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.factories import PASSWORD as FACTORIES_PASSWORD
from accounts.models import User
from coaching import services
from coaching.factories import CoachSignupFactory, LearnerRegistrationFactory, SessionFactory
from coaching.models import LearnerRegistration, Seat, Session
from conftest import make_user
from e2e import steps
from e2e.checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def session(association):
    session = SessionFactory(
        association=association,
        title="MMASC Conference Speed Coaching",
        starts_at=timezone.now() + dt.timedelta(days=10),
        rounds=3,
        tables=3,
    )
    CoachSignupFactory(session=session, user__full_name="Casey Finance")
    CoachSignupFactory(session=session, user__full_name="Pat Police")
    return session


def test_a_learner_registers_on_a_phone_and_reads_their_schedule_and_short_link(new_page, session, host_chair):
    make_user("lee.learner@example.org", "Lee Learner")
    page = new_page("learner", phone=True)
    page.goto(f"/coaching/{session.pk}/")
    steps.log_in(page, email="lee.learner@example.org", password=FACTORIES_PASSWORD, phone=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("MMASC Conference Speed Coaching")
    page.get_by_role("link", name="Register as a learner").click()
    check_page(page, phone=True)
    page.get_by_role("checkbox", name="Police", exact=True).check()
    page.get_by_label("First choice").select_option(label="Pat Police")
    page.get_by_label("Second choice").select_option(label="Pat Police")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert")).to_contain_text("You named this coach already")
    expect(page.get_by_role("checkbox", name="Police", exact=True)).to_be_checked()  # nothing typed is lost
    check_page(page, phone=True)
    page.get_by_label("Second choice").select_option(label="(no coach)")
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".alert-success")).to_contain_text("You are registered")
    check_page(page, phone=True)

    services.session_plan_seating(session=session, by=host_chair)
    page.reload()
    registration = LearnerRegistration.objects.get(user__email="lee.learner@example.org")
    seat = Seat.objects.select_related("coach__user").get(learner=registration, coach__user__full_name="Pat Police")
    rounds = page.get_by_role("list", name="Your rounds")
    expect(rounds).to_contain_text(f"Table {seat.table} · Pat Police")
    expect(page.get_by_role("heading", name="Before your first round")).to_be_visible()
    check_page(page, phone=True)

    anyone = new_page("short link", phone=True)
    anyone.goto(f"/c/{registration.link_token}/")
    expect(anyone.get_by_role("list", name="Your rounds")).to_contain_text(f"Table {seat.table} · Pat Police")
    expect(anyone.get_by_role("main")).not_to_contain_text("lee.learner@example.org")
    check_page(anyone, phone=True)


def test_the_chair_seats_a_walk_in_at_the_door_and_prints_the_room_board(new_page, session, host_chair):
    for name in ("Morgan", "Robin"):
        LearnerRegistrationFactory(session=session, user__full_name=name)
    services.session_plan_seating(session=session, by=host_chair)
    page = new_page("chair")
    steps.admin_log_in(page, host_chair)
    page.goto(f"/coaching/{session.pk}/door/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The door: MMASC Conference Speed Coaching")
    check_page(page)
    page.get_by_label("Walk-in's name").fill("Wanda Walk-in")
    page.get_by_role("group", name="Areas they want to talk about").get_by_label("Police", exact=True).check()
    page.get_by_role("button", name="Add the walk-in").click()
    expect(page.locator(".alert-success")).to_contain_text("Wanda Walk-in added.")
    page.get_by_label("Keep every seat up to and including").select_option(label="No round yet (re-plan them all)")
    page.get_by_role("button", name="Re-plan").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick the box to confirm the re-plan.")
    check_page(page)
    page.get_by_label("Yes, re-plan the rounds after it").check()
    page.get_by_role("button", name="Re-plan").click()
    expect(page.locator(".alert-success")).to_contain_text("Rounds 1 to 3 re-planned")
    expect(page.get_by_role("listitem").filter(has_text="Wanda Walk-in")).not_to_contain_text("0 seats")
    assert Seat.objects.filter(learner__walk_in_name="Wanda Walk-in").exists()

    page.get_by_role("link", name="Room board").click()
    check_page(page)
    expect(page.get_by_role("button", name="Print the room board")).to_be_visible()
    expect(page.locator("section.room-board-round")).to_have_count(3)
    expect(page.get_by_role("main")).to_contain_text("Wanda Walk-in")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Print the room board")).to_be_hidden()
    breaks = page.locator("section.room-board-round").evaluate_all(
        "sections => sections.map(s => getComputedStyle(s).breakAfter)"
    )
    assert breaks == ["page", "page", "auto"]


def test_after_the_session_a_learner_gives_feedback_and_learns_there_is_no_program_to_ask_into(
    new_page, session, host_chair
):
    make_user("lee.learner@example.org", "Lee Learner")
    registration = LearnerRegistrationFactory(session=session, user=User.objects.get(email="lee.learner@example.org"))
    services.session_plan_seating(session=session, by=host_chair)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    page = new_page("learner", phone=True)
    page.goto(f"/coaching/{session.pk}/feedback/")
    steps.log_in(page, email="lee.learner@example.org", password=FACTORIES_PASSWORD, phone=True)  # back to it
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("alert")).to_contain_text("problem")
    check_page(page, phone=True)
    for coach in ("Casey Finance", "Pat Police"):
        page.get_by_role("group", name=f"Was your conversation with {coach} useful?").get_by_label("Yes").check()
    page.get_by_label("A short comment on Pat Police (optional)").fill("Clear about budgets")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".alert-success")).to_contain_text("Thank you: your feedback was saved.")
    assert registration.feedback.count() == 2
    expect(page.get_by_role("main")).to_contain_text("has no gallery or always-open coaching program")
    check_page(page, phone=True)
