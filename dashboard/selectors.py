"""The figures of the chair's program dashboard: one call, a fixed number of aggregate queries.

`program_dashboard` reads everything the page, the exports and the board's report show, in 12 queries
whatever the program's size (grouped counts and one row per pairing or approved mentor, never a query per row).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from agreements import schedule
from agreements.models import CheckIn, EventAttendance, PulseResponse, Signature
from applications.models import Application, Program
from applications.policy import (
    FIRST_CHECKIN_AFTER_DAYS,
    LOW_PULSE_SCORE,
    QUIET_AFTER_PERIODS,
    UNSIGNED_CHAIR_AFTER_DAYS,
    agreed_frequency,
)
from applications.vocabulary import Expertise
from dashboard.figures import (
    ActionGroup,
    ActionItem,
    Adherence,
    AreaRow,
    Dashboard,
    DayRow,
    EndedPair,
    FeeRow,
    Intake,
    Matching,
    MentorRoom,
    PairRow,
    Relationships,
    ScoreBin,
    StatusRow,
)
from matching.models import GalleryRequest, Pairing
from matching.selectors import active_pairings
from notifications.models import Notice
from notifications.services import kind_label

Status = Application.Status
# Applications still in the running: what intake figures (fees, expertise) count.
LIVE = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPROVED, Status.WAITLISTED)

ITEMS_PER_ACTION = 5
SCORE_BINS = 10


# ---- Reading it ------------------------------------------------------------------------------------------------


def program_dashboard(program: Program, *, now: dt.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = _application_counts(program)
    intake = _intake(program, counts, today)
    pairs = _pair_rows(program, today)
    mentors = _mentors_with_room(program)
    matching = _matching(counts, pairs, mentors)
    relationships = _relationships(program, pairs)
    dashboard = Dashboard(program, now, today, intake, matching, relationships, pairs)
    dashboard.actions = _actions(program, pairs, mentors, now, today)
    return dashboard


def _application_counts(program: Program) -> list[dict]:
    return list(
        Application.objects.filter(program=program)
        .order_by()
        .values("role", "status", "membership", "fee_status")
        .annotate(n=Count("pk"), amount=Sum("fee_amount"), dated=Count("pk", filter=Q(submitted_at__isnull=False)))
    )


def _intake(program: Program, counts: list[dict], today: dt.date) -> Intake:
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
    days, after_deadline = _days(program, today)
    undated = sum(row["n"] - row["dated"] for row in counts if row["status"] in LIVE)
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


def _days(program: Program, today: dt.date) -> tuple[list[DayRow], int]:
    """Submissions per day (program time zone), from the opening (or first submission) to the deadline."""
    rows = (
        Application.objects.filter(program=program, submitted_at__isnull=False)
        .order_by()
        .annotate(day=TruncDate("submitted_at", tzinfo=program.time_zone))
        .values("day", "role")
        .annotate(n=Count("pk"))
    )
    per_day: dict[dt.date, dict[str, int]] = defaultdict(lambda: {"mentor": 0, "mentee": 0})
    for row in rows:
        per_day[row["day"]][row["role"]] += row["n"]
    first = min(per_day, default=program.deadline)
    start = min(program.opens_on or first, first)
    end = min(program.deadline, max(today, start))
    after = sum(sum(v.values()) for day, v in per_day.items() if day > program.deadline)
    days, mentors, mentees = [], 0, 0
    day = start
    while day <= end:
        counts = per_day.get(day, {"mentor": 0, "mentee": 0})
        mentors, mentees = mentors + counts["mentor"], mentees + counts["mentee"]
        days.append(DayRow(day, counts["mentor"], counts["mentee"], mentors, mentees))
        day += dt.timedelta(days=1)
    return days, after


def _areas(program: Program) -> list[AreaRow]:
    """Mentors strong in each area against mentees wanting it: one query, counted here (JSON lists are portable
    across databases; counting a thousand short lists costs less than 38 filtered aggregates)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    rows = Application.objects.filter(program=program, status__in=LIVE).order_by().values_list("role", "expertise")
    for role, areas in rows:
        for area in set(areas or ()):
            counts[(role, area)] += 1
    return [
        AreaRow(value, label, counts[(Application.Role.MENTOR, value)], counts[(Application.Role.MENTEE, value)])
        for value, label in Expertise.choices
    ]


def _mentors_with_room(program: Program) -> list[MentorRoom]:
    rows = (
        Application.objects.filter(program=program, role=Application.Role.MENTOR, status=Status.APPROVED)
        .order_by("applicant__full_name", "pk")
        .values("pk", "applicant__full_name", "capacity")
        .annotate(active=active_pairings("pairings_as_mentor"))
    )
    mentors = [
        MentorRoom(
            row["pk"],
            row["applicant__full_name"],
            program.mentor_places(row["capacity"]),
            row["active"],
        )
        for row in rows
    ]
    return [m for m in mentors if m.room > 0]


def _matching(counts: list[dict], pairs: list[PairRow], mentors: list[MentorRoom]) -> Matching:
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
    )


# ---- Pairs -----------------------------------------------------------------------------------------------------


def _pair_rows(program: Program, today: dt.date) -> list[PairRow]:
    """Every pairing of the program with its agreement, check-ins, signatures and events: five queries."""
    checkins = {
        row["pairing_id"]: row
        for row in CheckIn.objects.filter(pairing__program=program)
        .order_by()
        .values("pairing_id")
        .annotate(last=Max("date"), n=Count("pk"))
    }
    signatures = dict(
        Signature.objects.filter(agreement__pairing__program=program, voided_at__isnull=True)
        .order_by()
        .values("agreement__pairing_id")
        .annotate(n=Count("pk"))
        .values_list("agreement__pairing_id", "n")
    )
    events: dict[tuple[int, str], dict] = {
        (row["pairing_id"], row["kind"]): row
        for row in EventAttendance.objects.filter(pairing__program=program)
        .order_by()
        .values("pairing_id", "kind")
        .annotate(n=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)))
    }
    rows = (
        Pairing.objects.filter(program=program)
        .order_by("started_on", "pk")
        .values(
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
        )
    )
    pairs = []
    for row in rows:
        pair = _pair_row(program, row, checkins.get(row["pk"], {}), signatures.get(row["pk"], 0))
        for kind, logged, confirmed in (
            ("regional", "regional_logged", "regional_events"),
            ("signature", "signature_logged", "signature_events"),
        ):
            found = events.get((row["pk"], kind), {})
            setattr(pair, logged, found.get("n", 0))
            setattr(pair, confirmed, found.get("confirmed", 0))
        _judge_adherence(pair, today)
        pairs.append(pair)
    return pairs


def _pair_row(program: Program, row: dict, checkins: dict, signatures: int) -> PairRow:
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
        checkins=checkins.get("n", 0),
        last_checkin=checkins.get("last"),
        mentee_application_id=row["mentee_application_id"],
        mentee_approved=row["mentee_application__status"] == Status.APPROVED,
        ended_at=row["ended_at"],
        ended_by_mentor=row["ended_by_id"] == row["mentor_id"],
        end_reason=row["end_reason"],
    )


def adherence_of(
    *, started_on: dt.date, last_checkin: dt.date | None, frequency: str, today: dt.date
) -> tuple[str, dt.date, int]:
    """(adherence, next check-in due, whole periods missed) of an active pair on `today`."""
    months = schedule.frequency_months(frequency)
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


def _judge_adherence(pair: PairRow, today: dt.date) -> None:
    if pair.status == Pairing.Status.ENDED and pair.ended_at:
        end = timezone.localdate(pair.ended_at)
    else:
        end = min(today, pair.ends_on)
    months = schedule.frequency_months(pair.frequency)
    pair.periods = schedule.missed_periods(started_on=pair.started_on, last_checkin=None, months=months, today=end)
    if pair.status != Pairing.Status.ACTIVE:
        return
    pair.adherence, pair.next_due, pair.missed = adherence_of(
        started_on=pair.started_on, last_checkin=pair.last_checkin, frequency=pair.frequency, today=today
    )


def _relationships(program: Program, pairs: list[PairRow]) -> Relationships:
    active = [p for p in pairs if p.status == Pairing.Status.ACTIVE]
    kept = [p for p in pairs if p.status != Pairing.Status.ENDED]
    ended = [p for p in pairs if p.status == Pairing.Status.ENDED]
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
        executed=sum(bool(p.executed_at) for p in kept),
        one_signature=sum(not p.executed_at and p.signatures == 1 for p in kept),
        unsigned=sum(not p.executed_at and p.signatures != 1 for p in kept),
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


# ---- What needs the chair now ----------------------------------------------------------------------------------


def _admin(name: str, *args: object) -> str:
    return reverse(f"admin:{name}", args=args)


def _age(since: dt.date, today: dt.date) -> int:
    return max(0, (today - since).days)


def _group(key: str, title: str, items: list[ActionItem], more_url: str = "") -> ActionGroup:
    items = sorted(items, key=lambda item: (-item.age_days, item.title))
    return ActionGroup(
        key, title, items[:ITEMS_PER_ACTION], len(items), more_url if len(items) > ITEMS_PER_ACTION else ""
    )


def _pair_item(pair: PairRow, detail: str, since: dt.date, today: dt.date) -> ActionItem:
    return ActionItem(
        title=f"{pair.mentor} and {pair.mentee}",
        detail=detail,
        since=since,
        age_days=_age(since, today),
        url=_admin("matching_pairing_change", pair.pk),
        button="Open the pairing",
    )


def _actions(
    program: Program, pairs: list[PairRow], mentors: list[MentorRoom], now: dt.datetime, today: dt.date
) -> list[ActionGroup]:
    active = [p for p in pairs if p.status == Pairing.Status.ACTIVE]
    pairings_url = _admin("matching_pairing_changelist") + f"?program__id__exact={program.pk}&status__exact=active"
    unsigned = [
        _pair_item(
            p,
            f"{p.agreement_label}; paired {timezone.localdate(p.created_at):%b %-d}.",
            timezone.localdate(p.created_at),
            today,
        )
        for p in active
        if not p.executed_at and p.created_at <= now - dt.timedelta(days=UNSIGNED_CHAIR_AFTER_DAYS)
    ]
    quiet = [
        _pair_item(
            p,
            f"{p.frequency_label} pair; no check-in since {(p.last_checkin or p.started_on):%b %-d} "
            f"({p.missed} periods missed).",
            p.last_checkin or p.started_on,
            today,
        )
        for p in active
        if p.adherence == Adherence.QUIET
    ]
    no_first = [
        _pair_item(p, f"No check-in logged since the pairing started on {p.started_on:%b %-d}.", p.started_on, today)
        for p in active
        if not p.checkins
        and p.adherence != Adherence.QUIET
        and p.started_on <= today - dt.timedelta(days=FIRST_CHECKIN_AFTER_DAYS)
    ]
    return [
        _group("unsigned", f"Agreements unsigned after {UNSIGNED_CHAIR_AFTER_DAYS} days", unsigned, pairings_url),
        _group(
            "gallery",
            "Gallery requests unanswered past the window",
            _gallery_items(program, now, today),
            _admin("matching_galleryrequest_changelist") + f"?program__id__exact={program.pk}&status__exact=expired",
        ),
        _group(
            "first_checkin", f"No first check-in {FIRST_CHECKIN_AFTER_DAYS} days after pairing", no_first, pairings_url
        ),
        _group("quiet", f"Pairs quiet for {QUIET_AFTER_PERIODS} of their agreed periods", quiet, pairings_url),
        _group(
            "pulse",
            f"Low pulse scores (≤ {LOW_PULSE_SCORE} of 5)",
            _pulse_items(program, active, today),
            _admin("agreements_pulseresponse_changelist") + f"?pairing__program__id__exact={program.pk}&o=4",
        ),
        *_application_groups(program, mentors, today),
        _group(
            "emails",
            "Emails the mail server refused for 3 days",
            _failed_email_items(program, today),
            _admin("notifications_notice_changelist") + f"?program__id__exact={program.pk}&status__exact=gave_up",
        ),
    ]


def _failed_email_items(program: Program, today: dt.date) -> list[ActionItem]:
    """Notices the ledger stopped retrying after 72 hours: each with a Send again button."""
    rows = (
        Notice.objects.filter(program=program, status=Notice.Status.GAVE_UP)
        .order_by()
        .values("pk", "kind", "to", "attempts", "last_error", "created_at", "resent_at")
    )
    return [
        ActionItem(
            title=f"{kind_label(row['kind']).capitalize()} to {row['to']}",
            detail=f"Tried {row['attempts']} times since "
            f"{timezone.localtime(row['resent_at'] or row['created_at']):%b %-d, %-I:%M %p}; "
            f"the mail server said: {row['last_error'][:120] or 'nothing'}",
            since=timezone.localdate(row["created_at"]),
            age_days=_age(timezone.localdate(row["created_at"]), today),
            url=reverse("notifications:send_again", args=[row["pk"]]),
            button="Send again",
            post=True,
        )
        for row in rows
    ]


def _gallery_items(program: Program, now: dt.datetime, today: dt.date) -> list[ActionItem]:
    """Requests the mentor let lapse, whose mentee still has no mentor and has asked no one else since."""
    mentee = OuterRef("mentee_application")
    requests = (
        GalleryRequest.objects.filter(program=program, mentee_application__status=Status.APPROVED)
        .filter(Q(status=GalleryRequest.Status.EXPIRED) | Q(status__in=GalleryRequest.OPEN, expires_at__lte=now))
        .exclude(Exists(Pairing.objects.filter(mentee_application=mentee, status=Pairing.Status.ACTIVE)))
        .exclude(
            Exists(
                GalleryRequest.objects.filter(
                    mentee_application=mentee, status__in=GalleryRequest.OPEN, expires_at__gt=now
                )
            )
        )
        .order_by("-expires_at")
        .values(
            "pk",
            "expires_at",
            "mentee_application_id",
            "mentee_application__applicant__full_name",
            "mentor_application__applicant__full_name",
        )
    )
    latest: dict[int, dict] = {}
    for row in requests:
        latest.setdefault(row["mentee_application_id"], row)
    return [
        ActionItem(
            title=row["mentee_application__applicant__full_name"],
            detail=f"Asked {row['mentor_application__applicant__full_name']}; no answer by "
            f"{timezone.localtime(row['expires_at']):%b %-d}. Still without a mentor.",
            since=timezone.localdate(row["expires_at"]),
            age_days=_age(timezone.localdate(row["expires_at"]), today),
            url=_admin("matching_galleryrequest_change", row["pk"]),
            button="Open the request",
        )
        for row in latest.values()
    ]


def _pulse_items(program: Program, active: list[PairRow], today: dt.date) -> list[ActionItem]:
    """Active pairs whose latest pulse round has an answer at or below LOW_PULSE_SCORE."""
    by_pk = {p.pk: p for p in active}
    latest: dict[int, dict] = {}
    rows = (
        PulseResponse.objects.filter(pairing__program=program, pairing__status=Pairing.Status.ACTIVE)
        .order_by()
        .values("pairing_id", "round")
        .annotate(low=Min("score"), at=Max("answered_at", filter=Q(score__lte=LOW_PULSE_SCORE)))
    )
    for row in rows:
        if row["pairing_id"] not in latest or row["round"] > latest[row["pairing_id"]]["round"]:
            latest[row["pairing_id"]] = row
    return [
        _pair_item(
            by_pk[pk],
            f"Lowest answer {row['low']} of 5 in pulse round {row['round'] + 1}.",
            timezone.localdate(row["at"]),
            today,
        )
        for pk, row in latest.items()
        if row["low"] <= LOW_PULSE_SCORE and pk in by_pk
    ]


def _application_groups(program: Program, mentors: list[MentorRoom], today: dt.date) -> list[ActionGroup]:
    rows = (
        Application.objects.filter(program=program)
        .filter(
            Q(role=Application.Role.MENTEE, status=Status.WAITLISTED)
            | Q(fee_status=Application.Fee.DUE, status__in=LIVE)
        )
        .order_by()
        .values(
            "pk",
            "role",
            "status",
            "fee_status",
            "fee_amount",
            "status_changed_at",
            "submitted_at",
            "created_at",
            "applicant__full_name",
        )
    )
    changelist = _admin("applications_application_changelist")
    places = sum(m.room for m in mentors)
    waitlisted, fees = [], []
    for row in rows:
        if row["status"] == Status.WAITLISTED and row["role"] == Application.Role.MENTEE and places:
            since = timezone.localdate(row["status_changed_at"])
            waitlisted.append(
                ActionItem(
                    title=row["applicant__full_name"],
                    detail=f"Waitlisted mentee; {places} mentor place(s) free now.",
                    since=since,
                    age_days=_age(since, today),
                    url=changelist,
                    button="Approve (emails them)",
                    admin_action="approve",
                    object_id=row["pk"],
                )
            )
        if row["fee_status"] == Application.Fee.DUE and row["status"] in LIVE:
            since = timezone.localdate(row["submitted_at"] or row["created_at"])
            fees.append(
                ActionItem(
                    title=row["applicant__full_name"],
                    detail=f"{Application.Role(row['role']).label}, not a member: ${row['fee_amount']} due.",
                    since=since,
                    age_days=_age(since, today),
                    url=changelist,
                    button="Mark the fee paid",
                    admin_action="mark_fee_paid",
                    object_id=row["pk"],
                )
            )
    base = f"{changelist}?program__id__exact={program.pk}"
    return [
        _group(
            "waitlisted",
            "Waitlisted mentees, with a mentor free",
            waitlisted,
            f"{base}&role__exact=mentee&status__exact=waitlisted",
        ),
        _group("fees", "Fees still due", fees, f"{base}&fee_status__exact=due"),
    ]
