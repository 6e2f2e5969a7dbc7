"""A signed-in person's home: what they have to do next across every program, most urgent first, and their
pairings at a glance.

The whole selection is two queries, whatever the number of programs, applications, requests or pairings: one
for the applications and the gallery requests waiting on the person, one for their pairings with the facts that
decide what is due (the last check-in, their last pulse round, their signature, their feedback) as columns. The
navigation shows the count on every page, so both are prepared queries (mentorship.prepared): compiled once per
process and planned once per database connection, since the ORM takes longer to compile their subqueries, and
PostgreSQL to plan their joins, than PostgreSQL takes to run them. They are read as plain rows.

The rules of what is due are the reminder jobs' own (pairings.schedule, applications.policy, the gallery's
response window, Program.is_open): the home says what the reminders say.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Exists, Max, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement, Signature
from applications import policy
from applications.models import Application, Program
from matching.models import GalleryRequest
from mentorship.prepared import PreparedQuery
from mentorship.reversing import url
from pairings import schedule
from pairings.groups import of_outer_pairing
from pairings.models import CheckIn, MatchFeedback, Pairing, PulseResponse
from resources import selectors as resources
from resources.models import Resource

# An ended pairing asks each partner for feedback on this many days after it ends, then stops asking.
FEEDBACK_OPEN_DAYS = 30

# The months between check-ins at a frequency: a rule that does not change while the process runs, read once per
# frequency (finding it builds the list of every frequency).
_frequency_months = functools.cache(schedule.frequency_months)


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
class PairFacts:
    """What decides what a pairing asks of one of its partners, read in one row."""

    pk: int
    status: str
    created_at: dt.datetime
    started_on: dt.date
    ends_on: dt.date
    ended_at: dt.datetime | None
    partner_name: str
    partner_is_mentee: bool
    program: Program
    agreed_frequency: str
    wished_frequency: str
    executed: bool
    last_checkin: dt.date | None
    my_pulse_round: int | None
    i_signed: bool
    i_gave_feedback: bool

    @property
    def is_active(self) -> bool:
        return self.status == Pairing.Status.ACTIVE

    @property
    def url(self) -> str:
        return url("pairings:pairing", self.pk)

    @property
    def partner_role(self) -> str:
        return self.program.mentee_word if self.partner_is_mentee else self.program.mentor_word

    def checkin_due(self) -> dt.date:
        """The next check-in's due date at the pair's agreed frequency (as the pair page and reminders say)."""
        frequency = policy.agreed_frequency(
            agreed=self.agreed_frequency, wished=self.wished_frequency, recommended=self.program.recommended_frequency
        )
        return schedule.next_checkin_due(
            started_on=self.started_on, last_checkin=self.last_checkin, months=_frequency_months(frequency)
        )


@dataclass(frozen=True)
class PairingGlance:
    """A current pairing in a line: who, where, when, and the next step."""

    pairing: PairFacts
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
    # "mentee" and/or "mentor" when the person is approved on that side of a program with a gallery: the
    # navigation then links to their requests (matching.views), read off the rows already selected here.
    gallery_sides: frozenset[str] = frozenset()


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


# --- The two queries, compiled once and prepared ------------------------------------------------------------

# Stand-ins for the values of one request in the compiled SQL: no user has a negative id, nothing dates from 1901.
_USER = -7_919_351
_NOW = dt.datetime(1901, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
_SINCE = dt.date(1901, 1, 3)

_APPLICATION_COLUMNS = (
    "pk",
    "role",
    "status",
    "program_id",
    "program__name",
    "program__slug",
    "program__kind",
    "program__deadline",
    "program__opens_on",
    "program__time_zone",
    "program__pairing_mode",
    "requests_to_answer",
    "requests_expire",
    "questions_to_answer",
    "questions_expire",
)


def _applications_query(*, user_id: int, now: dt.datetime) -> QuerySet:
    """The person's applications with, on each, the gallery requests waiting on them there (a mentor's requests to
    answer, a mentee's question from a mentor to answer) still in their response window: how many, and when the
    first window closes."""
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
        Application.objects.filter(applicant_id=user_id)
        .exclude(status=Application.Status.WITHDRAWN)
        .annotate(
            requests_to_answer=count(mentor_waits),
            requests_expire=first_expiry(mentor_waits),
            questions_to_answer=count(mentee_waits),
            questions_expire=first_expiry(mentee_waits),
        )
        .order_by("program__deadline", "pk")
        .values_list(*_APPLICATION_COLUMNS)
    )


_PAIRING_COLUMNS = (
    "pk",
    "status",
    "created_at",
    "started_on",
    "ends_on",
    "ended_at",
    "mentor_id",
    "mentor__full_name",
    "mentee__full_name",
    "program_id",
    "program__name",
    "program__slug",
    "program__kind",
    "program__requires_agreement",
    "program__recommended_frequency",
    "mentee_application__frequency",
    "agreement_frequency",
    "agreement_executed_at",
    "last_checkin",
    "my_pulse_round",
    "i_signed",
    "i_gave_feedback",
)


def _pairings_query(*, user_id: int, since: dt.date) -> QuerySet:
    """Active pairings, and those ended lately (their feedback is still asked for), with what decides what is due.

    A pairing in a mentoring group works under the group's one agreement, kept on the group's first pairing, and
    shares the check-ins logged on the group's page (Agreement.objects.of_pairing, pairings.groups.checkins_of):
    both are read through the pairing's group as well as the pairing itself, or every member's pairing but the
    first would seem to have no agreement and no signature. Outside a group the pairing's group is null, which
    matches no row, and a pairing in a group has no agreement of its own (pairings.groups._form)."""
    mine = Q(pairing=OuterRef("pk"))
    ours = of_outer_pairing()
    agreement = Agreement.objects.filter(ours).order_by()
    return (
        Pairing.objects.for_user(user_id)
        .filter(
            Q(status=Pairing.Status.ACTIVE)
            | Q(status=Pairing.Status.ENDED, ended_at__date__gte=since)
            | Q(status=Pairing.Status.COMPLETED, ends_on__gte=since)
        )
        .annotate(
            last_checkin=Subquery(CheckIn.objects.filter(ours).order_by("-date").values("date")[:1]),
            my_pulse_round=Subquery(
                PulseResponse.objects.filter(mine, respondent_id=user_id)
                .order_by()
                .values("pairing")
                .annotate(m=Max("round"))
                .values("m")[:1]
            ),
            agreement_frequency=Subquery(agreement.values("frequency")[:1]),
            agreement_executed_at=Subquery(agreement.values("executed_at")[:1]),
            i_signed=Exists(Signature.objects.valid().filter(of_outer_pairing("agreement__"), signer_id=user_id)),
            i_gave_feedback=Exists(MatchFeedback.objects.filter(mine, author_id=user_id)),
        )
        .order_by("ends_on", "pk")
        .values_list(*_PAIRING_COLUMNS)
    )


QUERIES = {
    "applications": PreparedQuery("home_applications", _applications_query, user_id=_USER, now=_NOW),
    "pairings": PreparedQuery("home_pairings", _pairings_query, user_id=_USER, since=_SINCE),
    # The home page's own (not the navigation's): a paired mentee's reading.
    # The library's own selection (resources.selectors), run prepared.
    "articles": PreparedQuery("home_articles", lambda *, user_id: resources.mentee_articles(user_id), user_id=_USER),
}
COLUMNS = {"applications": _APPLICATION_COLUMNS, "pairings": _PAIRING_COLUMNS}
_APPLICATION_PROGRAM = Application._meta.get_field("program")


def _rows(name: str, **values: Any) -> list[dict[str, Any]]:
    return [dict(zip(COLUMNS[name], row, strict=True)) for row in QUERIES[name].rows(**values)]


@functools.cache
def _loaded(model: type[Model], names: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The attributes among `names` in the order of the model's columns, as `from_db` takes their values, and as a
    set, as it takes their names (it asks of each of the model's columns whether it is among them)."""
    ordered = tuple(field.attname for field in model._meta.concrete_fields if field.attname in names)
    return frozenset(ordered), ordered


def _from_db(model: type[Model], values: dict[str, Any]) -> Model:
    """A model with only `values` (by attribute name) loaded and the other columns deferred, as `.only()` leaves
    them: `from_db` skips the defaults a model's constructor computes for every field (thirty-odd on a Program)."""
    names, ordered = _loaded(model, tuple(values))
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in ordered])


# Each query's columns of the program: (the column, the program's attribute).
_PROGRAM_COLUMNS = {
    name: tuple((column, column.removeprefix("program__")) for column in columns if column.startswith("program__"))
    for name, columns in COLUMNS.items()
}


def _program(row: dict[str, Any], programs: dict[int, Program], query: str) -> Program:
    """The program of a row of `query`, one object per program, with only the columns read here."""
    if row["program_id"] not in programs:
        values = {attribute: row[column] for column, attribute in _PROGRAM_COLUMNS[query]}
        programs[row["program_id"]] = _from_db(Program, {"id": row["program_id"], **values})
    return programs[row["program_id"]]


def _application(row: dict[str, Any], programs: dict[int, Program]) -> Application:
    application = _from_db(
        Application, {"id": row["pk"], "program_id": row["program_id"], "role": row["role"], "status": row["status"]}
    )
    # As `application.program = program` leaves it, without the checks of an assignment.
    _APPLICATION_PROGRAM.set_cached_value(application, _program(row, programs, "applications"))
    return application


# --- What is due ------------------------------------------------------------------------------------------------


def _application_todos(applications: list[Application], rows: list[dict[str, Any]]) -> list[Todo]:
    todos: list[Todo] = []
    for application, row in zip(applications, rows, strict=True):
        program = application.program
        if application.status == Application.Status.DRAFT and application.is_editable:
            todos.append(
                Todo(
                    kind="draft",
                    text=f"Finish and submit your {application.get_role_display().lower()} application",
                    program=program.name,
                    due=program.deadline,
                    url=url("applications:apply", program.slug, application.role),
                    action="Finish application",
                )
            )
        if n := row["requests_to_answer"]:
            asked = (
                f"Answer {n} {program.mentee_word}s who asked you to be their {program.mentor_word}"
                if n > 1
                else f"Answer the {program.mentee_word} who asked you to be their {program.mentor_word}"
            )
            todos.append(
                Todo(
                    kind="gallery_request",
                    text=asked,
                    program=program.name,
                    due=timezone.localdate(row["requests_expire"]),
                    url=url("matching:inbox"),
                    action="Answer requests",
                )
            )
        if row["questions_to_answer"]:
            todos.append(
                Todo(
                    kind="gallery_question",
                    text=f"Answer the question your {program.mentor_word} asked about your request",
                    program=program.name,
                    due=timezone.localdate(row["questions_expire"]),
                    url=url("matching:requests"),
                    action="Answer the question",
                )
            )
    return todos


def _ended_on(pairing: PairFacts) -> dt.date:
    return timezone.localdate(pairing.ended_at) if pairing.ended_at else pairing.ends_on


def pairing_todos(pairing: PairFacts, today: dt.date) -> list[Todo]:
    """What one pairing asks of the person today, by the rules the reminder jobs follow."""
    program, partner = pairing.program.name, pairing.partner_name
    if not pairing.is_active:
        if pairing.i_gave_feedback:
            return []
        return [
            Todo(
                kind="feedback",
                text=f"Rate your match with {partner}",
                program=program,
                due=_ended_on(pairing) + dt.timedelta(days=FEEDBACK_OPEN_DAYS),
                url=url("pairings:feedback", pairing.pk),
                action="Give feedback",
            )
        ]
    todos: list[Todo] = []
    if pairing.program.requires_agreement and not pairing.i_signed and not pairing.executed:
        todos.append(
            Todo(
                kind="agreement",
                text=f"Sign your agreement with {partner}",
                program=program,
                due=timezone.localdate(pairing.created_at) + dt.timedelta(days=policy.UNSIGNED_NUDGE_AFTER_DAYS),
                url=url("agreements:agreement", pairing.pk),
                action="Open the agreement",
            )
        )
    if pairing.started_on <= today:
        due = pairing.checkin_due()
        if today >= due - dt.timedelta(days=schedule.DUE_SOON_DAYS):  # when the reminder goes out, or overdue
            todos.append(
                Todo(
                    kind="checkin",
                    text=f"Log this period's check-in with {partner}",
                    program=program,
                    due=due,
                    url=f"{pairing.url}#checkins-heading",
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
                url=url("pairings:pulse", pairing.pk, round_),
                action="Answer",
            )
        )
    return todos


def _facts(row: dict[str, Any], user_id: int, programs: dict[int, Program]) -> PairFacts:
    i_mentor = row["mentor_id"] == user_id
    return PairFacts(
        pk=row["pk"],
        status=row["status"],
        created_at=row["created_at"],
        started_on=row["started_on"],
        ends_on=row["ends_on"],
        ended_at=row["ended_at"],
        partner_name=row["mentee__full_name"] if i_mentor else row["mentor__full_name"],
        partner_is_mentee=i_mentor,
        program=_program(row, programs, "pairings"),
        agreed_frequency=row["agreement_frequency"] or "",
        wished_frequency=row["mentee_application__frequency"],
        executed=row["agreement_executed_at"] is not None,
        last_checkin=row["last_checkin"],
        my_pulse_round=row["my_pulse_round"],
        i_signed=row["i_signed"],
        i_gave_feedback=row["i_gave_feedback"],
    )


def _glance(pairing: PairFacts, todos: list[Todo]) -> PairingGlance:
    if todos:
        first = _sorted(todos)[0]
        return PairingGlance(pairing=pairing, next_step=first.text, next_url=first.url)
    return PairingGlance(
        pairing=pairing, next_step=f"Next check-in by {pairing.checkin_due():%B %-d, %Y}", next_url=pairing.url
    )


# --- The home ---------------------------------------------------------------------------------------------------


def home_for(user: User) -> Home:
    """Everything the personal home shows, in two queries."""
    now = timezone.now()
    today = timezone.localdate(now)
    programs: dict[int, Program] = {}  # each query reads its own columns of a program: one dict per query
    rows = _rows("applications", user_id=user.pk, now=now)
    applications = [_application(row, programs) for row in rows]
    programs = {}
    todos = _application_todos(applications, rows)
    glances: list[PairingGlance] = []
    since = today - dt.timedelta(days=FEEDBACK_OPEN_DAYS)
    for row in _rows("pairings", user_id=user.pk, since=since):
        pairing = _facts(row, user.pk, programs)
        mine = pairing_todos(pairing, today)
        todos += mine
        if pairing.is_active:
            glances.append(_glance(pairing, mine))
    waiting = [
        Waiting(application=a, next=what_happens_next(a.program))
        for a in applications
        if a.status in (Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW)
    ]
    gallery_sides = frozenset(
        a.role for a in applications if a.status == Application.Status.APPROVED and a.program.uses_gallery
    )
    return Home(
        todos=_sorted(todos),
        pairings=glances,
        waiting=waiting,
        has_applied=bool(applications),
        gallery_sides=gallery_sides,
    )


def articles_for(home: Home, user_id: int) -> list[Resource]:
    """On the home of a paired mentee (an active pairing with a mentor): articles on the areas they asked help in.
    No query for anyone else."""
    if not any(not glance.pairing.partner_is_mentee for glance in home.pairings):
        return []
    return QUERIES["articles"].objects(user_id=user_id)


def home_for_request(request: HttpRequest) -> Home:
    """The home of the request's user, selected once per request (the page and the navigation's count share it)."""
    if not hasattr(request, "_home"):
        request._home = home_for(request.user)
    return request._home
