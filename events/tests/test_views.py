"""The participant's pages: the association's events and feed (public), an event's page with RSVP and cancel, the
check-in page (rate-limited), my events; and calendar files that parse back, hostile text included."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import time_machine
from django.urls import reverse

from events.factories import EventFactory, RSVPFactory
from events.models import RSVP

pytestmark = pytest.mark.django_db

HOSTILE = 'Gala"><script>alert(1)</script>, ; \\ END:VEVENT\r\nBEGIN:VEVENT'


def test_anyone_sees_the_list_and_the_event_but_not_its_online_link(client, event):
    event.online_url = "https://video.example.org/secret-room"
    event.save()
    listing = client.get(reverse("events:list", args=[event.association.slug]))
    assert listing.status_code == 200 and "Regional lunch" in listing.content.decode()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "secret-room" not in page and "Log in" in page


def test_rsvp_then_cancel_through_the_pages(client, event, mentee):
    client.force_login(mentee)
    response = client.post(reverse("events:rsvp", args=[event.pk]))
    assert response.status_code == 302 and RSVP.objects.get(user=mentee).status == "going"
    event.online_url = "https://video.example.org/secret-room"
    event.save()
    assert "secret-room" in client.get(event.get_absolute_url()).content.decode()
    assert "Regional lunch" in client.get(reverse("events:mine")).content.decode()
    client.post(reverse("events:cancel", args=[event.pk]))
    assert RSVP.objects.get(user=mentee).status == "cancelled"
    assert "Regional lunch" not in client.get(reverse("events:mine")).content.decode()


def test_a_full_event_offers_the_waitlist_and_says_where_one_stands(client, event, people, mentee):
    for person in people[:3]:
        RSVPFactory(event=event, user=person, status="going" if person != people[2] else "waitlisted")
    client.force_login(mentee)
    assert "Join the waitlist" in client.get(event.get_absolute_url()).content.decode()
    client.post(reverse("events:rsvp", args=[event.pk]))
    assert "on the waitlist, number 2" in client.get(event.get_absolute_url()).content.decode()


def test_rsvp_and_cancel_need_a_post(client, event, mentee):
    client.force_login(mentee)
    assert client.get(reverse("events:rsvp", args=[event.pk])).status_code == 405
    assert client.get(reverse("events:cancel", args=[event.pk])).status_code == 405
    assert not RSVP.objects.exists()


def test_checking_in_with_the_code_and_too_many_wrong_tries(client, event, mentee):
    client.force_login(mentee)
    url = reverse("events:checkin", args=[event.pk])
    with time_machine.travel(event.starts_at, tick=False):
        wrong = client.post(url, {"code": "WRONG123"})
        assert wrong.status_code == 400 and "not this event" in wrong.content.decode()
        assert 'value="WRONG123"' in wrong.content.decode()  # what was typed is kept
        for _ in range(4):
            client.post(url, {"code": "WRONG123"})
        refused = client.post(url, {"code": event.checkin_code})  # the sixth try, right code or not
        assert "Too many tries" in refused.content.decode()
        assert not RSVP.objects.filter(attended_at__isnull=False).exists()


def test_the_right_code_checks_in(client, event, mentee):
    client.force_login(mentee)
    with time_machine.travel(event.starts_at, tick=False):
        response = client.post(reverse("events:checkin", args=[event.pk]), {"code": event.checkin_code.lower()})
    assert response.status_code == 302
    assert RSVP.objects.get(user=mentee).attendance_via == "code"


def parse(response) -> icalendar.Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_an_events_file_parses_back_with_hostile_text_intact_and_no_private_link(client, association):
    event = EventFactory(
        association=association,
        title=HOSTILE,
        description=f"Line one\n{HOSTILE}",
        place="Room; 2, floor",
        online_url="https://video.example.org/secret-room",
    )
    calendar = parse(client.get(reverse("events:ics", args=[event.pk])))
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == HOSTILE.replace("\r\n", "\n")  # one property still, the line break kept
    assert str(vevent["LOCATION"]) == "Room; 2, floor"
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert str(vevent["DTSTART"].params["TZID"]) == "America/Los_Angeles"
    assert calendar.walk("VTIMEZONE")
    assert b"secret-room" not in client.get(reverse("events:ics", args=[event.pk])).content
    assert b"checkin" not in client.get(reverse("events:ics", args=[event.pk])).content.lower()


def test_the_feed_lists_the_associations_coming_and_recent_events_only(client, association, other_association):
    EventFactory(association=association, title="Coming")
    past = EventFactory(association=association, title="Last month")
    past.starts_at -= dt.timedelta(days=44)
    past.ends_at -= dt.timedelta(days=44)
    past.save()
    old = EventFactory(association=association, title="Long ago")
    old.starts_at -= dt.timedelta(days=200)
    old.ends_at -= dt.timedelta(days=200)
    old.save()
    EventFactory(association=other_association, title="Elsewhere")
    calendar = parse(client.get(reverse("events:feed", args=[association.slug])))
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == ["Coming", "Last month"]
    assert len({str(e["UID"]) for e in calendar.walk("VEVENT")}) == 2


def test_hostile_titles_are_escaped_on_the_pages(client, association, mentee):
    event = EventFactory(association=association, title=HOSTILE, description=HOSTILE, place=HOSTILE)
    RSVPFactory(event=event, user=mentee)
    client.force_login(mentee)
    for url in (
        event.get_absolute_url(),
        reverse("events:list", args=[association.slug]),
        reverse("events:mine"),
        reverse("events:checkin", args=[event.pk]),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page, url


def test_the_event_page_shows_its_time_in_the_associations_time_zone(client, association):
    association.time_zone = "America/New_York"
    association.save()
    event = EventFactory(
        association=association,
        starts_at=dt.datetime(2031, 3, 4, 23, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2031, 3, 5, 1, 0, tzinfo=dt.UTC),
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Tuesday, March 4, 2031, 6:00 PM" in page and "8:00 PM" in page and "EST" in page


def test_someone_with_no_rsvp_finds_the_calendars_from_the_navigation(client, event, mentee):
    client.force_login(mentee)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("events:mine")}"' in home
    page = client.get(reverse("events:mine")).content.decode()
    assert "You have not said you are coming to any event yet." in page
    assert f'href="{reverse("events:list", args=[event.association.slug])}"' in page
    assert f'href="{reverse("coaching:sessions")}"' in page
