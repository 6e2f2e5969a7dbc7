"""Events as iCalendar (RFC 5545): one event's file, and an association's feed that calendar apps subscribe to.

Both are public, like the events list: they carry the title, times, place, description and the event's page,
never the online link or the check-in code. Text goes through icalendar's own escaping, so a title with commas,
semicolons or line breaks stays one property."""

from __future__ import annotations

from collections.abc import Iterable

import icalendar
from django.utils import timezone

from associations.models import Association
from events.models import Event

PRODID = "-//Mentorship//Events//EN"


def _vevent(event: Event, site_url: str) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", f"{event.uid}@mentorship")
    vevent.add("dtstamp", timezone.now())
    vevent.add("last-modified", event.updated_at)
    vevent.add("dtstart", event.local_start)
    vevent.add("dtend", event.local_end)
    vevent.add("summary", event.title)
    vevent.add("categories", [event.get_kind_display()])
    page = f"{site_url}{event.get_absolute_url()}"
    vevent.add("url", page)
    vevent.add("description", f"{event.description}\n\n{page}".strip())
    if event.place:
        vevent.add("location", event.place)
    return vevent


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def event_ics(event: Event, site_url: str) -> bytes:
    calendar = _calendar(event.association.short_name)
    calendar.add_component(_vevent(event, site_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_ics(association: Association, events: Iterable[Event], site_url: str) -> bytes:
    calendar = _calendar(f"{association.short_name} events")
    calendar.add("x-wr-timezone", str(association.time_zone))
    for event in events:
        calendar.add_component(_vevent(event, site_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
