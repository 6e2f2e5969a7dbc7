"""The event requirement counted from attendance, with the events logged by hand and confirmed before the calendar
(pairings.EventAttendance) still counting; and the midpoint reminder that reads it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from applications.factories import ProgramFactory
from associations.factories import AssociationFactory
from events import requirement
from events.factories import EventFactory, RSVPFactory
from events.models import Event
from mentorship.tests.worlds import pair
from notifications.models import Notice
from pairings import jobs
from pairings.factories import EventAttendanceFactory, PairingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairing(program, mentor, mentee):
    return pair(program, mentor, mentee)


def attended(pairing, days_in: int = 10, **fields) -> Event:
    starts = timezone.make_aware(dt.datetime.combine(pairing.started_on + dt.timedelta(days=days_in), dt.time(18)))
    fields.setdefault("association", pairing.program.host)
    event = EventFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=2), **fields)
    RSVPFactory(event=event, user=pairing.mentee, attended_at=starts, attendance_via="chair")
    return event


def progress(pairing) -> requirement.Progress:
    return requirement.progress_of(pairing, requirement.attendance_rows([pairing.pk]))


def test_attending_a_regional_and_a_signature_event_meets_the_requirement(pairing):
    assert str(progress(pairing)) == "0 of 1 regional, 0 of 1 signature event"
    attended(pairing, kind=Event.Kind.REGIONAL)
    assert str(progress(pairing)) == "1 of 1 regional, 0 of 1 signature event"
    attended(pairing, kind=Event.Kind.SIGNATURE)
    assert progress(pairing).met


def test_confirmed_events_logged_by_hand_still_count_and_unconfirmed_ones_wait(pairing):
    EventAttendanceFactory(pairing=pairing, kind="regional", date=pairing.started_on, confirmed=True)
    EventAttendanceFactory(pairing=pairing, kind="signature", date=pairing.started_on)
    now = progress(pairing)
    assert (now.regional, now.signature, now.logged_signature) == (1, 0, 1)
    assert not now.met and now.met_once_confirmed


def test_what_does_not_count(pairing, mentor):
    attended(pairing, kind=Event.Kind.WEBINAR)  # webinars are not in the requirement
    attended(pairing, association=AssociationFactory(short_name="FAR"))  # another association's event
    attended(pairing, days_in=-30)  # before the term
    sister = ProgramFactory(host=pairing.program.host, slug="sister")
    attended(pairing, program=sister)  # for another program's mentees only
    signature = attended(pairing, kind=Event.Kind.SIGNATURE)
    signature.rsvps.update(attended_at=None)  # said they were coming, never came
    RSVPFactory(event=attended(pairing), user=mentor, attended_at=timezone.now())  # the mentor came, too
    assert (progress(pairing).regional, progress(pairing).signature) == (1, 0)


def test_an_event_for_this_program_counts(pairing):
    attended(pairing, program=pairing.program)
    assert progress(pairing).regional == 1


def test_the_rows_carry_what_the_pair_page_lists(pairing):
    event = attended(pairing, kind=Event.Kind.SIGNATURE, title="Annual <b>Gala</b>")
    EventAttendanceFactory(pairing=pairing, kind="regional", name="Spring lunch", date=pairing.started_on)
    rows = requirement.attendance_rows([pairing.pk])
    assert [(r.name, r.kind, r.calendar, r.counted) for r in rows] == [
        ("Annual <b>Gala</b>", "signature", True, True),
        ("Spring lunch", "regional", False, False),
    ]
    assert rows[0].date == timezone.localdate(event.starts_at)


def test_a_programs_rows_are_its_pairings_rows_read_by_the_prepared_query(pairing):
    attended(pairing, kind=Event.Kind.SIGNATURE, title="Gala")
    attended(pairing, kind=Event.Kind.REGIONAL, title="Picnic", days_in=20)
    EventAttendanceFactory(pairing=pairing, kind="regional", name="Lunch", date=pairing.started_on, confirmed=True)
    EventAttendanceFactory(pairing=PairingFactory(), kind="regional", name="Elsewhere", date=pairing.started_on)
    for _ in range(2):  # compiled and prepared on the first run, executed on the second
        rows = requirement.program_attendance_rows(pairing.program_id)
        assert rows == requirement.attendance_rows([pairing.pk])
        assert [row.name for row in rows] == ["Picnic", "Gala", "Lunch"]


def midpoint(pairing) -> dt.datetime:
    day = pairing.started_on + (pairing.ends_on - pairing.started_on) / 2 + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8)))


def test_the_midpoint_reminder_states_the_progress_and_spares_those_who_attended(
    program, pairing, mentor, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    attended(pairing, kind=Event.Kind.REGIONAL)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.event_requirements(midpoint(pairing)) == 1
        assert jobs.event_requirements(midpoint(pairing)) == 0  # once
    [message] = mailoutbox
    assert message.to == [mentee.email]
    assert "so far you have 1 of 1 regional, 0 of 1 signature event" in message.body
    Notice.objects.all().delete()
    attended(pairing, kind=Event.Kind.SIGNATURE)
    assert jobs.event_requirements(midpoint(pairing)) == 0


def test_an_event_logged_and_awaiting_the_chair_holds_the_reminder(pairing):
    EventAttendanceFactory(pairing=pairing, kind="regional", date=pairing.started_on)
    EventAttendanceFactory(pairing=pairing, kind="signature", date=pairing.started_on)
    assert jobs.event_requirements(midpoint(pairing)) == 0
