"""What needs the chair now: the dashboard's action groups, each item with its age and a button."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable
from functools import partial

from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import Collate, TruncDate
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Program
from applications.policy import (
    FIRST_CHECKIN_AFTER_DAYS,
    LOW_PULSE_SCORE,
    QUIET_AFTER_PERIODS,
    UNSIGNED_CHAIR_AFTER_DAYS,
)
from dashboard.figures import ActionGroup, ActionItem, Adherence, MentorsWithRoom, PairRow
from dashboard.selectors.intake import LIVE
from dashboard.selectors.pairs import by_agreement
from dashboard.selectors.stand_ins import NOW, PROGRAM, TODAY
from matching.models import GalleryRequest
from mentorship.prepared import PreparedQuery
from notifications.models import Notice
from notifications.services import kind_label
from pairings.models import Pairing, PulseResponse

Status = Application.Status
ITEMS_PER_ACTION = 5
# An item before it is built: (days waiting, title, what builds it). A group can hold a thousand (lapsed requests,
# fees due); the page shows the ITEMS_PER_ACTION longest waiting, so only those are built (links, sentences).
Draft = tuple[int, str, Callable[[], ActionItem]]


def _admin(name: str, *args: object) -> str:
    return reverse(f"admin:{name}", args=args)


def _age(since: dt.date, today: dt.date) -> int:
    return max(0, (today - since).days)


def _local_date(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """timezone.localdate with the zone looked up once per page, not once per row."""
    return moment.astimezone(zone).date()


def _group(key: str, title: str, drafts: list[Draft], more_url: str = "", *, total: int | None = None) -> ActionGroup:
    """The ITEMS_PER_ACTION longest waiting of `drafts` built, of `total` (default: all the drafts; given when the
    database already picked the drafts shown)."""
    shown = heapq.nsmallest(ITEMS_PER_ACTION, drafts, key=lambda draft: (-draft[0], draft[1]))  # stable, as sorted()
    total = len(drafts) if total is None else total
    more = more_url if total > ITEMS_PER_ACTION else ""
    return ActionGroup(key, title, [build() for *_, build in shown], total, more)


def _draft(title: str, since: dt.date, today: dt.date, build: Callable[..., ActionItem], *args: object) -> Draft:
    """The draft of an item titled `title`, waiting since `since`: `build(title, since, age_days, *args)` if shown."""
    age = _age(since, today)
    return age, title, partial(build, title, since, age, *args)


def _pair_item(title: str, since: dt.date, age: int, pk: int, detail: str) -> ActionItem:
    url = _admin("pairings_pairing_change", pk)
    return ActionItem(title=title, detail=detail, since=since, age_days=age, url=url, button="Open the pairing")


def _pair_draft(pair: PairRow, detail: str, since: dt.date, today: dt.date) -> Draft:
    return _draft(f"{pair.mentor} and {pair.mentee}", since, today, _pair_item, pair.pk, detail)


def _group_item(title: str, since: dt.date, age: int, pk: int, detail: str) -> ActionItem:
    url = _admin("pairings_mentoringgroup_change", pk)
    return ActionItem(title=title, detail=detail, since=since, age_days=age, url=url, button="Open the group")


def _unit_draft(members: list[PairRow], detail: str, group_detail: str, since: dt.date, today: dt.date) -> Draft:
    """One item for a pair, or for a group's members at once (named after the group and its mentor): they share
    an agreement and the check-ins they log together, so what waits on one waits on the group."""
    first = members[0]
    if first.group_id is None:
        return _pair_draft(first, detail, since, today)
    mentees = f"{len(members)} mentee{'' if len(members) == 1 else 's'}"
    title = f"{first.group_name}: {first.mentor} and {mentees}"
    return _draft(title, since, today, _group_item, first.group_id, group_detail)


def _unsigned_draft(members: list[PairRow], today: dt.date) -> Draft:
    """An agreement not signed by all: a pair's, or a group's once."""
    first, paired = members[0], min(timezone.localdate(p.created_at) for p in members)
    detail = f"{first.agreement_label}; paired {paired:%b %-d}."
    return _unit_draft(members, detail, f"The group's agreement: {detail}", paired, today)


def _quiet_draft(members: list[PairRow], today: dt.date) -> Draft:
    first = members[0]
    since = first.last_checkin or min(p.started_on for p in members)
    detail = f"no check-in since {since:%b %-d} ({first.missed} periods missed)."
    return _unit_draft(members, f"{first.frequency_label} pair; {detail}", f"The group: {detail}", since, today)


def _no_first_draft(members: list[PairRow], today: dt.date) -> Draft:
    started = min(p.started_on for p in members)
    detail = f"No check-in logged since the pairing started on {started:%b %-d}."
    group_detail = f"No check-in logged since the group started on {started:%b %-d}."
    return _unit_draft(members, detail, group_detail, started, today)


def chair_actions(
    program: Program, pairs: list[PairRow], mentors: MentorsWithRoom, now: dt.datetime, today: dt.date
) -> list[ActionGroup]:
    active = [p for p in pairs if p.status == Pairing.Status.ACTIVE]
    pairings_url = _admin("pairings_pairing_changelist") + f"?program__id__exact={program.pk}&status__exact=active"
    unsigned = [
        _unsigned_draft(members, today)
        for members in by_agreement(active)
        if program.requires_agreement
        and not members[0].executed_at
        and min(p.created_at for p in members) <= now - dt.timedelta(days=UNSIGNED_CHAIR_AFTER_DAYS)
    ]
    quiet = [
        _quiet_draft(members, today) for members in by_agreement([p for p in active if p.adherence == Adherence.QUIET])
    ]
    no_first = [
        _no_first_draft(members, today)
        for members in by_agreement(
            [
                p
                for p in active
                if not p.checkins
                and p.adherence != Adherence.QUIET
                and p.started_on <= today - dt.timedelta(days=FIRST_CHECKIN_AFTER_DAYS)
            ]
        )
    ]
    return [
        _group("unsigned", f"Agreements unsigned after {UNSIGNED_CHAIR_AFTER_DAYS} days", unsigned, pairings_url),
        _gallery_group(program, now, today),
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


NOTICE_COLUMNS = ("pk", "kind", "to", "attempts", "last_error", "created_at", "resent_at")


def _notices_query(program_id: int) -> QuerySet:
    return (
        Notice.objects.filter(program=program_id, status=Notice.Status.GAVE_UP).order_by().values_list(*NOTICE_COLUMNS)
    )


_NOTICES = PreparedQuery("dash_notices", _notices_query, program_id=PROGRAM)


def _failed_email_items(program: Program, today: dt.date) -> list[Draft]:
    """Notices the ledger stopped retrying after 72 hours: each with a Send again button."""
    rows = [dict(zip(NOTICE_COLUMNS, row, strict=True)) for row in _NOTICES.rows(program_id=program.pk)]
    zone = timezone.get_current_timezone()
    return [
        _draft(
            f"{kind_label(row['kind']).capitalize()} to {row['to']}",
            _local_date(row["created_at"], zone),
            today,
            _failed_email_item,
            row,
        )
        for row in rows
    ]


def _failed_email_item(title: str, since: dt.date, age: int, row: dict) -> ActionItem:
    return ActionItem(
        title=title,
        detail=f"Tried {row['attempts']} times since "
        f"{timezone.localtime(row['resent_at'] or row['created_at']):%b %-d, %-I:%M %p}; "
        f"the mail server said: {row['last_error'][:120] or 'nothing'}",
        since=since,
        age_days=age,
        url=reverse("notifications:send_again", args=[row["pk"]]),
        button="Send again",
        post=True,
    )


class DaysSince(Func):
    """GREATEST(0, day - earlier): whole days from `earlier` to `day` (two dates), none before it, as `_age`."""

    template = "GREATEST(0, %(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


def _lapsed_query(program_id: int, now: dt.datetime, today: dt.date) -> QuerySet:
    """Each mentee's latest lapsed request (DISTINCT ON), the ITEMS_PER_ACTION shown in the group's order (longest
    waiting, then by the mentee's name in code point order, as Python compares strings, then latest first, the order
    the requests were read in before), with how many there are: five rows, whatever the number of lapsed requests."""
    mentee = OuterRef("mentee_application")
    latest = (
        GalleryRequest.objects.filter(program=program_id, mentee_application__status=Status.APPROVED)
        .filter(Q(status=GalleryRequest.Status.EXPIRED) | Q(status__in=GalleryRequest.OPEN, expires_at__lte=now))
        .exclude(Exists(Pairing.objects.filter(mentee_application=mentee, status=Pairing.Status.ACTIVE)))
        .exclude(
            Exists(
                GalleryRequest.objects.filter(
                    mentee_application=mentee, status__in=GalleryRequest.OPEN, expires_at__gt=now
                )
            )
        )
        .order_by("mentee_application_id", "-expires_at")
        .distinct("mentee_application_id")
        .values("pk")
    )
    return (
        GalleryRequest.objects.filter(pk__in=latest)
        .annotate(
            age=DaysSince(Value(today, output_field=DateField()), TruncDate("expires_at")),
            total=Window(Count("*")),
        )
        .order_by(
            F("age").desc(), Collate("mentee_application__applicant__full_name", "C"), F("expires_at").desc(), "pk"
        )
        .values_list(
            "pk",
            "expires_at",
            "mentee_application__applicant__full_name",
            "mentor_application__applicant__full_name",
            "total",
        )[:ITEMS_PER_ACTION]
    )


_LAPSED = PreparedQuery("dash_lapsed_requests", _lapsed_query, program_id=PROGRAM, now=NOW, today=TODAY)


def _gallery_group(program: Program, now: dt.datetime, today: dt.date) -> ActionGroup:
    """Requests the mentor let lapse, whose mentee still has no mentor and has asked no one else since: the latest
    of each such mentee, counted, the longest waiting shown."""
    rows = _LAPSED.rows(program_id=program.pk, now=now, today=today)
    zone = timezone.get_current_timezone()
    shown = [
        _draft(mentee, _local_date(expires_at, zone), today, _gallery_item, pk, expires_at, mentor)
        for pk, expires_at, mentee, mentor, _ in rows
    ]
    return _group(
        "gallery",
        "Gallery requests unanswered past the window",
        shown,
        _admin("matching_galleryrequest_changelist") + f"?program__id__exact={program.pk}&status__exact=expired",
        total=rows[0][4] if rows else 0,
    )


def _gallery_item(title: str, since: dt.date, age: int, pk: int, expires_at: dt.datetime, mentor: str) -> ActionItem:
    return ActionItem(
        title=title,
        detail=f"Asked {mentor}; no answer by {timezone.localtime(expires_at):%b %-d}. Still without a mentor.",
        since=since,
        age_days=age,
        url=_admin("matching_galleryrequest_change", pk),
        button="Open the request",
    )


PULSE_COLUMNS = ("pairing_id", "round", "low", "at")


def _pulses_query(program_id: int) -> QuerySet:
    return (
        PulseResponse.objects.filter(pairing__program=program_id, pairing__status=Pairing.Status.ACTIVE)
        .order_by()
        .values_list("pairing_id", "round")
        .annotate(low=Min("score"), at=Max("answered_at", filter=Q(score__lte=LOW_PULSE_SCORE)))
    )


_PULSES = PreparedQuery("dash_pulses", _pulses_query, program_id=PROGRAM)


def _pulse_items(program: Program, active: list[PairRow], today: dt.date) -> list[Draft]:
    """Active pairs whose latest pulse round has an answer at or below LOW_PULSE_SCORE."""
    by_pk = {p.pk: p for p in active}
    latest: dict[int, dict] = {}
    rows = [dict(zip(PULSE_COLUMNS, row, strict=True)) for row in _PULSES.rows(program_id=program.pk)]
    for row in rows:
        if row["pairing_id"] not in latest or row["round"] > latest[row["pairing_id"]]["round"]:
            latest[row["pairing_id"]] = row
    return [
        _pair_draft(
            by_pk[pk],
            f"Lowest answer {row['low']} of 5 in pulse round {row['round'] + 1}.",
            timezone.localdate(row["at"]),
            today,
        )
        for pk, row in latest.items()
        if row["low"] <= LOW_PULSE_SCORE and pk in by_pk
    ]


WAITING_COLUMNS = (
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


def _waiting_query(program_id: int) -> QuerySet:
    """Waitlisted mentees and fees due: the applications waiting on the chair."""
    return (
        Application.objects.filter(program=program_id)
        .filter(
            Q(role=Application.Role.MENTEE, status=Status.WAITLISTED)
            | Q(fee_status=Application.Fee.DUE, status__in=LIVE)
        )
        .order_by()
        .values_list(*WAITING_COLUMNS)
    )


_WAITING = PreparedQuery("dash_waiting", _waiting_query, program_id=PROGRAM)


def _application_groups(program: Program, mentors: MentorsWithRoom, today: dt.date) -> list[ActionGroup]:
    """Each waiting application a draft: its age and name worked out per row, its sentence only if shown (a few
    hundred fees can be due; the page shows five)."""
    changelist = _admin("applications_application_changelist")
    places = mentors.spare_places
    zone = timezone.get_current_timezone()
    detail = f"Waitlisted mentee; {places} mentor place(s) free now."
    approve = (detail, changelist, "Approve (emails them)", "approve")
    waitlisted, fees = [], []
    for pk, role, status, fee_status, amount, changed_at, submitted_at, created_at, name in _WAITING.rows(
        program_id=program.pk
    ):
        if status == Status.WAITLISTED and role == Application.Role.MENTEE and places:
            since = _local_date(changed_at, zone)
            waitlisted.append(_draft(name, since, today, _application_item, pk, *approve))
        if fee_status == Application.Fee.DUE and status in LIVE:
            since = _local_date(submitted_at or created_at, zone)
            fees.append(_draft(name, since, today, _fee_item, pk, role, amount, changelist))
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


def _fee_item(title: str, since: dt.date, age: int, pk: int, role: str, amount: object, url: str) -> ActionItem:
    detail = f"{Application.Role(role).label}, not a member: ${amount} due."
    return _application_item(title, since, age, pk, detail, url, "Mark the fee paid", "mark_fee_paid")


def _application_item(
    title: str, since: dt.date, age: int, pk: int, detail: str, url: str, button: str, action: str
) -> ActionItem:
    """An application the chair acts on from the dashboard with one of the changelist's admin actions."""
    return ActionItem(
        title=title, detail=detail, since=since, age_days=age, url=url, button=button, admin_action=action, object_id=pk
    )
