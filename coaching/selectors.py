"""What the coaching pages read: a person's schedule, the room board, the door's lists. Few queries each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Q, QuerySet

from coaching.models import CoachSignup, LearnerRegistration, Seat, Session


@dataclass(frozen=True)
class Row:
    """One round of a person's schedule: where they sit and with whom (None: a round to rest)."""

    round: int
    starts_at: dt.datetime
    table: int | None
    with_whom: list[str]


def _rows(session: Session, seats: list[Seat], names) -> list[Row]:
    by_round: dict[int, list[Seat]] = {}
    for seat in seats:
        by_round.setdefault(seat.round, []).append(seat)
    rows = []
    for round_ in session.round_numbers():
        here = by_round.get(round_, [])
        rows.append(
            Row(
                round=round_,
                starts_at=session.round_starts_at(round_),
                table=here[0].table if here else None,
                with_whom=[names(seat) for seat in here],
            )
        )
    return rows


def learner_schedule(registration: LearnerRegistration) -> list[Row]:
    seats = list(Seat.objects.filter(learner=registration).select_related("coach__user").order_by("round"))
    return _rows(registration.session, seats, lambda seat: seat.coach.name)


def coach_schedule(signup: CoachSignup) -> list[Row]:
    seats = Seat.objects.filter(coach=signup).select_related("learner__user").order_by("round", "learner__pk")
    return _rows(signup.session, list(seats), lambda seat: seat.learner.name)


@dataclass(frozen=True)
class BoardTable:
    table: int
    coach: str
    learners: list[str]


@dataclass(frozen=True)
class BoardRound:
    round: int
    starts_at: dt.datetime
    tables: list[BoardTable]


def room_board(session: Session) -> list[BoardRound]:
    """Every round, table → coach → learners, for the chair to print and pin up."""
    seats = Seat.objects.filter(session=session).select_related("coach__user", "learner__user")
    by_round = {
        round_: list(in_round)
        for round_, in_round in groupby(seats.order_by("round", "table", "learner__pk"), key=lambda s: s.round)
    }
    board = []
    for round_ in session.round_numbers():
        tables = [
            BoardTable(table=table, coach=at_table[0].coach.name, learners=[s.learner.name for s in at_table])
            for table, at_table in ((t, list(g)) for t, g in groupby(by_round.get(round_, []), key=lambda s: s.table))
        ]
        board.append(BoardRound(round=round_, starts_at=session.round_starts_at(round_), tables=tables))
    return board


def door_learners(session: Session) -> QuerySet[LearnerRegistration]:
    return (
        LearnerRegistration.objects.filter(session=session)
        .select_related("user")
        .annotate(seat_count=Count("seats"))
        .order_by("user__full_name", "walk_in_name")
    )


def door_coaches(session: Session) -> QuerySet[CoachSignup]:
    return (
        CoachSignup.objects.filter(session=session)
        .select_related("user")
        .annotate(seat_count=Count("seats"))
        .order_by("user__full_name")
    )


def seats_per_round(session: Session) -> list[tuple[int, int]]:
    rows = Seat.objects.filter(session=session).values("round").annotate(n=Count("pk")).order_by()
    counts = {row["round"]: row["n"] for row in rows}
    return [(round_, counts.get(round_, 0)) for round_ in session.round_numbers()]


def upcoming_and_recent(now: dt.datetime) -> QuerySet[Session]:
    """The sessions people can sign up for, and those of the last month (for feedback)."""
    return Session.objects.filter(Q(starts_at__gte=now - dt.timedelta(days=30))).select_related("association")
