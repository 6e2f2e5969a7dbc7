"""Factories for events and RSVPs (tests, the demo data)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from associations.factories import AssociationFactory
from events.models import RSVP, Event


def _ten_days_on_at_six_pm(time_zone: str | dt.tzinfo) -> dt.datetime:
    """6 PM in the association's zone, ten days from today there: the event ends the day it starts, whatever the
    hour the tests run at (now + 14 days ran past midnight when a run started between 06:00 and 08:00 UTC), and
    starts well inside a session's two weeks of life (a test that travels to the start keeps its login; 6 PM two
    weeks from today there was past it when the tests ran between midnight and 6 PM in that zone)."""
    zone = time_zone if isinstance(time_zone, dt.tzinfo) else ZoneInfo(time_zone)
    day = timezone.now().astimezone(zone).date() + dt.timedelta(days=10)
    return dt.datetime.combine(day, dt.time(18), tzinfo=zone)


class EventFactory(factory.django.DjangoModelFactory):
    """A regional event ten days from now, 6 to 8 PM."""

    class Meta:
        model = Event

    association = factory.SubFactory(AssociationFactory)
    kind = Event.Kind.REGIONAL
    title = factory.Sequence(lambda n: f"Regional lunch {n}")
    description = "Meet managers from nearby cities."
    starts_at = factory.LazyAttribute(lambda o: _ten_days_on_at_six_pm(o.association.time_zone))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    place = "Irvine Civic Center"


class RSVPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RSVP

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory("accounts.factories.UserFactory")
    status = RSVP.Status.GOING


def event_world(association, person) -> dict[type, object]:
    """One of each events model for the access matrix: the association's event, with `person` coming."""
    event = EventFactory(association=association, title="Spring regional lunch")
    return {Event: event, RSVP: RSVPFactory(event=event, user=person)}
