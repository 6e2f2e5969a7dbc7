"""The pair page writes every day one way: an event attended reads as the term and the next check-in do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse

from pairings.factories import EventAttendanceFactory

pytestmark = pytest.mark.django_db


def test_an_event_attended_is_dated_as_the_rest_of_the_page_dates(pairing, client, mentee):
    day = pairing.started_on + dt.timedelta(days=15)
    EventAttendanceFactory(pairing=pairing, name="Budget workshop", date=day)
    client.force_login(mentee)
    page = client.get(reverse("pairings:pairing", args=[pairing.pk])).content.decode()
    assert f"Term {date_filter(pairing.started_on, 'F j, Y')} to" in page  # how the page writes its other days
    assert f"Regional event: Budget workshop ({date_filter(day, 'F j, Y')})" in page
    assert f"{day:%Y-%m-%d}" not in page
