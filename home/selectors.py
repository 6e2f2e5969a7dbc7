"""A signed-in person's home: what they have to do next across every program, most urgent first, and their
pairings at a glance.

The whole selection is two queries, whatever the number of programs, applications, requests or pairings: one
for the applications and gallery requests waiting on the person, one for their pairings with the facts that
decide what is due (the last check-in, their last pulse round, their signature, their feedback) as columns.
The rules of what is due are the jobs' own (pairings.schedule, pairings.checkins, applications.policy, the
gallery's response window): the home says the same as the reminders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement, Signature
from applications import policy
from applications.models import Application, Program
from matching.models import GalleryRequest
from pairings import schedule
from pairings.checkins import next_due, pair_frequency
from pairings.models import CheckIn, MatchFeedback, Pairing, PulseResponse

# An ended pairing asks each partner for feedback on this many days after it ends, then stops asking.
FEEDBACK_OPEN_DAYS = 30


@dataclass(frozen=True)
class Todo:
    """One line of the to-do list: what to do, by when, and the page that does it."""

    kind: str
    text: str
    program: str
    due: dt.date | None
    url: str
    action: str

    def overdue_on(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today


@dataclass(frozen=True)
class PairingGlance:
    """A current pairing in a line: who, where, when, and the next step."""

    pairing: Pairing
    partner_name: str
    partner_role: str
    next_step: str
    next_url: str


@dataclass(frozen=True)
class Waiting:
    """A submitted application the chair has not decided yet, and what happens next."""

    application: Application
    next: str


@dataclass(frozen=True)
class Home:
    todos: list[Todo]
    pairings: list[PairingGlance]
    waiting: list[Waiting]
    has_applied: bool


def what_happens_next(program: Program) -> str:
    """After a submission: who decides, when, how the person hears, and how pairs form there."""
    if program.is_rolling or program.deadline is None:
        review = "The chair reviews applications as they come and emails you the decision."
    else:
        review = (
            f"The chair reviews applications after the deadline ({program.deadline:%B %-d, %Y}) and emails you "
            "the decision."
        )
    return f"{review} {program.how_pairing_works}"


def _sorted(todos: list[Todo]) -> list[Todo]:
    """Most urgent first: the earliest due date, then those with no deadline."""
    return sorted(todos, key=lambda t: (t.due is None, t.due or dt.date.max, t.program, t.text))


# --- Applications and gallery requests: query 1 ---------------------------------------------------------------


def _applications(user: User) -> QuerySet[Application]:
    """The person's applications with, on each, the gallery requests waiting on them there (a mentor's requests to
    answer, a mentee's question from a mentor to answer): counts and the earliest end of the response window."""
    now = timezone.now()
    mentor_waits = GalleryRequest.objects.filter(
        mentor_application=OuterRef("pk"), status=GalleryRequest.Status.PENDING, expires_at__gt=now
    )
    mentee_waits = GalleryRequest.objects.filter(
        mentee_application=OuterRef("pk"), status=GalleryRequest.Status.INFO_REQUESTED, expires_at__gt=now
    )

    def count(requests: QuerySet) -> Coalesce:
        return Coalesce(
            Subquery(requests.order_by().values("status").annotate(n=Count("pk")).values("n")[:1]), Value(0)
        )

    def first_expiry(requests: QuerySet) -> Subquery:
        return Subquery(requests.order_by("expires_at").values("expires_at")[:1])

    return (
        Application.objects.filter(applicant=user)
        .exclude(status=Application.Status.WITHDRAWN)
        .select_related("program")
        .only(
            "role",
            "status",
            "program__name",
            "program__slug",
            "program__kind",
            "program__deadline",
            "program__opens_on",
            "program__time_zone",
            "program__pairing_mode",
        )
        .annotate(
            requests_to_answer=count(mentor_waits),
            requests_expire=first_expiry(mentor_waits),
            questions_to_answer=count(mentee_waits),
            questions_expire=first_expiry(mentee_waits),
        )
        .order_by("program__deadline", "pk")
    )


def _application_todos(applications: list[Application], now: dt.datetime) -> list[Todo]:
    todos: list[Todo] = []
    for application in applications:
        program = application.program
        if application.status == Application.Status.DRAFT and application.is_editable:
            todos.append(
                Todo(
                    kind="draft",
                    text=f"Finish and submit your {application.get_role_display().lower()} application",
                    program=program.name,
                    due=program.deadline,
                    url=reverse("applications:apply", args=[program.slug, application.role]),
                    action="Finish application",
                )
            )
        if application.requests_to_answer:
            n = application.requests_to_answer
            todos.append(
                Todo(
                    kind="gallery_request",
                    text=f"Answer {n} {program.mentee_word}{'s' if n > 1 else ''} who asked you to be their "
                    f"{program.mentor_word}"
                    if n > 1
                    else f"Answer the {program.mentee_word} who asked you to be their {program.mentor_word}",
                    program=program.name,
                    due=timezone.localdate(application.requests_expire),
                    url=reverse("matching:inbox"),
                    action="Answer requests",
                )
            )
        if application.questions_to_answer:
            todos.append(
                Todo(
                    kind="gallery_question",
                    text=f"Answer the question your {program.mentor_word} asked about your request",
                    program=program.name,
                    due=timezone.localdate(application.questions_expire),
                    url=reverse("matching:requests"),
                    action="Answer the question",
                )
            )
    return todos


# --- Pairings: query 2 -----------------------------------------------------------------------------------------


def _pairings(user: User, today: dt.date) -> QuerySet[Pairing]:
    """Active pairings, and those ended lately (their feedback is still asked for), with what decides what is due."""
    recently = today - dt.timedelta(days=FEEDBACK_OPEN_DAYS)
    mine = Q(pairing=OuterRef("pk"))
    return (
        Pairing.objects.for_user(user)
        .filter(
            Q(status=Pairing.Status.ACTIVE)
            | Q(status=Pairing.Status.ENDED, ended_at__date__gte=recently)
            | Q(status=Pairing.Status.COMPLETED, ends_on__gte=recently)
        )
        .select_related("program", "mentor", "mentee", "mentee_application", "agreement")
        .only(
            "status",
            "created_at",
            "started_on",
            "ends_on",
            "ended_at",
            "mentor_id",
            "mentee_id",
            "program__name",
            "program__kind",
            "program__requires_agreement",
            "program__recommended_frequency",
            "mentor__full_name",
            "mentor__email",
            "mentee__full_name",
            "mentee__email",
            "mentee_application__frequency",
            "agreement__frequency",
            "agreement__executed_at",
        )
        .annotate(
            last_checkin=Subquery(
                CheckIn.objects.filter(mine).order_by().values("pairing").annotate(m=Max("date")).values("m")[:1]
            ),
            my_pulse_round=Subquery(
                PulseResponse.objects.filter(mine, respondent=user)
                .order_by()
                .values("pairing")
                .annotate(m=Max("round"))
                .values("m")[:1]
            ),
            i_signed=Exists(Signature.objects.valid().filter(agreement__pairing=OuterRef("pk"), signer=user)),
            i_gave_feedback=Exists(MatchFeedback.objects.filter(mine, author=user)),
        )
        .order_by("ends_on", "pk")
    )


def _agreement(pairing: Pairing) -> Agreement | None:
    try:
        return pairing.agreement
    except Agreement.DoesNotExist:
        return None


def _ended_on(pairing: Pairing) -> dt.date:
    return timezone.localdate(pairing.ended_at) if pairing.ended_at else pairing.ends_on


def pairing_todos(pairing: Pairing, user: User, today: dt.date) -> list[Todo]:
    """What one pairing asks of the person today, by the rules the reminder jobs follow."""
    program = pairing.program.name
    partner = pairing.partner_of(user).full_name
    if not pairing.is_active:
        if pairing.i_gave_feedback:
            return []
        return [
            Todo(
                kind="feedback",
                text=f"Rate your match with {partner}",
                program=program,
                due=_ended_on(pairing) + dt.timedelta(days=FEEDBACK_OPEN_DAYS),
                url=reverse("pairings:feedback", args=[pairing.pk]),
                action="Give feedback",
            )
        ]
    todos: list[Todo] = []
    agreement = _agreement(pairing)
    if pairing.program.requires_agreement and not pairing.i_signed and not (agreement and agreement.is_executed):
        todos.append(
            Todo(
                kind="agreement",
                text=f"Sign your agreement with {partner}",
                program=program,
                due=timezone.localdate(pairing.created_at) + dt.timedelta(days=policy.UNSIGNED_NUDGE_AFTER_DAYS),
                url=reverse("agreements:agreement", args=[pairing.pk]),
                action="Open the agreement",
            )
        )
    if pairing.started_on <= today:
        due = checkin_due(pairing)
        if today >= due - dt.timedelta(days=schedule.DUE_SOON_DAYS):  # when the reminder goes out, or overdue
            todos.append(
                Todo(
                    kind="checkin",
                    text=f"Log this period's check-in with {partner}",
                    program=program,
                    due=due,
                    url=reverse("pairings:pairing", args=[pairing.pk]) + "#checkins-heading",
                    action="Log a check-in",
                )
            )
    pulse = schedule.pulse_round_due(started_on=pairing.started_on, today=today)
    if pulse is not None and (pairing.my_pulse_round is None or pairing.my_pulse_round < pulse[0]):
        round_, asked_on = pulse
        todos.append(
            Todo(
                kind="pulse",
                text=f"Say how your mentorship with {partner} is going (one question)",
                program=program,
                due=asked_on + dt.timedelta(days=schedule.PULSE_EVERY_DAYS - 1),  # the next round replaces it
                url=reverse("pairings:pulse", args=[pairing.pk, round_]),
                action="Answer",
            )
        )
    return todos


def checkin_due(pairing: Pairing) -> dt.date:
    """The next check-in's due date at the pair's agreed frequency (the pair page and the reminders say the same)."""
    return next_due(pairing, last_checkin=pairing.last_checkin, frequency=pair_frequency(pairing, _agreement(pairing)))


def _glance(pairing: Pairing, user: User, todos: list[Todo]) -> PairingGlance:
    partner = pairing.partner_of(user)
    program: Program = pairing.program
    role = program.mentee_word if partner.pk == pairing.mentee_id else program.mentor_word
    if todos:
        first = _sorted(todos)[0]
        step, url = first.text, first.url
    else:
        step = f"Next check-in by {checkin_due(pairing):%B %-d, %Y}"
        url = pairing.get_absolute_url()
    return PairingGlance(
        pairing=pairing, partner_name=partner.full_name, partner_role=role, next_step=step, next_url=url
    )


# --- The home ---------------------------------------------------------------------------------------------------


def home_for(user: User) -> Home:
    """Everything the personal home shows, in two queries."""
    now = timezone.now()
    today = timezone.localdate(now)
    applications = list(_applications(user))
    todos = _application_todos(applications, now)
    glances: list[PairingGlance] = []
    for pairing in _pairings(user, today):
        mine = pairing_todos(pairing, user, today)
        todos += mine
        if pairing.is_active:
            glances.append(_glance(pairing, user, mine))
    waiting = [
        Waiting(application=a, next=what_happens_next(a.program))
        for a in applications
        if a.status in (Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW)
    ]
    return Home(todos=_sorted(todos), pairings=glances, waiting=waiting, has_applied=bool(applications))


def home_for_request(request: HttpRequest) -> Home:
    """The home of the request's user, selected once per request (the page and the navigation's count share it)."""
    if not hasattr(request, "_home"):
        request._home = home_for(request.user)
    return request._home
