"""The waitlist's email: a hostile title is escaped in HTML and as typed in the text, and the time is the
association's."""

from __future__ import annotations

import datetime as dt

import pytest

from events import services
from events.factories import EventFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<img src=x onerror=alert(1)> "Gala" & more'


def test_a_promotion_email_escapes_the_title_and_states_the_local_time(
    association, people, mailoutbox, django_capture_on_commit_callbacks
):
    association.time_zone = "America/Denver"
    association.save()
    starts = dt.datetime(2031, 5, 6, 1, 30, tzinfo=dt.UTC)  # 7:30 PM on May 5 in Denver
    event = EventFactory(
        association=association, title=HOSTILE, capacity=1, starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
    )
    services.rsvp_create(event=event, user=people[0])
    services.rsvp_create(event=event, user=people[1])
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_cancel(event=event, user=people[0])
    [message] = mailoutbox
    html = message.alternatives[0][0]
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert HOSTILE in message.body and HOSTILE in message.subject
    assert "Monday, May 5, 2031, 7:30 PM MDT" in message.body and "7:30 PM MDT" in html
