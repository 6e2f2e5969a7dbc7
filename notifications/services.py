"""Sending notices exactly once: the ledger row is written first, under a unique key, and only the
transaction that wrote it queues the email."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.urls import reverse

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


def _pack(context: dict[str, models.Model | Any]) -> dict[str, Any]:
    """Models become [label, pk] so the ledger row holds ids, not copies."""
    return {
        name: [value._meta.label_lower, value.pk] if isinstance(value, models.Model) else value
        for name, value in context.items()
    }


def unpack(context: dict[str, Any]) -> dict[str, Any]:
    result = {}
    for name, value in context.items():
        if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and "." in value[0]:
            result[name] = apps.get_model(value[0]).objects.filter(pk=value[1]).first()
        else:
            result[name] = value
    return result


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


def notify_many(specs: Iterable[Spec]) -> list[Notice]:
    """Record many notices in a few queries whatever their number, and queue the emails of those that are new.

    The insert ignores keys already in the ledger; the rows carrying this call's batch id are exactly the ones
    it created, so a second run (or a concurrent one) queues nothing already queued."""
    specs = list({spec.key: spec for spec in specs}.values())
    for spec in specs:
        if spec.kind not in KINDS:
            raise ValueError(f"unknown notice kind {spec.kind!r}")
    if not specs:
        return []
    user_ids = {spec.user.pk for spec in specs if spec.user is not None}
    stopped = set(OptOut.objects.filter(user_id__in=user_ids).values_list("user_id", "kind"))
    batch = uuid.uuid4()
    rows = [
        Notice(
            kind=spec.kind,
            key=spec.key,
            user=spec.user,
            to=spec.to,
            template=spec.template,
            context=_pack(spec.context),
            program=spec.program,
            batch=batch,
            status=Notice.Status.SUPPRESSED
            if spec.user is not None and (spec.user.pk, spec.kind) in stopped
            else Notice.Status.PENDING,
        )
        for spec in specs
    ]
    Notice.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    created = list(Notice.objects.filter(batch=batch))
    to_send = [notice.pk for notice in created if notice.status == Notice.Status.PENDING]
    if to_send:
        from notifications.tasks import send_notice

        transaction.on_commit(lambda: [send_notice.delay(pk) for pk in to_send])
    return created


def notify_once(**fields: Any) -> Notice | None:
    """Record one notice and queue its email, unless its key is already in the ledger. Returns the new notice."""
    created = notify_many([Spec(**fields)])
    return created[0] if created else None


def opt_out(*, user_id: int, kind: str) -> None:
    OptOut.objects.get_or_create(user_id=user_id, kind=kind)
