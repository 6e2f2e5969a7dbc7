"""What needs the chair now: the dashboard's action groups, each item with its age and a button."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Max, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Program
from applications.policy import (
    FIRST_CHECKIN_AFTER_DAYS,
    LOW_PULSE_SCORE,
    QUIET_AFTER_PERIODS,
    UNSIGNED_CHAIR_AFTER_DAYS,
)
from dashboard.figures import ActionGroup, ActionItem, Adherence, MentorRoom, PairRow
from dashboard.selectors.intake import LIVE
from matching.models import GalleryRequest
from notifications.models import Notice
from notifications.services import kind_label
from pairings.models import Pairing, PulseResponse

Status = Application.Status
ITEMS_PER_ACTION = 5


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
        url=_admin("pairings_pairing_change", pair.pk),
        button="Open the pairing",
    )


def chair_actions(
    program: Program, pairs: list[PairRow], mentors: list[MentorRoom], now: dt.datetime, today: dt.date
) -> list[ActionGroup]:
    active = [p for p in pairs if p.status == Pairing.Status.ACTIVE]
    pairings_url = _admin("pairings_pairing_changelist") + f"?program__id__exact={program.pk}&status__exact=active"
    unsigned = [
        _pair_item(
            p,
            f"{p.agreement_label}; paired {timezone.localdate(p.created_at):%b %-d}.",
            timezone.localdate(p.created_at),
            today,
        )
        for p in active
        if program.requires_agreement
        and not p.executed_at
        and p.created_at <= now - dt.timedelta(days=UNSIGNED_CHAIR_AFTER_DAYS)
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
            _admin("pairings_pulseresponse_changelist") + f"?pairing__program__id__exact={program.pk}&o=4",
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
            detail = f"Waitlisted mentee; {places} mentor place(s) free now."
            since = timezone.localdate(row["status_changed_at"])
            waitlisted.append(_application_item(row, detail, since, today, "Approve (emails them)", "approve"))
        if row["fee_status"] == Application.Fee.DUE and row["status"] in LIVE:
            detail = f"{Application.Role(row['role']).label}, not a member: ${row['fee_amount']} due."
            since = timezone.localdate(row["submitted_at"] or row["created_at"])
            fees.append(_application_item(row, detail, since, today, "Mark the fee paid", "mark_fee_paid"))
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


def _application_item(row: dict, detail: str, since: dt.date, today: dt.date, button: str, action: str) -> ActionItem:
    """An application the chair acts on from the dashboard with one of the changelist's admin actions."""
    return ActionItem(
        title=row["applicant__full_name"],
        detail=detail,
        since=since,
        age_days=_age(since, today),
        url=_admin("applications_application_changelist"),
        button=button,
        admin_action=action,
        object_id=row["pk"],
    )
