"""Student chapters in a real browser: a manager offers a panel to a chapter near their association; the chapter's
contact (no account) opens the emailed link and schedules it; the manager sees it scheduled. At a desktop's and a
phone's width; screenshots of each page in /tmp/chapters-*.png."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from associations.models import Association
from chapters.models import ChapterOffer, StudentChapter
from conftest import PASSWORD, make_user
from e2e import steps
from e2e.checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER_LINK = re.compile(r"https?://\S+/chapters/answer/[^\s/]+/")
CONTACT = "dana.advisor@csulb.example.edu"


@pytest.fixture
def chapter() -> StudentChapter:
    association = Association.objects.create(
        name="Municipal Management Association of Southern California", short_name="MMASC", slug="mmasc"
    )
    return StudentChapter.objects.create(
        association=association,
        university="California State University, Long Beach",
        program_name="Master of Public Administration",
        city="Long Beach",
        state="CA",
        contact_name="Dana Advisor",
        contact_email=CONTACT,
    )


def _shot(page: Page, name: str, width: str) -> None:
    page.screenshot(path=f"/tmp/chapters-{name}-{width}.png", full_page=True)  # noqa: S108 -- asked for there


@pytest.mark.parametrize("phone", [False, True], ids=["1280px", "375px"])
def test_a_manager_offers_a_panel_and_the_contact_schedules_it_from_the_email(
    new_page, live_server, settings, chapter, phone
):
    settings.SITE_URL = live_server.url  # the emailed link leads to this server
    width = "375" if phone else "1280"
    make_user("robin.manager@example.org", "Robin Manager")

    manager = new_page("manager", phone=phone)
    manager.goto(f"/associations/{chapter.association.slug}/chapters/")
    expect(manager.get_by_role("heading", level=1)).to_have_text("Student chapters near MMASC")
    expect(manager.get_by_role("main")).to_contain_text("Master of Public Administration")
    expect(manager.get_by_role("main")).not_to_contain_text(CONTACT)
    check_page(manager, phone=phone)
    manager.get_by_role("main").get_by_role("link", name="Log in").click()
    steps.log_in(manager, email="robin.manager@example.org", password=PASSWORD, phone=phone)
    _shot(manager, "list", width)
    manager.get_by_role("link", name=f"Make an offer to {chapter.university}").click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text(chapter.university)
    manager.get_by_role("radio", name="Sit on a panel").check()
    manager.get_by_label(steps.exactly("A message to the chapter")).fill(
        "I manage the City of Lakewood and would gladly join your careers panel."
    )
    manager.get_by_label(steps.exactly("Dates you suggest")).fill("Any Tuesday evening in March")
    check_page(manager, phone=phone)
    _shot(manager, "offer", width)
    manager.get_by_role("button", name="Send offer").click()
    expect(manager.locator(".alert-success")).to_contain_text("Your offer was sent")
    offer_card = manager.get_by_role("article").filter(has_text=chapter.university)
    expect(offer_card).to_contain_text("Waiting for the chapter's answer")
    check_page(manager, phone=phone)

    (email,) = [m for m in mail.outbox if m.to == [CONTACT]]
    link = ANSWER_LINK.search(email.body).group(0)

    contact = new_page("contact", phone=phone)
    contact.goto(link)
    expect(contact.get_by_role("heading", level=1)).to_have_text("Robin Manager offers to sit on a panel")
    expect(contact.get_by_role("main")).to_contain_text("City of Lakewood")
    check_page(contact, phone=phone)
    _shot(contact, "answer", width)
    when = dt.date.today() + dt.timedelta(days=21)
    schedule = contact.get_by_role("region", name="Accept and schedule it")
    schedule.get_by_label(steps.exactly("Date")).fill(when.isoformat())
    schedule.get_by_label(steps.exactly("Time")).fill("18:30")
    schedule.get_by_label(steps.exactly("Place or online link")).fill("Room 210, College of Business")
    schedule.get_by_label(steps.exactly("A note to the manager (optional)")).fill("Parking passes at the front desk.")
    schedule.get_by_role("button", name="Accept and schedule").click()
    expect(contact.get_by_role("status").filter(has_text="Scheduled for")).to_contain_text("6:30 PM")
    expect(contact.get_by_role("button", name="Accept and schedule")).to_have_count(0)
    check_page(contact, phone=phone)
    _shot(contact, "scheduled", width)

    offer = ChapterOffer.objects.get()
    assert (offer.status, offer.scheduled_date, offer.scheduled_time) == ("scheduled", when, dt.time(18, 30))
    (answer,) = [m for m in mail.outbox if m.to == ["robin.manager@example.org"]]
    assert "Room 210, College of Business" in answer.body

    manager.reload()
    expect(offer_card).to_contain_text("Scheduled")
    expect(offer_card).to_contain_text("Room 210, College of Business")
    expect(offer_card.get_by_role("button", name=re.compile("Withdraw"))).to_have_count(0)
    check_page(manager, phone=phone)
    _shot(manager, "mine", width)
