"""Daily jobs about applications: deadline warnings to drafts, and the chair's summary when a deadline passes.

Yearly cohorts only: an always-open program or an advisor roster has no deadline to warn about or to pass."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from applications.models import Application, Program
from notifications.services import Spec, notify_many, notify_once

WARN_DAYS = (7, 1)


def _days_left(program: Program, now: dt.datetime) -> int:
    return (program.deadline - now.astimezone(program.time_zone).date()).days


def deadline_notices(now: dt.datetime) -> int:
    """Warn people with unsubmitted drafts 7 days and 1 day before the deadline (program time zone), and send
    the chair a summary once the deadline has passed. Batched: a few queries per program, not per person."""
    sent = 0
    recent = Program.objects.filter(kind=Program.Kind.COHORT, deadline__gte=(now - dt.timedelta(days=7)).date())
    for program in recent:
        days = _days_left(program, now)
        window = next((w for w in WARN_DAYS if 0 <= days <= w and (w == 1 or days > 1)), None)
        if window is not None and program.is_open(now):
            drafts = Application.objects.filter(program=program, status=Application.Status.DRAFT).select_related(
                "applicant"
            )
            sent += len(
                notify_many(
                    Spec(
                        kind="deadline_warning",
                        subject=f"application:{application.pk}",
                        period=f"d{window}",
                        to=application.applicant.email,
                        user=application.applicant,
                        program=program,
                        template="deadline_warning",
                        context={"application": application, "program": program, "days": max(days, 0)},
                    )
                    for application in drafts
                )
            )
        if not program.is_open(now) and now - program.closes_at < dt.timedelta(days=7):
            sent += bool(_chair_summary(program))
    return sent


def _chair_summary(program: Program):
    counts = Counter(Application.objects.filter(program=program).values_list("role", "status"))
    rows = [
        {"role": Application.Role(role).label, "status": Application.Status(status).label, "count": n}
        for (role, status), n in sorted(counts.items())
    ]
    return notify_once(
        kind="chair_digest",
        subject=f"program:{program.pk}",
        period="deadline-passed",
        to=program.chair_email,
        program=program,
        template="deadline_summary",
        context={"program": program, "rows": rows, "total": sum(counts.values())},
    )
