"""RSVPs, the waitlist and attendance. Every change to who is coming locks the event's row first, so two people
taking the last seat at once never both get it, and a freed seat goes to exactly one person on the waitlist."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from events.models import RSVP, Event
from notifications.services import Spec, notify_many

CHECKIN_OPENS_BEFORE = dt.timedelta(hours=1)
CHECKIN_CLOSES_AFTER = dt.timedelta(hours=6)


class RSVPError(Exception):
    """A request the rules refuse; the message is for the person who asked."""


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("association").get(pk=event.pk)


def _seats_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - event.rsvps.going().count(), 0)


@transaction.atomic
def rsvp_create(*, event: Event, user: User) -> RSVP:
    """Say one is coming: a seat while there is one, else a place at the end of the waitlist. Saying it twice
    changes nothing; saying it again after cancelling starts over (at the end of the waitlist if it is full)."""
    event = _locked(event)
    if event.is_over:
        raise RSVPError("This event is over.")
    rsvp = RSVP.objects.filter(event=event, user=user).first()
    if rsvp is not None and rsvp.status != RSVP.Status.CANCELLED:
        return rsvp
    seats = _seats_left(event)
    status = RSVP.Status.GOING if seats is None or seats > 0 else RSVP.Status.WAITLISTED
    if rsvp is None:
        return RSVP.objects.create(event=event, user=user, status=status)
    rsvp.status, rsvp.joined_at, rsvp.cancelled_at, rsvp.promoted_at = status, timezone.now(), None, None
    rsvp.save(update_fields=["status", "joined_at", "cancelled_at", "promoted_at"])
    return rsvp


@transaction.atomic
def rsvp_cancel(*, event: Event, user: User) -> RSVP | None:
    """Not coming after all: the seat goes to the first person on the waitlist, who is told by email."""
    event = _locked(event)
    rsvp = RSVP.objects.filter(event=event, user=user).exclude(status=RSVP.Status.CANCELLED).first()
    if rsvp is None:
        return None
    if rsvp.attended_at is not None:
        raise RSVPError("You have already checked in to this event.")
    rsvp.status, rsvp.cancelled_at = RSVP.Status.CANCELLED, timezone.now()
    rsvp.save(update_fields=["status", "cancelled_at"])
    waitlist_promote(event=event)
    return rsvp


def waitlist_promote(*, event: Event) -> list[RSVP]:
    """Give free seats to the waitlist in the order people joined it, each told by email. Called with the event's
    row locked (a cancellation, a larger capacity in the admin); nobody is promoted once the event is over."""
    if event.is_over:
        return []
    seats = _seats_left(event)
    waiting = event.rsvps.waitlisted().select_related("user")
    promoted = list(waiting if seats is None else waiting[:seats])
    if not promoted:
        return []
    now = timezone.now()
    RSVP.objects.filter(pk__in=[r.pk for r in promoted]).update(status=RSVP.Status.GOING, promoted_at=now)
    notify_many(
        Spec(
            kind="event_promoted",
            subject=f"rsvp:{rsvp.pk}",
            period=f"promoted:{now.isoformat()}",
            to=rsvp.user.email,
            user=rsvp.user,
            program=event.program,
            association=event.association,
            context={"event": event, "person": rsvp.user},
        )
        for rsvp in promoted
    )
    for rsvp in promoted:
        rsvp.status, rsvp.promoted_at = RSVP.Status.GOING, now
    return promoted


@transaction.atomic
def event_capacity_changed(*, event: Event) -> list[RSVP]:
    """After the chair edits an event: a larger capacity (or none) seats the waitlist."""
    return waitlist_promote(event=_locked(event))


@transaction.atomic
def attendance_mark(*, rsvps: Iterable[RSVP], actor: User, attended: bool = True) -> int:
    """The chair marks people as having come (or not). Returns how many rows changed."""
    ids = [r.pk for r in rsvps]
    if attended:
        return (
            RSVP.objects.filter(pk__in=ids, attended_at__isnull=True)
            .exclude(status=RSVP.Status.CANCELLED)
            .update(attended_at=timezone.now(), attendance_via=RSVP.Via.CHAIR, attendance_marked_by=actor)
        )
    return RSVP.objects.filter(pk__in=ids, attended_at__isnull=False).update(
        attended_at=None, attendance_via="", attendance_marked_by=None
    )


def normalise_code(typed: str) -> str:
    return "".join(typed.split()).upper().replace("-", "")


@transaction.atomic
def checkin_with_code(*, event: Event, user: User, code: str) -> RSVP:
    """At the door, the attendee types the code on show. Someone on the waitlist, or who never said they were
    coming, is there all the same: they are marked as coming and attended."""
    event = _locked(event)
    now = timezone.now()
    if not secrets.compare_digest(normalise_code(code).encode(), event.checkin_code.encode()):
        raise RSVPError("That is not this event's code. Check it and try again.")
    if not checkin_open(event, now):
        raise RSVPError("Check-in opens an hour before the event starts and closes six hours after it ends.")
    rsvp, _ = RSVP.objects.get_or_create(event=event, user=user)
    if rsvp.attended_at is None:
        rsvp.status, rsvp.cancelled_at = RSVP.Status.GOING, None
        rsvp.attended_at, rsvp.attendance_via, rsvp.attendance_marked_by = now, RSVP.Via.CODE, user
        rsvp.save()
    return rsvp


def checkin_open(event: Event, now=None) -> bool:
    now = now or timezone.now()
    return event.starts_at - CHECKIN_OPENS_BEFORE <= now <= event.ends_at + CHECKIN_CLOSES_AFTER
