"""The admin's home for a chair: each program they run, the step of its year it is at, and what waits for them,
each with a link to the filtered list or the dashboard. A fixed number of grouped counts, whatever the number of
programs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Program
from applications.policy import UNSIGNED_CHAIR_AFTER_DAYS
from matching.models import MatchRun
from notifications.models import Notice
from pairings.models import Pairing

CURRENT_DAYS = 400  # a program whose deadline is further back than this is last year's: not on the home page


@dataclass
class Wait:
    label: str
    count: int
    url: str


@dataclass
class ProgramStep:
    program: Program
    step: str
    dashboard_url: str
    waits: list[Wait] = field(default_factory=list)


def _per_program(queryset: QuerySet, value: str = "pk") -> dict[int, int]:
    return dict(queryset.values("program").annotate(n=Count(value)).values_list("program", "n"))


def chair_home(programs: QuerySet[Program], *, now: dt.datetime | None = None) -> list[ProgramStep]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    current = programs.filter(Q(deadline__isnull=True) | Q(deadline__gte=today - dt.timedelta(days=CURRENT_DAYS)))
    shown = list(current.select_related("host").order_by("-deadline", "name"))
    ids = [program.pk for program in shown]
    to_review = _per_program(
        Application.objects.filter(
            program__in=ids, status__in=[Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW]
        )
    )
    drafts = dict(
        MatchRun.objects.filter(program__in=ids, status=MatchRun.Status.DRAFT)
        .values("program")
        .annotate(latest=Max("pk"))
        .values_list("program", "latest")
    )
    active = Pairing.objects.filter(program__in=ids, status=Pairing.Status.ACTIVE)
    pairs = _per_program(active)
    # Agreements, not pairings: a group's members work under the group's one agreement (kept on its first pairing,
    # the others have none of their own), counted once, as the dashboard's action list counts it.
    unsigned = dict(
        active.filter(created_at__lte=now - dt.timedelta(days=UNSIGNED_CHAIR_AFTER_DAYS))
        .filter(
            Q(group__isnull=True, agreement__executed_at__isnull=True)
            | Q(group__isnull=False, group__agreement__executed_at__isnull=True)
        )
        .values("program")
        .annotate(n=Count("pk", filter=Q(group__isnull=True)) + Count("group", distinct=True))
        .values_list("program", "n")
    )
    failed = _per_program(Notice.objects.filter(program__in=ids, status=Notice.Status.GAVE_UP))
    applications = reverse("admin:applications_application_changelist")
    steps = []
    for program in shown:
        dashboard = reverse("dashboard:program", args=[program.slug])
        waits = [
            Wait(
                "applications to review",
                to_review.get(program.pk, 0),
                f"{applications}?program__id__exact={program.pk}&status__exact=submitted",
            ),
            Wait("agreements unsigned after two weeks", unsigned.get(program.pk, 0), f"{dashboard}#actions"),
            Wait("emails the mail server refused", failed.get(program.pk, 0), f"{dashboard}#actions"),
        ]
        if program.pk in drafts:
            proposals = reverse("admin:matching_proposal_changelist") + f"?run__id__exact={drafts[program.pk]}"
            waits.insert(1, Wait("match run to review and publish", 1, proposals))
        steps.append(
            ProgramStep(
                program=program,
                step=_step(program, now, to_review.get(program.pk, 0), program.pk in drafts, pairs.get(program.pk, 0)),
                dashboard_url=dashboard,
                waits=[wait for wait in waits if wait.count],
            )
        )
    return steps


def _step(program: Program, now: dt.datetime, to_review: int, draft: bool, pairs: int) -> str:
    if program.is_open(now):
        until = f" until {program.deadline:%B %-d}" if program.deadline else " all year"
        return f"Taking applications{until}"
    if to_review:
        return "Reviewing applications"
    if draft:
        return "Matching: a run waits for you to publish it"
    if pairs:
        return f"{pairs} pair{'s' if pairs != 1 else ''} under way"
    return "Applications closed; no run yet"
