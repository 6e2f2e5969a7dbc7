"""Every email the product sends goes through the ledger: a Notice row written under a unique key in the same
transaction as the change that causes it, delivered by the retrying Celery task (notifications.tasks)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from celery import signature
from django.apps import apps
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, models, transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notice, OptOut

OPT_OUT_SALT = "notifications.opt-out"

# Reminders and digests: a person can stop each kind with the one-click link at the foot of the email.
KINDS = {
    "deadline_warning": "warnings that an application deadline is near",
    "checkin_due": "check-in reminders",
    "checkin_overdue": "overdue check-in reminders",
    "agreement_unsigned": "reminders to sign your agreement",
    "event_requirement": "event requirement reminders",
    "term_ending": "end-of-term notices",
    "pulse": "pulse questions about how your mentorship is going",
    "chair_digest": "chair summaries and escalations",
}


@dataclass(frozen=True)
class Transactional:
    """An email about something that happened to the person: never stoppable, so it carries no stop link.
    `attach` names a function that, given the notice's unpacked context, returns its attachments at delivery."""

    description: str
    attach: str = ""


TRANSACTIONAL = {
    "application_submitted": Transactional("application received"),
    "application_decision": Transactional("application decision"),
    "pairing_created": Transactional("pairing announcement"),
    "gallery_request_new": Transactional("gallery request to a mentor"),
    "gallery_request_reminder": Transactional("gallery request reminder"),
    "gallery_request_question": Transactional("gallery question to a mentee"),
    "gallery_request_declined": Transactional("gallery request declined"),
    "gallery_request_expired": Transactional("gallery request expired"),
    "agreement_signed": Transactional("agreement signed by the partner"),
    "agreement_signatures_voided": Transactional("agreement signatures voided"),
    "agreement_executed": Transactional(
        "executed agreement (PDF)", attach="agreements.services.executed_agreement_attachments"
    ),
    "group_formed": Transactional("mentoring group formed"),
    "pairing_ended": Transactional("pairing ended"),
    "pairing_ended_chair": Transactional("pairing ended (to the chair)"),
    "pairing_completed": Transactional("term complete, thank you"),
    "rematch_requested": Transactional("new match requested (to the chair)"),
    "chapter_offer_new": Transactional("offer to a student chapter"),
    "chapter_offer_answered": Transactional("student chapter's answer to an offer"),
    "chapter_offer_withdrawn": Transactional("offer to a student chapter withdrawn"),
    "coaching_registered": Transactional("speed coaching registration and schedule link"),
    "event_promoted": Transactional("a seat at an event, off the waitlist"),
}
assert not set(KINDS) & set(TRANSACTIONAL), "a kind is either stoppable or transactional"


def kind_label(kind: str) -> str:
    if kind in TRANSACTIONAL:
        return TRANSACTIONAL[kind].description
    return KINDS.get(kind, kind)


def _pack_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"model": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, list | tuple) and value and all(isinstance(item, models.Model) for item in value):
        return {"model": value[0]._meta.label_lower, "pks": [item.pk for item in value]}
    if isinstance(value, dt.date):  # a datetime is a date too; both round-trip through ISO text
        return {"date" if type(value) is dt.date else "datetime": value.isoformat()}
    return value


def _pack(context: dict[str, Any]) -> dict[str, Any]:
    """Models become their label and pk, dates ISO text: the ledger row holds ids, not copies."""
    return {name: _pack_value(value) for name, value in context.items()}


def _unpack_value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"model", "pk"}:
        return apps.get_model(value["model"]).objects.filter(pk=value["pk"]).first()
    if isinstance(value, dict) and set(value) == {"model", "pks"}:  # in the order recorded; deleted rows left out
        found = apps.get_model(value["model"]).objects.in_bulk(value["pks"])
        return [found[pk] for pk in value["pks"] if pk in found]
    if isinstance(value, dict) and set(value) == {"date"}:
        return dt.date.fromisoformat(value["date"])
    if isinstance(value, dict) and set(value) == {"datetime"}:
        return dt.datetime.fromisoformat(value["datetime"])
    return value


def unpack(context: dict[str, Any]) -> dict[str, Any]:
    return {name: _unpack_value(value) for name, value in context.items()}


def opt_out_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=OPT_OUT_SALT, compress=True)


def read_opt_out_token(token: str) -> tuple[int, str]:
    """Raises signing.BadSignature on a forged or damaged token."""
    data = signing.loads(token, salt=OPT_OUT_SALT)
    return int(data["u"]), str(data["k"])


def opt_out_url(user_id: int, kind: str) -> str:
    return settings.SITE_URL + reverse("notifications:stop", args=[opt_out_token(user_id, kind)])


@dataclass(frozen=True)
class Spec:
    """One email to record: who, which template (the kind's own unless named), and the key that makes it unique:
    `subject` names the thing it is about (pairing:12), `period` the event (mentor, d7, approved:0)."""

    kind: str
    subject: str
    period: str
    to: str
    context: dict[str, Any]
    template: str = ""
    user: Any = None
    program: Any = None
    association: Any = None  # who sends it, when no program does (a chapter offer's association)

    @property
    def sender_id(self) -> int | None:
        """The association the notice is from: the program's host, else the one named."""
        if self.program is not None:
            return self.program.host_id
        return self.association.pk if self.association is not None else None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.subject}:{self.period}"

    @property
    def stoppable(self) -> bool:
        return self.kind in KINDS


def notify_many(specs: Iterable[Spec]) -> list[int]:
    """Record many notices in a few queries whatever their number, and queue the emails of the new ones.

    Call it inside the transaction of the change the emails are about: they are recorded, or lost, with it.
    Keys already in the ledger are skipped by the database itself (ON CONFLICT DO NOTHING), so a second run, a
    double submit or a concurrent one records nothing twice. Returns the ids of the notices this call recorded."""
    specs = list({spec.key: spec for spec in specs}.values())
    for spec in specs:
        if spec.kind not in KINDS and spec.kind not in TRANSACTIONAL:
            raise ValueError(f"unknown notice kind {spec.kind!r}")
    if not specs:
        return []
    user_ids = {spec.user.pk for spec in specs if spec.user is not None and spec.stoppable}
    stopped = set(OptOut.objects.filter(user_id__in=user_ids).values_list("user_id", "kind")) if user_ids else set()
    now = timezone.now()
    rows = [
        (
            spec.kind,
            spec.key,
            spec.user.pk if spec.user is not None else None,
            spec.to,
            spec.template or spec.kind,
            _pack(spec.context),
            spec.program.pk if spec.program is not None else None,
            spec.sender_id,
            Notice.Status.SUPPRESSED
            if spec.user is not None and (spec.user.pk, spec.kind) in stopped
            else Notice.Status.PENDING,
            now,
        )
        for spec in specs
    ]
    created = _insert_new(rows)
    queue_after_commit([pk for pk, status in created if status == Notice.Status.PENDING])
    return [pk for pk, _ in created]


def queue_after_commit(notice_ids: list[int]) -> None:
    """One message to the broker for the lot (a worker fans it out), so a request that records 600 emails does
    not wait on 600 publishes. Robust: with the broker down the change still commits, and the hourly requeue
    sends what is pending."""
    if not notice_ids:
        return
    # By name: tasks.py imports this module, never the reverse (NotificationsConfig.ready registers the task, so
    # the signature finds it, eager in tests included).
    queue = signature("notifications.tasks.queue_notices", args=(notice_ids,))
    transaction.on_commit(queue.delay, robust=True)


_COLUMNS = (
    "kind",
    "key",
    "user_id",
    "to",
    "template",
    "context",
    "program_id",
    "association_id",
    "status",
    "created_at",
)


def _insert_new(rows: list[tuple]) -> list[tuple[int, str]]:
    """Insert the rows whose key is new; return (id, status) of those inserted."""
    if connection.vendor == "postgresql":
        return _insert_new_postgresql(rows)
    return _insert_new_orm(rows)


def _insert_new_postgresql(rows: list[tuple]) -> list[tuple[int, str]]:
    """One statement however many rows: the database skips the keys it already has."""
    from psycopg2.extras import execute_values

    context = _COLUMNS.index("context")
    values = [(*row[:context], json.dumps(row[context]), *row[context + 1 :]) for row in rows]
    columns = ", ".join(f'"{c}"' for c in _COLUMNS)
    sql = (
        f"INSERT INTO {Notice._meta.db_table} ({columns}, attempts, last_error) VALUES %s "  # noqa: S608 -- fixed names
        "ON CONFLICT (key) DO NOTHING RETURNING id, status"
    )
    template = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ", 0, '')"
    with connection.cursor() as cursor:
        inserted = execute_values(cursor.cursor, sql, values, template=template, page_size=len(values), fetch=True)
    return [tuple(row) for row in inserted]


def _insert_new_orm(rows: list[tuple]) -> list[tuple[int, str]]:
    """Without PostgreSQL's ON CONFLICT ... RETURNING (a test runs both): the ORM, and a batch id tells which rows
    this call inserted."""
    batch = uuid.uuid4()
    Notice.objects.bulk_create(
        [Notice(**dict(zip(_COLUMNS, row, strict=True)), batch=batch) for row in rows], ignore_conflicts=True
    )
    return list(Notice.objects.filter(batch=batch).values_list("pk", "status"))


def notify_once(**fields: Any) -> Notice | None:
    """Record one notice and queue its email, unless its key is already in the ledger. Returns the new notice."""
    created = notify_many([Spec(**fields)])
    return Notice.objects.get(pk=created[0]) if created else None


def opt_out(*, user_id: int, kind: str) -> bool:
    """Stop a kind for a person; False when their account no longer exists (nothing left to stop)."""
    from accounts.models import User

    if not User.objects.filter(pk=user_id).exists():
        return False
    try:
        with transaction.atomic():
            OptOut.objects.get_or_create(user_id=user_id, kind=kind)
    except IntegrityError:  # the account was deleted between the check and the insert
        return False
    return True


def notice_send_again(*, notice: Notice, actor: Any) -> bool:
    """The chair sends a notice that failed for good again, with a fresh retry window. Only a notice still failed
    moves (a conditional UPDATE), so a double click or two chairs at once queue it once. False when nothing moved."""
    with transaction.atomic():
        moved = Notice.objects.filter(pk=notice.pk, status=Notice.Status.GAVE_UP).update(
            status=Notice.Status.PENDING,
            attempts=0,
            next_attempt_at=None,
            resent_at=timezone.now(),
            resent_by=actor,
        )
        queue_after_commit([notice.pk] if moved else [])
    return bool(moved)
