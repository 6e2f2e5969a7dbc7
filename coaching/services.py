"""The chair's state changes on a speed coaching session: planning the seating (coaching/scheduler.py decides,
this writes the Seat rows in one transaction)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from applications.access import CHANGE, chaired_associations, holds_permission
from coaching import scheduler
from coaching.models import CoachSignup, LearnerRegistration, Seat, Session


def session_problem(session: Session) -> scheduler.Problem:
    """The session as the scheduler reads it: coaches by sign-up id, learners by registration id."""
    coaches = tuple(
        scheduler.Coach(id=signup.pk, areas=frozenset(signup.areas), rounds=frozenset(signup.rounds))
        for signup in CoachSignup.objects.filter(session=session).order_by("pk")
    )
    registrations = LearnerRegistration.objects.filter(session=session).prefetch_related("wishes").order_by("pk")
    learners = tuple(
        scheduler.Learner(
            id=registration.pk,
            areas=frozenset(registration.areas),
            wishes=tuple(wish.coach_id for wish in registration.wishes.all()),  # ordered by rank
        )
        for registration in registrations
    )
    return scheduler.Problem(coaches=coaches, learners=learners, rounds=session.rounds, group_size=session.group_size)


def seat_tables(session: Session, schedule: scheduler.Schedule) -> list[Seat]:
    """The schedule's seats with tables: in each round the seated coaches take tables 1, 2, … in sign-up order.
    Refused when a round needs more tables than the room has."""
    seats = []
    for round_ in session.round_numbers():
        in_round = schedule.by_round(round_)
        tables = {coach: table for table, coach in enumerate(sorted({s.coach for s in in_round}), start=1)}
        if len(tables) > session.tables:
            raise ValidationError(
                f"Round {round_} seats {len(tables)} coaches but the room has {session.tables} tables: "
                "add tables or take coaches out of that round."
            )
        seats += [
            Seat(session=session, round=round_, table=tables[s.coach], coach_id=s.coach, learner_id=s.learner)
            for s in in_round
        ]
    return seats


def session_plan_seating(*, session: Session, by: User) -> int:
    """Plan every round of the session again and replace its seats; returns how many seats were written."""
    if not holds_permission(by, Session, CHANGE) or not chaired_associations(by).filter(pk=session.association_id):
        raise PermissionDenied("Only a chair of the session's association may plan its seating.")
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        seats = seat_tables(session, scheduler.plan(session_problem(session)))
        Seat.objects.filter(session=session).delete()
        Seat.objects.bulk_create(seats)
    return len(seats)
