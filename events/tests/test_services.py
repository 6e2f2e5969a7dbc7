"""RSVPs, the waitlist and its promotion by email, attendance by the chair and by the code at the door."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from events import services
from events.factories import EventFactory
from events.models import CODE_ALPHABET, CODE_LENGTH, RSVP
from notifications.models import Notice

pytestmark = pytest.mark.django_db


def test_people_past_the_capacity_join_the_waitlist_in_order(event, people):
    answers = [services.rsvp_create(event=event, user=p) for p in people]
    assert [a.status for a in answers] == ["going", "going", "waitlisted", "waitlisted"]
    assert list(event.rsvps.waitlisted().values_list("user", flat=True)) == [people[2].pk, people[3].pk]


def test_saying_yes_twice_changes_nothing(event, people):
    first = services.rsvp_create(event=event, user=people[0])
    again = services.rsvp_create(event=event, user=people[0])
    assert again.pk == first.pk and again.joined_at == first.joined_at
    assert event.rsvps.count() == 1


def test_an_event_with_no_capacity_never_fills(association, people):
    event = EventFactory(association=association, capacity=None)
    assert {services.rsvp_create(event=event, user=p).status for p in people} == {"going"}


def test_a_cancelled_seat_goes_to_the_first_on_the_waitlist_who_is_told_by_email(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    for person in people:
        services.rsvp_create(event=event, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_cancel(event=event, user=people[0])
    statuses = dict(event.rsvps.values_list("user", "status"))
    assert statuses == {
        people[0].pk: "cancelled",
        people[1].pk: "going",
        people[2].pk: "going",
        people[3].pk: "waitlisted",
    }
    notice = Notice.objects.get(kind="event_promoted")
    assert notice.user == people[2] and notice.association_id == event.association_id
    [message] = mailoutbox
    assert message.to == [people[2].email] and "Regional lunch" in message.subject


def test_cancelling_from_the_waitlist_promotes_nobody(event, people):
    for person in people:
        services.rsvp_create(event=event, user=person)
    services.rsvp_cancel(event=event, user=people[3])
    assert not Notice.objects.filter(kind="event_promoted").exists()
    assert event.rsvps.going().count() == 2


def test_coming_back_after_cancelling_goes_to_the_end_of_the_waitlist(event, people):
    for person in people[:3]:
        services.rsvp_create(event=event, user=person)
    services.rsvp_cancel(event=event, user=people[0])  # people[2] takes the seat
    again = services.rsvp_create(event=event, user=people[0])
    assert again.status == "waitlisted" and again.cancelled_at is None


def test_a_larger_capacity_seats_the_waitlist(event, people):
    for person in people:
        services.rsvp_create(event=event, user=person)
    event.capacity = 3
    event.save()
    promoted = services.event_capacity_changed(event=event)
    assert [r.user for r in promoted] == [people[2]]
    assert event.rsvps.waitlisted().count() == 1


def test_nobody_rsvps_to_or_is_promoted_into_a_past_event(event, people):
    services.rsvp_create(event=event, user=people[0])
    with time_machine.travel(event.ends_at + dt.timedelta(minutes=1)), pytest.raises(services.RSVPError):
        services.rsvp_create(event=event, user=people[1])


def test_the_chair_marks_attendance_and_can_take_it_back(event, people, chair):
    rsvps = [services.rsvp_create(event=event, user=p) for p in people[:2]]
    assert services.attendance_mark(rsvps=rsvps, actor=chair) == 2
    assert services.attendance_mark(rsvps=rsvps, actor=chair) == 0  # already marked
    marked = event.rsvps.attended().first()
    assert marked.attendance_via == "chair" and marked.attendance_marked_by == chair
    assert services.attendance_mark(rsvps=rsvps[:1], actor=chair, attended=False) == 1
    assert event.rsvps.attended().count() == 1


def test_check_in_codes_are_long_random_and_unambiguous(association):
    codes = {EventFactory(association=association).checkin_code for _ in range(20)}
    assert len(codes) == 20
    assert all(len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) for code in codes)


def test_the_code_at_the_door_marks_the_attendee_even_from_the_waitlist(event, people):
    for person in people[:3]:
        services.rsvp_create(event=event, user=person)
    typed = f" {event.checkin_code[:4].lower()}-{event.checkin_code[4:]} "
    with time_machine.travel(event.starts_at + dt.timedelta(minutes=5)):
        rsvp = services.checkin_with_code(event=event, user=people[2], code=typed)
        walk_in = services.checkin_with_code(event=event, user=people[3], code=event.checkin_code)
    assert (rsvp.status, rsvp.attendance_via) == ("going", "code")
    assert walk_in.status == "going" and walk_in.attended_at is not None


def test_a_wrong_code_or_one_typed_out_of_hours_is_refused(event, people):
    with time_machine.travel(event.starts_at), pytest.raises(services.RSVPError, match="not this event's code"):
        services.checkin_with_code(event=event, user=people[0], code="AAAAAAAA")
    with time_machine.travel(event.starts_at - dt.timedelta(hours=2)), pytest.raises(services.RSVPError, match="opens"):
        services.checkin_with_code(event=event, user=people[0], code=event.checkin_code)
    assert not RSVP.objects.filter(attended_at__isnull=False).exists()


def test_an_attendee_who_checked_in_cannot_cancel(event, people):
    services.rsvp_create(event=event, user=people[0])
    with time_machine.travel(event.starts_at):
        services.checkin_with_code(event=event, user=people[0], code=event.checkin_code)
        with pytest.raises(services.RSVPError):
            services.rsvp_cancel(event=event, user=people[0])


def test_checkin_opens_an_hour_before_and_closes_six_hours_after(event):
    assert not services.checkin_open(event, event.starts_at - dt.timedelta(hours=1, seconds=1))
    assert services.checkin_open(event, event.starts_at - dt.timedelta(hours=1))
    assert services.checkin_open(event, event.ends_at + dt.timedelta(hours=6))
    assert not services.checkin_open(event, event.ends_at + dt.timedelta(hours=6, seconds=1))
    assert timezone.now() < event.starts_at  # the fixture's event is ahead
