"""The dashboard's pairs: each pairing with its agreement, check-ins, signatures and events, and how it keeps pace."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from agreements.models import Signature
from applications.models import Application, Program
from applications.policy import QUIET_AFTER_PERIODS, agreed_frequency
from dashboard.figures import Adherence, EndedPair, PairRow, Relationships
from dashboard.selectors.stand_ins import PROGRAM
from events.requirement import program_attendance_rows
from mentorship.prepared import PreparedQuery
from pairings import schedule
from pairings.groups import checkin_days_per_pairing, checkins_per_pairing
from pairings.models import CheckIn, Pairing

Status = Application.Status


PAIR_COLUMNS = (
    "pk",
    "status",
    "source",
    "score",
    "created_at",
    "started_on",
    "ends_on",
    "ended_at",
    "ended_by_id",
    "mentor_id",
    "end_reason",
    "mentor__full_name",
    "mentee__full_name",
    "mentor__email",
    "mentee__email",
    "mentee_application_id",
    "mentee_application__status",
    "mentee_application__frequency",
    "agreement__frequency",
    "agreement__executed_at",
    "mentee_id",
    "group_id",
    "group__name",
    "group__agreement__pairing_id",
    "group__agreement__frequency",
    "group__agreement__executed_at",
)


def _pairings_query(program_id: int) -> QuerySet:
    return Pairing.objects.filter(program=program_id).order_by("started_on", "pk").values_list(*PAIR_COLUMNS)


def _checkins_query(program_id: int) -> QuerySet:
    """Check-ins by (pairing, group): the last date, how many, and their days (whether every agreed period has one)."""
    return (
        CheckIn.objects.filter(pairing__program=program_id)
        .order_by()
        .values_list("pairing_id", "group_id")
        .annotate(last=Max("date"), n=Count("pk"), days=ArrayAgg("date", distinct=True))
    )


def _signers_query(program_id: int) -> QuerySet:
    return Signature.objects.filter(agreement__pairing__program=program_id, voided_at__isnull=True).values_list(
        "agreement__pairing_id", "signer_id"
    )


_PAIRINGS = PreparedQuery("dash_pairings", _pairings_query, program_id=PROGRAM)
_CHECKINS = PreparedQuery("dash_checkins", _checkins_query, program_id=PROGRAM)
_SIGNERS = PreparedQuery("dash_signers", _signers_query, program_id=PROGRAM)


def pair_rows(program: Program, today: dt.date) -> list[PairRow]:
    """Every pairing of the program with its agreement, check-ins, signatures and events: five queries. A group's
    member reads the group's agreement (kept on the group's first pairing) and its check-ins (pairings.groups)."""
    signers: dict[int, set[int]] = {}  # the pairing an agreement is kept on -> who signed it (valid signatures)
    for pairing_id, signer_id in _SIGNERS.rows(program_id=program.pk):
        signers.setdefault(pairing_id, set()).add(signer_id)
    # Events attended (the calendar) and logged (confirmed or not), in the one query: events.requirement.
    events: dict[tuple[int, str], dict] = {}
    for attended in program_attendance_rows(program.pk):
        found = events.setdefault((attended.pairing_id, attended.kind), {"n": 0, "confirmed": 0})
        found["n"] += 1
        found["confirmed"] += attended.counted
    rows = [dict(zip(PAIR_COLUMNS, row, strict=True)) for row in _PAIRINGS.rows(program_id=program.pk)]
    checkin_rows = _CHECKINS.rows(program_id=program.pk)
    group_of = {row["pk"]: row["group_id"] for row in rows}
    checkins = checkins_per_pairing([row[:4] for row in checkin_rows], group_of)
    days = checkin_days_per_pairing([(pairing, group, found) for pairing, group, *_, found in checkin_rows], group_of)
    parties = _parties(rows)
    pairs = []
    for row in rows:
        if row["group_id"] is not None:  # the group's agreement, wherever it is kept
            anchor = row["group__agreement__pairing_id"]
            row["agreement__frequency"] = row["group__agreement__frequency"]
            row["agreement__executed_at"] = row["group__agreement__executed_at"]
        else:
            anchor = row["pk"]
        party = parties[row["group_id"] or -row["pk"]]
        pair = _pair_row(program, row, checkins.get(row["pk"], (None, 0)), len(signers.get(anchor, set()) & party))
        pair.signers = len(party)
        pair.group_id, pair.group_name = row["group_id"], row["group__name"] or ""
        for kind, logged, confirmed in (
            ("regional", "regional_logged", "regional_events"),
            ("signature", "signature_logged", "signature_events"),
        ):
            found = events.get((row["pk"], kind), {})
            setattr(pair, logged, found.get("n", 0))
            setattr(pair, confirmed, found.get("confirmed", 0))
        _judge_adherence(pair, today, days.get(row["pk"], set()))
        pairs.append(pair)
    return pairs


def _parties(rows: list[dict]) -> dict[int, set[int]]:
    """Who signs each agreement: a pair's two partners (keyed -pairing), a group's mentor and active mentees (keyed
    by the group). A mentee who left the group no longer signs (agreements.models.Agreement.member_pairings)."""
    parties: dict[int, set[int]] = {}
    for row in rows:
        if row["group_id"] is None:
            parties[-row["pk"]] = {row["mentor_id"], row["mentee_id"]}
            continue
        party = parties.setdefault(row["group_id"], {row["mentor_id"]})
        if row["status"] == Pairing.Status.ACTIVE:
            party.add(row["mentee_id"])
    return parties


def _pair_row(program: Program, row: dict, checkins: tuple[dt.date | None, int], signatures: int) -> PairRow:
    frequency = agreed_frequency(
        agreed=row["agreement__frequency"] or "",
        wished=row["mentee_application__frequency"],
        recommended=program.recommended_frequency,
    )
    return PairRow(
        pk=row["pk"],
        mentor=row["mentor__full_name"],
        mentee=row["mentee__full_name"],
        mentor_email=row["mentor__email"],
        mentee_email=row["mentee__email"],
        status=row["status"],
        source=row["source"],
        score=row["score"],
        created_at=row["created_at"],
        started_on=row["started_on"],
        ends_on=row["ends_on"],
        frequency=frequency,
        executed_at=row["agreement__executed_at"],
        signatures=signatures,
        checkins=checkins[1],
        last_checkin=checkins[0],
        mentee_application_id=row["mentee_application_id"],
        mentee_approved=row["mentee_application__status"] == Status.APPROVED,
        ended_at=row["ended_at"],
        ended_by_mentor=row["ended_by_id"] == row["mentor_id"],
        end_reason=row["end_reason"],
    )


@lru_cache(maxsize=64)
def _months(frequency: str) -> int:
    """schedule.frequency_months once per frequency, not twice per pair: it lists the Frequency values each call."""
    return schedule.frequency_months(frequency)


def adherence_of(
    *, started_on: dt.date, last_checkin: dt.date | None, frequency: str, today: dt.date
) -> tuple[str, dt.date, int]:
    """(adherence, next check-in due, whole periods missed) of an active pair on `today`."""
    months = _months(frequency)
    due = schedule.next_checkin_due(started_on=started_on, last_checkin=last_checkin, months=months)
    if started_on > today:
        return Adherence.NOT_STARTED, due, 0
    missed = schedule.missed_periods(started_on=started_on, last_checkin=last_checkin, months=months, today=today)
    if missed >= QUIET_AFTER_PERIODS:
        return Adherence.QUIET, due, missed
    if today > due:
        return Adherence.OVERDUE, due, missed
    if today >= due - dt.timedelta(days=schedule.DUE_SOON_DAYS):
        return Adherence.DUE, due, missed
    return Adherence.ON_TRACK, due, missed


def _judge_adherence(pair: PairRow, today: dt.date, days: set[dt.date]) -> None:
    if pair.status == Pairing.Status.ENDED and pair.ended_at:
        end = timezone.localdate(pair.ended_at)
    else:
        end = min(today, pair.ends_on)
    months = _months(pair.frequency)
    pair.periods = _period_of(pair.started_on, end, months)
    pair.kept_pace = _kept_pace(pair.started_on, pair.periods, days, months)
    if pair.status != Pairing.Status.ACTIVE:
        return
    pair.adherence, pair.next_due, pair.missed = adherence_of(
        started_on=pair.started_on, last_checkin=pair.last_checkin, frequency=pair.frequency, today=today
    )


def _period_of(started_on: dt.date, day: dt.date, months: int) -> int:
    """Which agreed period `day` falls in, counted from 0 at the start: the whole periods gone by from the start to
    it (a day before the start is in the first)."""
    return schedule.missed_periods(started_on=started_on, last_checkin=None, months=months, today=day)


def _kept_pace(started_on: dt.date, periods: int, days: set[dt.date], months: int) -> bool:
    """Every one of the `periods` agreed periods gone by has a check-in: two check-ins in the last week do not make up
    for a month without one."""
    if len(days) < periods:
        return False
    covered = {_period_of(started_on, day, months) for day in days}
    return all(period in covered for period in range(periods))


def by_agreement(pairs: list[PairRow]) -> list[list[PairRow]]:
    """`pairs` by the agreement each works under: a pair alone, a group's members together (they share one agreement
    and the check-ins they log together), in the order of their first."""
    members: dict[int, list[PairRow]] = {}
    for pair in pairs:
        members.setdefault(pair.agreement_key, []).append(pair)
    return list(members.values())


def relationship_figures(program: Program, pairs: list[PairRow]) -> Relationships:
    active = [p for p in pairs if p.status == Pairing.Status.ACTIVE]
    kept = [p for p in pairs if p.status != Pairing.Status.ENDED]
    ended = [p for p in pairs if p.status == Pairing.Status.ENDED]
    agreements = [members[0] for members in by_agreement(kept)]  # a group's one agreement counted once
    met = awaiting = missing = 0
    for pair in kept if program.has_event_requirement else []:
        if _events_met(program, pair.regional_events, pair.signature_events):
            met += 1
        elif _events_met(program, pair.regional_logged, pair.signature_logged):
            awaiting += 1
        else:
            missing += 1
    order = (Adherence.ON_TRACK, Adherence.DUE, Adherence.OVERDUE, Adherence.QUIET, Adherence.NOT_STARTED)
    return Relationships(
        active=len(active),
        completed=sum(p.status == Pairing.Status.COMPLETED for p in pairs),
        ended_count=len(ended),
        executed=sum(bool(p.executed_at) for p in agreements),
        one_signature=sum(not p.executed_at and p.signatures > 0 for p in agreements),
        unsigned=sum(not p.executed_at and p.signatures == 0 for p in agreements),
        adherence=[(key, Adherence.LABELS[key], sum(p.adherence == key for p in active)) for key in order],
        pairs=active,
        ended=[
            EndedPair(p.pk, p.mentor, p.mentee, p.ended_at, "mentor" if p.ended_by_mentor else "mentee", p.end_reason)
            for p in sorted(ended, key=lambda p: p.ended_at or p.created_at)
        ],
        kept_pace=sum(p.kept_pace for p in kept),
        events_required=program.has_event_requirement,
        events_met=met,
        events_awaiting_confirmation=awaiting,
        events_missing=missing,
    )


def _events_met(program: Program, regional: int, signature: int) -> bool:
    return regional >= program.required_regional_events and signature >= program.required_signature_events
