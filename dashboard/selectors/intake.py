"""Intake and matching figures of the dashboard: applications by status and day, fees, areas, mentors with room."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Aggregate, Count, F, Func, Q, QuerySet, Sum, TextField, Value, Window
from django.db.models.functions import Cast, Coalesce, Least, NullIf, TruncDate

from applications.models import Application, Program
from applications.vocabulary import Expertise
from dashboard.figures import (
    AreaRow,
    DayRow,
    FeeRow,
    Intake,
    Matching,
    MentorRoom,
    MentorsWithRoom,
    PairRow,
    ScoreBin,
    StatusRow,
)
from dashboard.selectors.stand_ins import PROGRAM
from mentorship.prepared import PreparedQuery
from pairings.models import Pairing

Status = Application.Status
# Applications still in the running: what intake figures (fees, expertise) count.
LIVE = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPROVED, Status.WAITLISTED)
SCORE_BINS = 10
QUOTED = re.compile(r'"([^"]*)"')  # a value in a list's JSON text
MENTORS_SHOWN = 20  # of the mentors with room, on the page
COUNTED = ("role", "status", "membership", "fee_status", "day", "n", "amount")


def _counts_query(program_id: int) -> QuerySet:
    """Grouped by the columns of the covering index (migration applications 0011), in its order: PostgreSQL reads
    them from the index alone and counts each group as it reads it. COUNT(*), not of the id: the index has no id."""
    return (
        Application.objects.filter(program=program_id)
        .order_by()
        .values_list("role", "status", "membership", "fee_status", "submitted_on")
        .annotate(n=Count("*"), amount=Sum("fee_amount"))
    )


_COUNTS = PreparedQuery("dash_counts", _counts_query, program_id=PROGRAM)


def application_counts(program: Program) -> list[dict]:
    """The program's applications counted by role, status, membership, fee and day submitted (program time zone;
    None: never submitted online): one grouped query that the intake figures and the daily chart both read. The day
    is stored with each application on PostgreSQL (Application.submitted_on); elsewhere it is worked out here."""
    if connection.vendor == "postgresql":
        rows = _COUNTS.rows(program_id=program.pk)
    else:
        rows = (
            Application.objects.filter(program=program)
            .order_by()
            .annotate(day=TruncDate("submitted_at", tzinfo=program.time_zone))
            .values_list("role", "status", "membership", "fee_status", "day")
            .annotate(n=Count("pk"), amount=Sum("fee_amount"))
        )
    return [dict(zip(COUNTED, row, strict=True)) for row in rows]


def intake_figures(program: Program, counts: list[dict], today: dt.date) -> Intake:
    by_status: dict[tuple[str, str], int] = defaultdict(int)
    fees: dict[str, list] = {
        status: [0, Decimal(0)] for status in (Application.Fee.DUE, Application.Fee.PAID, Application.Fee.WAIVED)
    }
    for row in counts:
        by_status[(row["role"], row["status"])] += row["n"]
        nonmember = row["membership"] == Application.Membership.NONMEMBER
        if nonmember and row["status"] in LIVE and row["fee_status"] in fees:
            fees[row["fee_status"]][0] += row["n"]
            fees[row["fee_status"]][1] += row["amount"] or 0
    statuses = [
        StatusRow(status, label, by_status[("mentor", status)], by_status[("mentee", status)])
        for status, label in Status.choices
    ]
    days, after_deadline = _days(program, counts, today)
    undated = sum(row["n"] for row in counts if row["status"] in LIVE and row["day"] is None)
    return Intake(
        statuses=statuses,
        mentors=sum(r.mentors for r in statuses),
        mentees=sum(r.mentees for r in statuses),
        days=days,
        after_deadline=after_deadline,
        undated=undated,
        fees=[FeeRow(s, Application.Fee(s).label, n, amount) for s, (n, amount) in fees.items()],
        areas=_areas(program),
    )


def _days(program: Program, counts: list[dict], today: dt.date) -> tuple[list[DayRow], int]:
    """Submissions per day (program time zone), from the opening (or first submission) to the deadline."""
    per_day: dict[dt.date, dict[str, int]] = defaultdict(lambda: {"mentor": 0, "mentee": 0})
    for row in counts:
        if row["day"] is not None:
            per_day[row["day"]][row["role"]] += row["n"]
    last_day = program.deadline or today  # an always-open program: up to today, nothing after its deadline
    first = min(per_day, default=last_day)
    start = min(program.opens_on or first, first)
    end = min(last_day, max(today, start))
    after = sum(sum(v.values()) for day, v in per_day.items() if day > last_day)
    days, mentors, mentees = [], 0, 0
    day = start
    while day <= end:
        counts = per_day.get(day, {"mentor": 0, "mentee": 0})
        mentors, mentees = mentors + counts["mentor"], mentees + counts["mentee"]
        days.append(DayRow(day, counts["mentor"], counts["mentee"], mentors, mentees))
        day += dt.timedelta(days=1)
    return days, after


class JoinedText(Aggregate):
    """STRING_AGG(text, ' '): a group's texts joined by a space, in the database (PostgreSQL; SQLite since 3.44)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ' ')"
    output_field = TextField()


def _areas_query(program_id: int) -> QuerySet:
    return (
        Application.objects.filter(program=program_id, status__in=LIVE)
        .order_by()
        .values("role")
        .annotate(text=JoinedText(Cast("expertise", TextField())))
        .values_list("role", "text")
    )


_AREAS = PreparedQuery("dash_areas", _areas_query, program_id=PROGRAM)


def _areas(program: Program) -> list[AreaRow]:
    """Mentors strong in each area against mentees wanting it: one query, counted here. Each role's lists are read
    as their JSON text, joined by the database (one row a role, not one an application: reading four thousand rows
    cost more than counting), and their quoted values counted in one pass of a regular expression: no JSON is parsed
    and no area is looked for in each list in turn (parsing was most of the page's time with a few thousand
    applications; nineteen searches a list, half of it). An application's list holds an area once (the forms and the
    import keep each once)."""
    texts = dict(_AREAS.rows(program_id=program.pk))
    counts = {role: Counter(QUOTED.findall(texts.get(role) or "")) for role in Application.Role.values}
    return [
        AreaRow(value, label, counts[Application.Role.MENTOR][value], counts[Application.Role.MENTEE][value])
        for value, label in Expertise.choices
    ]


class TotalOver(Func):
    """SUM(expression) OVER (): the total of a grouped query's column over all its rows (after HAVING), beside each
    row. Django's Window refuses an aggregate inside Sum; SQL (PostgreSQL, SQLite) takes it."""

    template = "SUM(%(expressions)s) OVER ()"
    contains_aggregate = False  # like Window: computed after the grouping, never grouped by
    contains_over_clause = True

    def get_group_by_cols(self) -> list:
        return []


def _mentors_query(program_id: int, max_mentees: int) -> QuerySet:
    return (
        Application.objects.filter(program=program_id, role=Application.Role.MENTOR, status=Status.APPROVED)
        .annotate(
            places=Least(Coalesce(NullIf("capacity", Value(0)), Value(1)), Value(max_mentees)),
            # matching.selectors.active_pairings without DISTINCT: the only other join (the applicant) is one to one
            active=Count("pairings_as_mentor", filter=Q(pairings_as_mentor__status=Pairing.Status.ACTIVE)),
        )
        .annotate(room=F("places") - F("active"))
        .filter(room__gt=0)
        .annotate(mentors=Window(Count("pk")), spare=TotalOver("room"))
        .order_by("applicant__full_name", "pk")
        .values_list("pk", "applicant__full_name", "places", "active", "mentors", "spare")[:MENTORS_SHOWN]
    )


# A program's limit of mentees per mentor is at least 1: no program's is -7.
_MENTORS = PreparedQuery("dash_mentors_with_room", _mentors_query, program_id=PROGRAM, max_mentees=-7_919_471)


def mentors_with_room(program: Program) -> MentorsWithRoom:
    """The approved mentors with a place free (program.mentor_places less their active pairings): how many, their free
    places together, and the first MENTORS_SHOWN by name. One query returning those rows, whatever the number of
    mentors: places, room and the two totals worked out by the database (no row built for the mentors not shown)."""
    rows = _MENTORS.rows(program_id=program.pk, max_mentees=program.mentor_max_mentees)
    return MentorsWithRoom(
        count=rows[0][4] if rows else 0,
        spare_places=rows[0][5] if rows else 0,
        shown=[MentorRoom(pk, name, places, active) for pk, name, places, active, *_ in rows],
    )


def matching_figures(counts: list[dict], pairs: list[PairRow], mentors: MentorsWithRoom) -> Matching:
    def mentees(status: str) -> int:
        return sum(r["n"] for r in counts if r["role"] == "mentee" and r["status"] == status)

    matched = {p.mentee_application_id for p in pairs if p.status != Pairing.Status.ENDED and p.mentee_approved}
    scores = [p.score for p in pairs if p.score is not None]
    bins = [0] * SCORE_BINS
    for score in scores:
        # Rounded first: 0.7 * 10 is 7.000000000000001, and 0.3 lands in the 0.3 band, not below it.
        bins[max(0, min(int(round(score * SCORE_BINS, 9)), SCORE_BINS - 1))] += 1
    return Matching(
        approved_mentees=mentees(Status.APPROVED),
        matched=len(matched),
        waitlisted=mentees(Status.WAITLISTED),
        awaiting_decision=mentees(Status.SUBMITTED) + mentees(Status.UNDER_REVIEW),
        score_bins=[ScoreBin(i / SCORE_BINS, (i + 1) / SCORE_BINS, n) for i, n in enumerate(bins)],
        mean_score=sum(scores) / len(scores) if scores else None,
        mentors_with_room=mentors,
        unscored_pairs=len(pairs) - len(scores),
    )
