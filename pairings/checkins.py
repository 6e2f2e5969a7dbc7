"""Keeping in touch: check-ins, pulse answers, event attendance and end-of-relationship feedback."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar, Event

from accounts.models import User
from agreements.models import Agreement
from applications import policy
from applications.access import require_chair
from pairings import schedule
from pairings.models import CheckIn, EventAttendance, MatchFeedback, Pairing, PulseResponse


class CheckInError(Exception):
    """A request the rules refuse; the message is for the person who asked, shown on `field` of the form when the
    rule is about one field (the check-in's date), else over the form."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def pair_frequency(pairing: Pairing, agreement: Agreement | None = None) -> str:
    """The agreed frequency: the agreement's, else the mentee's wish, else the program's recommendation."""
    return policy.agreed_frequency(
        agreed=agreement.frequency if agreement is not None else "",
        wished=pairing.mentee_application.frequency,
        recommended=pairing.program.recommended_frequency,
    )


def next_due(pairing: Pairing, *, last_checkin: dt.date | None, frequency: str) -> dt.date:
    return schedule.next_checkin_due(
        started_on=pairing.started_on, last_checkin=last_checkin, months=schedule.frequency_months(frequency)
    )


def _require_active_partner(pairing: Pairing, actor: User) -> None:
    if not pairing.is_partner(actor):
        raise CheckInError("Only the two partners can do this.")
    if not pairing.is_active:
        raise CheckInError(f"This relationship is {pairing.get_status_display().lower()}; it can no longer change.")


def checkin_log(*, pairing: Pairing, actor: User, date: dt.date, form: str, minutes: int, note: str = "") -> CheckIn:
    _require_active_partner(pairing, actor)
    if date > timezone.localdate():
        raise CheckInError("A check-in cannot be in the future.", field="date")
    if date < pairing.started_on:
        raise CheckInError(
            f"A check-in cannot be before the pairing started ({pairing.started_on:%B %-d, %Y}).", field="date"
        )
    return CheckIn.objects.create(pairing=pairing, logged_by=actor, date=date, form=form, minutes=minutes, note=note)


def pulse_answer(*, pairing: Pairing, actor: User, round_: int, score: int, comment: str = "") -> PulseResponse:
    if not pairing.is_partner(actor):
        raise CheckInError("Only the two partners can answer.")
    due = schedule.pulse_round_due(started_on=pairing.started_on, today=timezone.localdate())
    if due is None or round_ > due[0]:
        raise CheckInError("This question has not been asked yet.")
    try:
        with transaction.atomic():
            return PulseResponse.objects.create(
                pairing=pairing, respondent=actor, round=round_, score=score, comment=comment
            )
    except IntegrityError:
        raise CheckInError("You have already answered this one. Thank you!") from None


def event_log(*, pairing: Pairing, actor: User, kind: str, name: str, date: dt.date) -> EventAttendance:
    _require_active_partner(pairing, actor)
    if actor.id != pairing.mentee_id:
        raise CheckInError("Events are logged by the mentee.")
    return EventAttendance.objects.create(pairing=pairing, kind=kind, name=name, date=date)


def event_confirm(*, attendance: EventAttendance, actor: User) -> bool:
    require_chair(actor, EventAttendance, attendance.pairing.program_id)
    return bool(
        EventAttendance.objects.filter(pk=attendance.pk, confirmed_at__isnull=True).update(
            confirmed_by=actor, confirmed_at=timezone.now()
        )
    )


def feedback_give(*, pairing: Pairing, actor: User, rating: int, comments: str = "") -> MatchFeedback:
    if not pairing.is_partner(actor):
        raise CheckInError("Only the two partners can rate this match.")
    if pairing.is_active:
        raise CheckInError("Feedback opens when the relationship ends.")
    feedback, _ = MatchFeedback.objects.update_or_create(
        pairing=pairing, author=actor, defaults={"rating": rating, "comments": comments}
    )
    return feedback


def next_checkin_ics(pairing: Pairing, due: dt.date, site_url: str) -> bytes:
    """A calendar file for the next check-in (an all-day event on the due date)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Mentorship//Check-ins//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"checkin-{pairing.pk}-{due:%Y%m%d}@mentorship")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", due)
    event.add("dtend", due + dt.timedelta(days=1))
    event.add("summary", f"Mentorship check-in: {pairing.mentor.full_name} and {pairing.mentee.full_name}")
    event.add("description", f"{pairing.program.name}. Log it afterwards: {site_url}{pairing.get_absolute_url()}")
    calendar.add_component(event)
    return calendar.to_ical()
