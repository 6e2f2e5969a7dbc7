"""Events in a real browser: a member takes the last seat, another joins the waitlist; the first gives the seat
back and the second is promoted by email; the chair marks one attendee in the admin and the other checks in with
the code at the door. At a desktop's and a phone's width, every page axe-clean; screenshots in
/work/wt/notes/events-shots when E2E_SCREENSHOTS names a folder."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_user
from e2e import steps
from e2e.checks import check_page
from events.models import RSVP, Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page: Page, name: str, width: str) -> None:
    if folder := os.environ.get("E2E_SCREENSHOTS"):
        page.screenshot(path=str(Path(folder) / f"events-{name}-{width}.png"), full_page=True)


@pytest.fixture
def event(association) -> Event:
    """One seat, starting in half an hour: RSVPs are still open and the door's check-in already is."""
    starts = timezone.now() + dt.timedelta(minutes=30)
    return Event.objects.create(
        association=association,
        kind=Event.Kind.REGIONAL,
        title="Regional lunch: budgets in a tight year",
        description="Lunch is provided.",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="Irvine Civic Center",
        capacity=1,
    )


def _sign_in_and_open(page: Page, event: Event, email: str, phone: bool) -> None:
    page.goto(f"/associations/{event.association.slug}/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{event.association.short_name} events and webinars")
    check_page(page, phone=phone)
    page.get_by_role("link", name=event.title).click()
    page.get_by_role("main").get_by_role("link", name="Log in").click()
    steps.log_in(page, email=email, password=PASSWORD, phone=phone)
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)


@pytest.mark.parametrize("phone", [False, True], ids=["1280px", "375px"])
def test_rsvp_waitlist_promotion_and_attendance(new_page, live_server, settings, event, host_chair, phone):
    settings.SITE_URL = live_server.url
    width = "375" if phone else "1280"
    make_user("first@example.org", "Fran First")
    make_user("second@example.org", "Sol Second")

    first = new_page("first", phone=phone)
    _sign_in_and_open(first, event, "first@example.org", phone)
    expect(first.locator("[data-seats]")).to_have_text("1 of 1 left")
    first.get_by_role("button", name="I am coming").click()
    expect(first.locator(".alert-success")).to_contain_text("You are coming")
    expect(first.locator("[data-rsvp-state]")).to_have_text("You are coming.")
    check_page(first, phone=phone)
    _shot(first, "going", width)

    second = new_page("second", phone=phone)
    _sign_in_and_open(second, event, "second@example.org", phone)
    second.get_by_role("button", name="Join the waitlist").click()
    expect(second.locator("[data-rsvp-state]")).to_contain_text("on the waitlist, number 1")
    check_page(second, phone=phone)
    _shot(second, "waitlisted", width)

    first.get_by_role("button", name="I can no longer come").click()
    expect(first.locator(".alert-success")).to_contain_text("no longer on the list")
    (promoted,) = [m for m in mail.outbox if m.to == ["second@example.org"]]
    assert event.title in promoted.subject
    second.reload()
    expect(second.locator("[data-rsvp-state]")).to_have_text("You are coming.")

    # At the door: the second types the code shown there (in lower case, with a space: it is forgiven).
    second.get_by_role("link", name="Check in at the door").click()
    second.get_by_label(steps.exactly("Check-in code")).fill("WRONG-CODE")
    second.get_by_role("button", name="Check in").click()
    expect(second.get_by_role("main")).to_contain_text("not this event's code")
    check_page(second, phone=phone)
    _shot(second, "checkin-refused", width)
    code = event.checkin_code
    second.get_by_label(steps.exactly("Check-in code")).fill(f"{code[:4].lower()} {code[4:]}")
    second.get_by_role("button", name="Check in").click()
    expect(second.locator("[data-rsvp-state]")).to_have_text("You attended this event. Thank you for coming.")
    check_page(second, phone=phone)
    _shot(second, "attended", width)

    # The chair marks the first (who came after all) in the admin.
    RSVP.objects.filter(user__email="first@example.org").update(status=RSVP.Status.GOING)
    chair = new_page("chair", phone=phone)
    steps.admin_log_in(chair, host_chair)
    chair.goto(f"/admin/events/rsvp/?event__id__exact={event.pk}")
    row = chair.get_by_role("row").filter(has_text="Fran First")
    row.get_by_role("checkbox").check()
    chair.get_by_role("combobox", name="Action").select_option(label="Mark the selected people as attended")
    chair.get_by_role("button", name="Go", exact=True).click()
    expect(chair.locator(".messagelist")).to_contain_text("1 marked as attended")
    check_page(chair, phone=phone)
    _shot(chair, "admin", width)

    assert set(RSVP.objects.filter(attended_at__isnull=False).values_list("user__email", "attendance_via")) == {
        ("first@example.org", "chair"),
        ("second@example.org", "code"),
    }
