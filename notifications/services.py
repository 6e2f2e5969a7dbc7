"""Sending notices exactly once: the ledger row is written first, under a unique key, and only the
transaction that wrote it queues the email."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notice, OptOut

OPT_OUT_SALT = "notifications.opt-out"

# Every kind a person can stop, in the words the stop page uses.
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


def _pack_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"model": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, dt.date):  # a datetime is a date too; both round-trip through ISO text
        return {"date" if type(value) is dt.date else "datetime": value.isoformat()}
    return value


def _pack(context: dict[str, Any]) -> dict[str, Any]:
    """Models become their label and pk, dates ISO text: the ledger row holds ids, not copies."""
    return {name: _pack_value(value) for name, value in context.items()}


def _unpack_value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"model", "pk"}:
        return apps.get_model(value["model"]).objects.filter(pk=value["pk"]).first()
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
    """One notice a job wants sent: who, which template, and the key that makes it unique."""

    kind: str
    subject: str
    period: str
    to: str
    template: str
    context: dict[str, Any]
    user: Any = None
    program: Any = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.subject}:{self.period}"


def notify_many(specs: Iterable[Spec]) -> list[int]:
    """Record many notices in a few queries whatever their number, and queue the emails of the new ones.

    Keys already in the ledger are skipped by the database itself (ON CONFLICT DO NOTHING), so a second run, or
    a concurrent one, queues nothing already queued. Returns the ids of the notices this call recorded."""
    specs = list({spec.key: spec for spec in specs}.values())
    for spec in specs:
        if spec.kind not in KINDS:
            raise ValueError(f"unknown notice kind {spec.kind!r}")
    if not specs:
        return []
    user_ids = {spec.user.pk for spec in specs if spec.user is not None}
    stopped = set(OptOut.objects.filter(user_id__in=user_ids).values_list("user_id", "kind"))
    now = timezone.now()
    rows = [
        (
            spec.kind,
            spec.key,
            spec.user.pk if spec.user is not None else None,
            spec.to,
            spec.template,
            _pack(spec.context),
            spec.program.pk if spec.program is not None else None,
            Notice.Status.SUPPRESSED
            if spec.user is not None and (spec.user.pk, spec.kind) in stopped
            else Notice.Status.PENDING,
            now,
        )
        for spec in specs
    ]
    created = _insert_new(rows)
    to_send = [pk for pk, status in created if status == Notice.Status.PENDING]
    if to_send:
        from notifications.tasks import send_notice

        transaction.on_commit(lambda: [send_notice.delay(pk) for pk in to_send])
    return [pk for pk, _ in created]


_COLUMNS = ("kind", "key", "user_id", "to", "template", "context", "program_id", "status", "created_at")


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
    """Elsewhere (the SQLite of `make run`): the ORM, and a batch id tells which rows this call inserted."""
    batch = uuid.uuid4()
    Notice.objects.bulk_create(
        [Notice(**dict(zip(_COLUMNS, row, strict=True)), batch=batch) for row in rows], ignore_conflicts=True
    )
    return list(Notice.objects.filter(batch=batch).values_list("pk", "status"))


def notify_once(**fields: Any) -> Notice | None:
    """Record one notice and queue its email, unless its key is already in the ledger. Returns the new notice."""
    created = notify_many([Spec(**fields)])
    return Notice.objects.get(pk=created[0]) if created else None


def opt_out(*, user_id: int, kind: str) -> None:
    OptOut.objects.get_or_create(user_id=user_id, kind=kind)
