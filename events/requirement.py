"""A program's event requirement ("one regional and one signature event"), met by attendance.

What counts for a mentee's pairing: the regional and signature events of the program's host association (or of that
program only) they attended during the term, as marked by the chair or by the check-in code; and the events they
logged on their pair page which the chair confirmed (pairings.EventAttendance, from before the calendar, or an event
outside it). Logged but unconfirmed events are "awaiting the chair": they do not count yet, though the reminder
leaves the mentee alone meanwhile.

Both kinds of row are read in ONE query (a UNION ALL), so the dashboard, the pair page and the daily jobs read the
requirement in the query they already made for the logged events."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Value
from django.db.models.functions import TruncDate

from applications.models import Program
from events.models import Event
from mentorship.prepared import PreparedQuery
from pairings.models import EventAttendance, Pairing

COUNTED_KINDS = (Event.Kind.REGIONAL, Event.Kind.SIGNATURE)


@dataclass(frozen=True)
class Attended:
    pairing_id: int
    kind: str
    name: str
    date: dt.date
    counted: bool  # attended (calendar) or confirmed by the chair (logged)
    calendar: bool  # from the events calendar, not logged by hand

    @property
    def kind_label(self) -> str:
        return Event.Kind(self.kind).label


# The columns of an attended event's row, in Attended's order: each part of `attendance_parts` selects them.
ATTENDED_COLUMNS = ("a_pairing", "a_kind", "a_name", "a_date", "a_counted", "a_calendar")


def attendance_parts(pairings: QuerySet[Pairing] | Iterable[int]) -> tuple[QuerySet, QuerySet]:
    """The events logged for these pairings and those they attended on the calendar, each annotated with
    ATTENDED_COLUMNS, unordered: the two parts of the one UNION ALL (the pair page adds them to its own)."""
    via = "mentee__event_rsvps__"
    calendar = (
        Pairing.objects.filter(
            Q(**{f"{via}event__program__isnull": True}) | Q(**{f"{via}event__program": F("program")}),
            pk__in=pairings,
            **{
                f"{via}attended_at__isnull": False,
                f"{via}event__kind__in": COUNTED_KINDS,
                f"{via}event__association": F("program__host"),
                f"{via}event__starts_at__date__gte": F("started_on"),
                f"{via}event__starts_at__date__lte": F("ends_on"),
            },
        )
        .order_by()
        .annotate(
            a_pairing=F("pk"),
            a_kind=F(f"{via}event__kind"),
            a_name=F(f"{via}event__title"),
            a_date=TruncDate(f"{via}event__starts_at"),
            a_counted=Value(True),
            a_calendar=Value(True),
        )
    )
    logged = (
        EventAttendance.objects.filter(pairing__in=pairings)
        .order_by()
        .annotate(
            a_pairing=F("pairing_id"),
            a_kind=F("kind"),
            a_name=F("name"),
            a_date=F("date"),
            a_counted=ExpressionWrapper(Q(confirmed_at__isnull=False), output_field=BooleanField()),
            a_calendar=Value(False),
        )
    )
    return logged, calendar


def attendance_rows(pairings: QuerySet[Pairing] | Iterable[int]) -> list[Attended]:
    """Every event attended or logged for these pairings, newest first, in one query."""
    logged, calendar = attendance_parts(pairings)
    union = logged.values_list(*ATTENDED_COLUMNS).union(calendar.values_list(*ATTENDED_COLUMNS), all=True)
    return newest_first([Attended(*row) for row in union])


def _program_attendance_query(program_id: int) -> QuerySet:
    logged, calendar = attendance_parts(Pairing.objects.filter(program=program_id).values("pk"))
    return logged.values_list(*ATTENDED_COLUMNS).union(calendar.values_list(*ATTENDED_COLUMNS), all=True)


_PROGRAM_ATTENDANCE = PreparedQuery("program_attendance", _program_attendance_query, program_id=-7_919_463)


def program_attendance_rows(program_id: int) -> list[Attended]:
    """`attendance_rows` of every pairing of a program (the dashboard's): the same query, its SQL compiled once per
    process and planned once per connection (mentorship.prepared), not built again on each request."""
    return newest_first([Attended(*row) for row in _PROGRAM_ATTENDANCE.rows(program_id=program_id)])


def newest_first(rows: Iterable[Attended]) -> list[Attended]:
    return sorted(rows, key=lambda row: (row.date, row.name), reverse=True)


@dataclass(frozen=True)
class Progress:
    """How far one mentee is with the requirement: counted events of each kind, logged ones included in `logged_`."""

    required_regional: int
    required_signature: int
    regional: int = 0
    signature: int = 0
    logged_regional: int = 0
    logged_signature: int = 0

    @property
    def required(self) -> bool:
        return bool(self.required_regional or self.required_signature)

    @property
    def met(self) -> bool:
        return self.regional >= self.required_regional and self.signature >= self.required_signature

    @property
    def met_once_confirmed(self) -> bool:
        """Met, counting the events logged and still awaiting the chair."""
        return self.logged_regional >= self.required_regional and self.logged_signature >= self.required_signature

    def __str__(self) -> str:
        return (
            f"{self.regional} of {self.required_regional} regional, "
            f"{self.signature} of {self.required_signature} signature event"
            f"{'' if self.required_signature == 1 else 's'}"
        )


def progress_by_pairing(program_of: dict[int, Program], rows: Iterable[Attended]) -> dict[int, Progress]:
    """Each pairing's progress (every pairing named in `program_of`, those with no event too)."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if row.kind not in COUNTED_KINDS:
            continue
        counts[row.pairing_id][f"logged_{row.kind}"] += 1
        if row.counted:
            counts[row.pairing_id][row.kind] += 1
    return {
        pairing_id: Progress(program.required_regional_events, program.required_signature_events, **counts[pairing_id])
        for pairing_id, program in program_of.items()
    }


def progress_of(pairing: Pairing, rows: Iterable[Attended]) -> Progress:
    return progress_by_pairing({pairing.pk: pairing.program}, rows)[pairing.pk]
