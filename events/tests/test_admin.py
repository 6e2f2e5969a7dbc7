"""The chair's events in the admin: times typed in the association's time zone, a larger capacity seats the
waitlist, attendance marked by an action, and another association's events out of reach."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.factories import EventFactory
from events.models import RSVP, Event

pytestmark = pytest.mark.django_db


def form(association, **changes) -> dict:
    return {
        "association": association.pk,
        "program": "",
        "kind": "signature",
        "title": "Annual conference",
        "description": "",
        "date": "2031-06-12",
        "start_time": "17:30",
        "end_time": "21:00",
        "place": "Convention Center",
        "online_url": "",
        "capacity": "",
        **changes,
    }


def test_the_chair_types_local_times_and_they_are_stored_in_utc(client, host_chair, association):
    association.time_zone = "America/Chicago"
    association.save()
    client.force_login(host_chair)
    response = client.post(reverse("admin:events_event_add"), form(association))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert event.starts_at == dt.datetime(2031, 6, 12, 22, 30, tzinfo=dt.UTC)  # 5:30 PM CDT
    assert event.ends_at == dt.datetime(2031, 6, 13, 2, 0, tzinfo=dt.UTC)
    page = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert 'value="17:30"' in page and event.checkin_code in page


def test_an_end_before_the_start_is_refused_and_what_was_typed_is_kept(client, host_chair, association):
    client.force_login(host_chair)
    response = client.post(reverse("admin:events_event_add"), form(association, end_time="16:00"))
    assert response.status_code == 200 and not Event.objects.exists()
    page = response.content.decode()
    assert "must end after it starts" in page and 'value="Annual conference"' in page


def test_a_larger_capacity_saved_in_the_admin_seats_the_waitlist(client, host_chair, association, people):
    # 6 to 8 PM where the association is, two weeks on: an event of its own.
    evening = timezone.localtime(timezone.now() + dt.timedelta(days=14), association.time_zone)
    evening = evening.replace(hour=18, minute=0, second=0, microsecond=0)
    event = EventFactory(association=association, capacity=1, starts_at=evening)
    for person in people[:2]:
        services.rsvp_create(event=event, user=person)
    client.force_login(host_chair)
    start, end = event.local_start, event.local_end
    changes = {"date": start.date().isoformat(), "start_time": f"{start:%H:%M}", "end_time": f"{end:%H:%M}"}
    response = client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        form(association, title=event.title, kind="regional", capacity="2", **changes),
    )
    assert response.status_code == 302
    assert event.rsvps.going().count() == 2


def test_the_chair_marks_attendance_with_the_action(client, host_chair, association, people):
    event = EventFactory(association=association)
    rsvp = services.rsvp_create(event=event, user=people[0])
    client.force_login(host_chair)
    client.post(reverse("admin:events_rsvp_changelist"), {"action": "mark_attended", "_selected_action": [rsvp.pk]})
    rsvp.refresh_from_db()
    assert (rsvp.attendance_via, rsvp.attendance_marked_by) == (RSVP.Via.CHAIR, host_chair)


def test_another_associations_chair_never_sees_these_events(client, other_chair, association):
    event = EventFactory(association=association, title="Ours")
    client.force_login(other_chair)
    assert "Ours" not in client.get(reverse("admin:events_event_changelist")).content.decode()
    assert client.get(reverse("admin:events_event_change", args=[event.pk])).status_code == 404
