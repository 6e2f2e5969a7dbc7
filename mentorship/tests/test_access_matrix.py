"""Every URL that takes a parameter, times every persona, discovered from the URL resolver.

The routes come from django.urls.get_resolver(), the admin's included: a new URL with an id, slug or token is in
this matrix the moment it exists. If the matrix does not know how to build it, its test FAILS (add a case below),
so nobody can forget to say who may open it. Each request runs in a savepoint rolled back afterwards, so a POST
by one persona never changes what the next one sees.

Personas: anonymous; an outsider (signed in, involved in nothing); the partner (the mentor, paired with the
owner); the owner (the mentee whose application, resume, pairing and gallery request these are); the chair
(superuser); a staff account holding no permission at all; the chair of the program's association (not a
superuser: the role's permissions, scoped to the association); the chair of another association; and the
coordinator of another association's program. The last two get 404 (or 403) on every private URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from accounts.models import User
from applications.factories import ProfileFactory
from applications.models import Application, Program
from associations.roles import CHAIRS, COORDINATORS, ROLE_PERMISSIONS
from associations.tests.logos import png_bytes
from chapters.models import ChapterOffer, StudentChapter
from coaching.models import CoachSignup, Session
from events.models import Event
from matching.models import GalleryRequest, Proposal
from mentorship.tests.worlds import program_world
from notifications.models import Notice, OptOut
from pairings.models import MentoringGroup, Pairing
from resources.models import Resource

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "outsider",
    "partner",
    "owner",
    "chair",
    "staff",
    "host_chair",
    "other_chair",
    "other_coordinator",
)

# What a persona gets, as outcome() names it.
LOGIN, ADMIN_LOGIN, ADMIN_HOME, REDIRECT = "login", "admin login", "admin home", "redirect"
OK, BAD, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = "200", "400", "403", "404", "405"


def expect(
    anonymous: str,
    outsider: str,
    partner: str,
    owner: str,
    chair: str,
    staff: str,
    *,
    host_chair: str | None = None,
    others: str | None = None,
    other_coordinator: str | None = None,
) -> dict[str, str]:
    """What each persona gets. By default the association's chair gets what the superuser gets, and the chair and
    coordinator of another association get a public page like anyone and "not found" where the chair gets in."""
    if others is None:
        others = OK if anonymous == OK else {OK: NOT_FOUND, REDIRECT: NOT_FOUND, BAD: NOT_FOUND}.get(chair, chair)
    personas = (
        anonymous,
        outsider,
        partner,
        owner,
        chair,
        staff,
        host_chair or chair,
        others,
        other_coordinator or others,
    )
    return dict(zip(PERSONAS, personas, strict=True))


ROLE_HOLDERS = ("host_chair", "other_chair", "other_coordinator")
OTHERS = ("other_chair", "other_coordinator")

# The shapes most URLs share.
PUBLIC = expect(OK, OK, OK, OK, OK, OK)
PARTNERS_ONLY = expect(LOGIN, NOT_FOUND, OK, OK, NOT_FOUND, NOT_FOUND)
OWNER_ONLY = expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND)
SIGNED_IN = expect(LOGIN, OK, OK, OK, OK, OK, others=OK)
SIGNED_IN_POST = expect(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, others=REDIRECT)
CHAIR_PAGE = expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, FORBIDDEN)


# Discovery -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str  # the full pattern, e.g. "pairings/<int:pk>/agreement/pdf/"
    name: str  # "agreements:pdf", or "" for the admin's unnamed object redirect and catch-all
    params: tuple[str, ...]

    def path(self, kwargs: dict[str, Any]) -> str:
        """The URL for these values, built from the pattern itself (so unnamed patterns work too)."""
        missing = set(self.params) - set(kwargs)
        assert not missing, f"{self.route}: no value for {sorted(missing)}"
        # Regex groups first: "(?P<key>...)" also looks like a route's "<key>".
        text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), self.route)
        text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), text)
        return "/" + text.replace("^", "").replace("$", "")


def _params(pattern) -> tuple[str, ...]:
    return tuple(pattern.pattern.regex.groupindex)


def discover(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    """Every URL pattern of the site that takes a parameter."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from discover(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route)) or _params(pattern)
            if params:
                yield Route(route, f"{namespace}{pattern.name}" if pattern.name else "", params)


ROUTES = sorted(set(discover()), key=lambda r: r.route)


# The world every URL is built from -----------------------------------------------------------------------------


@dataclass
class World:
    people: dict[str, Any]
    program: Program
    mentee_application: Application
    mentor_application: Application
    pairing: Pairing
    ended: Pairing
    gallery_request: GalleryRequest
    proposal: Proposal
    objects: dict[type, Any] = field(default_factory=dict)  # one of each model registered in the admin


@pytest.fixture
def world(
    settings,
    tmp_path,
    program,
    chair,
    staff_without_permissions,
    outsider,
    mentor,
    mentee,
    host_chair,
    other_chair,
    other_coordinator,
) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }
    program.pairing_mode = Program.PairingMode.BOTH
    program.save()
    ProfileFactory(user=mentor)
    ProfileFactory(user=mentee)
    built = program_world(program, mentor, mentee, chair)
    pairing = built.pairing
    every_minute = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    objects = {
        **built.objects,
        Group: Group.objects.create(name="Chairs"),
        EmailAddress: EmailAddress.objects.get(user=mentee),
        PeriodicTask: PeriodicTask.objects.create(name="tick", task="tick", interval=every_minute),
        ClockedSchedule: ClockedSchedule.objects.create(clocked_time=timezone.now()),
        CrontabSchedule: CrontabSchedule.objects.create(),
        SolarSchedule: SolarSchedule.objects.create(event="sunrise", latitude=33.6, longitude=-117.8),
        IntervalSchedule: every_minute,
        User: mentee,
        OptOut: OptOut.objects.create(user=mentee, kind="checkin_due"),
    }
    people = {
        "anonymous": None,
        "outsider": outsider,
        "partner": mentor,
        "owner": mentee,
        "chair": chair,
        "staff": staff_without_permissions,
        "host_chair": host_chair,
        "other_chair": other_chair,
        "other_coordinator": other_coordinator,
    }
    return World(
        people=people,
        program=program,
        mentee_application=pairing.mentee_application,
        mentor_application=pairing.mentor_application,
        pairing=pairing,
        ended=built.ended,
        gallery_request=built.gallery_request,
        proposal=built.proposal,
        objects=objects,
    )


# Cases: how to build each URL and what each persona gets -------------------------------------------------------


@dataclass(frozen=True)
class Case:
    build: Callable[[World], dict[str, Any]]
    expected: dict[str, str]
    method: str = "GET"


def _pairing(world: World) -> dict[str, Any]:
    return {"pk": world.pairing.pk}


def _slug(world: World) -> dict[str, Any]:
    return {"slug": world.program.slug}


def _session(world: World) -> dict[str, Any]:
    return {"pk": world.objects[Session].pk}


def _host_with_logo(world: World) -> dict[str, Any]:
    host = world.program.host
    if not host.logo:
        host.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    return {"slug": host.slug}


# POST-only pages: a signed-in persona the view lets through gets past the access check to the form's answer.
CASES: dict[str, Case] = {
    # Applications: the program page is public; an application, its resume and withdrawing are private.
    "applications:program": Case(_slug, PUBLIC),
    # An association's look (logo, accent colour) is public: it is on the public program pages.
    "associations:logo": Case(_host_with_logo, PUBLIC),
    "associations:accent": Case(lambda w: {"slug": w.program.host.slug}, PUBLIC),
    "applications:apply": Case(
        lambda w: {"slug": w.program.slug, "role": "mentee"}, expect(LOGIN, OK, OK, REDIRECT, OK, OK, others=OK)
    ),
    "applications:detail": Case(lambda w: {"pk": w.mentee_application.pk}, OWNER_ONLY),
    "applications:withdraw": Case(
        lambda w: {"pk": w.mentee_application.pk},
        expect(LOGIN, NOT_FOUND, NOT_FOUND, REDIRECT, NOT_FOUND, NOT_FOUND),
        "POST",
    ),
    "applications:resume": Case(
        lambda w: {"pk": w.mentee_application.pk}, expect(LOGIN, NOT_FOUND, OK, OK, OK, NOT_FOUND)
    ),
    # The gallery: the mentee (owner) browses and asks; the mentor (partner) answers.
    "matching:gallery": Case(_slug, OWNER_ONLY),
    "matching:favourite": Case(
        lambda w: {"slug": w.program.slug, "mentor_pk": w.mentor_application.pk},
        expect(LOGIN, NOT_FOUND, NOT_FOUND, REDIRECT, NOT_FOUND, NOT_FOUND),
        "POST",
    ),
    "matching:request": Case(lambda w: {"slug": w.program.slug, "mentor_pk": w.mentor_application.pk}, OWNER_ONLY),
    # A mentor's profile: the mentees who may browse the gallery, and the mentor themself (how mentees see them).
    "matching:mentor": Case(lambda w: {"slug": w.program.slug, "mentor_pk": w.mentor_application.pk}, PARTNERS_ONLY),
    "matching:reply": Case(
        lambda w: {"pk": w.gallery_request.pk},
        expect(LOGIN, NOT_FOUND, NOT_FOUND, REDIRECT, NOT_FOUND, NOT_FOUND),
        "POST",
    ),
    "matching:withdraw": Case(
        lambda w: {"pk": w.gallery_request.pk},
        expect(LOGIN, NOT_FOUND, NOT_FOUND, REDIRECT, NOT_FOUND, NOT_FOUND),
        "POST",
    ),
    "matching:answer": Case(  # the partner (the asked mentor) posting no answer gets the inbox again, refused
        lambda w: {"pk": w.gallery_request.pk},
        expect(LOGIN, NOT_FOUND, BAD, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "POST",
    ),
    # Student chapters: the list is public; anyone signed in may make an offer; only its manager withdraws it.
    "chapters:list": Case(lambda w: {"slug": w.program.host.slug}, PUBLIC),
    "chapters:offer": Case(
        lambda w: {"pk": w.objects[StudentChapter].pk}, expect(LOGIN, OK, OK, OK, OK, OK, others=OK)
    ),
    "chapters:withdraw": Case(
        lambda w: {"pk": w.objects[ChapterOffer].pk},
        expect(LOGIN, NOT_FOUND, REDIRECT, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "POST",
    ),
    # The chapter contact's emailed link (no account): a forged token is the same calm page for everyone.
    "chapters:answer": Case(
        lambda w: {"token": "not-a-real-token"},
        expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ),
    # Speed coaching (the world's session: the mentor coaches, the mentee is a learner seated with them). Anyone
    # signed in may read a session and sign up or register; a schedule is its learner's or coach's; feedback and
    # asking a coach to go on are the learner's; the door and the room board are the association's chair's.
    "coaching:session": Case(_session, SIGNED_IN),
    "coaching:coach": Case(_session, SIGNED_IN),
    "coaching:register": Case(_session, SIGNED_IN),
    "coaching:schedule": Case(_session, PARTNERS_ONLY),
    "coaching:schedule_pdf": Case(_session, PARTNERS_ONLY),
    "coaching:link_renew": Case(_session, expect(LOGIN, NOT_FOUND, NOT_FOUND, REDIRECT, NOT_FOUND, NOT_FOUND), "POST"),
    "coaching:feedback": Case(_session, OWNER_ONLY),
    "coaching:ongoing": Case(
        lambda w: {"pk": w.objects[Session].pk, "coach_pk": w.objects[CoachSignup].pk}, OWNER_ONLY
    ),
    # Sessions are an association chair's (a program's coordinator holds no permission on them: 403).
    "coaching:door": Case(_session, {**CHAIR_PAGE, "other_coordinator": FORBIDDEN}),
    "coaching:board": Case(_session, {**CHAIR_PAGE, "other_coordinator": FORBIDDEN}),
    # A learner's short link needs no account: a forged token is the same calm page for everyone.
    "coaching:short": Case(
        lambda w: {"token": "not-a-real-token"},
        expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ),
    # Events: the list, the feed, an event and its calendar file are public; saying one comes and checking in at
    # the door need an account (any: events are open to everyone signed in).
    "events:list": Case(lambda w: {"slug": w.program.host.slug}, PUBLIC),
    "events:feed": Case(lambda w: {"slug": w.program.host.slug}, PUBLIC),
    "events:detail": Case(lambda w: {"pk": w.objects[Event].pk}, PUBLIC),
    "events:ics": Case(lambda w: {"pk": w.objects[Event].pk}, PUBLIC),
    "events:rsvp": Case(lambda w: {"pk": w.objects[Event].pk}, SIGNED_IN_POST, "POST"),
    "events:cancel": Case(lambda w: {"pk": w.objects[Event].pk}, SIGNED_IN_POST, "POST"),
    "events:checkin": Case(lambda w: {"pk": w.objects[Event].pk}, expect(LOGIN, OK, OK, OK, OK, OK, others=OK)),
    # The coaching library is public: its list, a published resource and its file (none here: 404 for all).
    "resources:list": Case(lambda w: {"slug": w.program.host.slug}, PUBLIC),
    "resources:detail": Case(lambda w: {"pk": w.objects[Resource].pk}, PUBLIC),
    "resources:file": Case(
        lambda w: {"pk": w.objects[Resource].pk},
        expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ),
    # The one-click stop link is public by design: a bad token gets the same calm page from everyone.
    "notifications:stop": Case(
        lambda w: {"token": "not-a-real-token"},
        expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ),
    # Send again on a notice the mail server refused: staff holding notifications.resend_notice only.
    "notifications:send_again": Case(
        lambda w: {"pk": w.objects[Notice].pk},
        expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, REDIRECT, FORBIDDEN),
        "POST",
    ),
    # The chair's dashboard and its exports (CSVs, the PDF report): staff need the view permissions.
    "dashboard:program": Case(_slug, CHAIR_PAGE),
    "dashboard:applications_csv": Case(_slug, CHAIR_PAGE),
    "dashboard:pairings_csv": Case(_slug, CHAIR_PAGE),
    "dashboard:checkins_csv": Case(_slug, CHAIR_PAGE),
    "dashboard:report_pdf": Case(_slug, CHAIR_PAGE),
    # Only an association's chair creates programs and accounts: a coordinator is refused before the lookup.
    "dashboard:duplicate": Case(_slug, {**CHAIR_PAGE, "other_coordinator": FORBIDDEN}),
    "dashboard:import": Case(_slug, {**CHAIR_PAGE, "other_coordinator": FORBIDDEN}),
    "dashboard:import_template": Case(_slug, CHAIR_PAGE),
    # The pair's pages: the two partners only; the chair reads the agreement and its PDF, never the rest.
    "pairings:pairing": Case(_pairing, PARTNERS_ONLY),
    "agreements:agreement": Case(_pairing, expect(LOGIN, NOT_FOUND, OK, OK, OK, NOT_FOUND)),
    "agreements:sign": Case(_pairing, expect(LOGIN, NOT_FOUND, BAD, BAD, NOT_FOUND, NOT_FOUND), "POST"),
    "agreements:pdf": Case(_pairing, expect(LOGIN, NOT_FOUND, OK, OK, OK, NOT_FOUND)),
    "pairings:end": Case(_pairing, PARTNERS_ONLY),
    "pairings:rematch": Case(
        lambda w: {"pk": w.ended.pk}, expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND)
    ),
    "pairings:checkin": Case(_pairing, expect(LOGIN, NOT_FOUND, BAD, BAD, NOT_FOUND, NOT_FOUND), "POST"),
    "pairings:ics": Case(_pairing, PARTNERS_ONLY),
    "pairings:event": Case(_pairing, expect(LOGIN, NOT_FOUND, BAD, BAD, NOT_FOUND, NOT_FOUND), "POST"),
    "pairings:pulse": Case(lambda w: {"pk": w.pairing.pk, "round_": 0}, PARTNERS_ONLY),
    "pairings:feedback": Case(lambda w: {"pk": w.ended.pk}, PARTNERS_ONLY),
    # A mentoring group's page: its mentor (partner) and mentees (owner) only; chairs see groups in the admin.
    "pairings:group": Case(lambda w: {"pk": w.objects[MentoringGroup].pk}, PARTNERS_ONLY),
    "pairings:group_checkin": Case(
        lambda w: {"pk": w.objects[MentoringGroup].pk},
        expect(LOGIN, NOT_FOUND, BAD, BAD, NOT_FOUND, NOT_FOUND),
        "POST",
    ),
    # allauth's emailed links: a bad key is a page saying so, the same for everyone.
    "account_confirm_email": Case(lambda w: {"key": "not-a-real-key"}, PUBLIC),
    "account_reset_password_from_key": Case(lambda w: {"uidb36": "zz", "key": "not-a-real-key"}, PUBLIC),
    # The admin's own URLs with a parameter.
    "admin:app_list": Case(
        lambda w: {"app_label": "agreements"},  # the app's page: its models' lists, each showing one's own rows
        expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, NOT_FOUND, others=OK),
    ),
    "admin:view_on_site": Case(  # a redirect to the public URL, which checks
        lambda w: {"content_type_id": ContentType.objects.get_for_model(Pairing).pk, "object_id": w.pairing.pk},
        expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, REDIRECT, REDIRECT, others=REDIRECT),
    ),
    # Accounts are the installation's: a superuser's only.
    "admin:auth_user_password_change": Case(
        lambda w: {"id": w.people["owner"].pk}, {**CHAIR_PAGE, **dict.fromkeys(ROLE_HOLDERS, FORBIDDEN)}
    ),
    "admin:matching_proposal_alternatives": Case(lambda w: {"pk": w.proposal.pk}, CHAIR_PAGE),
    # The decision buttons of an application's page: a POST by whom may change the application, back to its page.
    "admin:applications_application_decide": Case(
        lambda w: {"object_id": w.mentee_application.pk},
        expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, REDIRECT, FORBIDDEN),
        "POST",
    ),
    "admin/(?P<url>.*)$": Case(
        lambda w: {"url": "no-such-page/"},
        expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_FOUND, NOT_FOUND),
    ),
}

# Enough of a request for a ModelAdmin's has_*_permission: the chair (an active superuser) asking.
CHAIR_ASKING = SimpleNamespace(user=User(is_active=True, is_staff=True, is_superuser=True))

ADMIN_OBJECT = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/<path:object_id>/(?P<view>change/|delete/|history/|)$")


def _role_may(role: str, action: str, model: type) -> bool:
    return (model._meta.app_label, f"{action}_{model._meta.model_name}") in ROLE_PERMISSIONS[role]


def _admin_case(route: Route) -> Case | None:
    """An object URL of a model registered in the admin: the superuser's; 403 to staff without the permission and,
    for the installation's own models, to the role holders; "not found" where a row is outside one's programs
    (looked up before the permission on the history page, after it on the delete page)."""
    match = ADMIN_OBJECT.match(route.route)
    if not match:
        return None
    model_admin = next(
        (
            a
            for m, a in admin.site._registry.items()
            if (m._meta.app_label, m._meta.model_name) == match.group("app", "model")
        ),
        None,
    )
    if model_admin is None:
        return None
    model, view = model_admin.model, match["view"]

    def build(world: World) -> dict[str, Any]:
        assert model in world.objects, f"The world has no {model._meta.label} to open in the admin: add one."
        return {"object_id": world.objects[model].pk}

    signed_out = dict.fromkeys(("anonymous", "outsider", "partner", "owner"), ADMIN_LOGIN)
    if view == "":  # the bare object URL only redirects to its change page, which checks
        return Case(build, {**signed_out, **dict.fromkeys(("chair", "staff", *ROLE_HOLDERS), REDIRECT)})
    deletable = model_admin.has_delete_permission(CHAIR_ASKING)  # read-only admins: nobody deletes there
    got = {"chair": OK if view != "delete/" or deletable else FORBIDDEN}
    if view == "history/":  # looked up first: a row outside one's programs (for staff: all of them) is not found
        got["staff"] = NOT_FOUND
        got["host_chair"] = NOT_FOUND if model_admin.installation_wide else OK
        got.update(dict.fromkeys(OTHERS, NOT_FOUND))
    else:
        action = "delete" if view == "delete/" else "view"
        got["staff"] = FORBIDDEN
        for persona, role in (("host_chair", CHAIRS), ("other_chair", CHAIRS), ("other_coordinator", COORDINATORS)):
            allowed = (
                deletable and _role_may(role, action, model) if action == "delete" else _role_may(role, action, model)
            )
            if model_admin.installation_wide or not allowed:
                got[persona] = FORBIDDEN
            else:
                got[persona] = OK if persona == "host_chair" else NOT_FOUND
    return Case(build, {**signed_out, **got})


def case_for(route: Route) -> Case | None:
    return CASES.get(route.name) or CASES.get(route.route) or _admin_case(route)


# The matrix ----------------------------------------------------------------------------------------------------


def outcome(response) -> str:
    if response.status_code in (301, 302):
        target = urlsplit(response.url).path
        if target == reverse("account_login"):
            return LOGIN
        if target == reverse("admin:login"):
            return ADMIN_LOGIN
        if target == reverse("admin:index"):
            return ADMIN_HOME
        return REDIRECT
    return str(response.status_code)


def visit(client, world: World, route: Route, case: Case, persona: str) -> str:
    client.logout()
    if world.people[persona] is not None:
        client.force_login(world.people[persona])
    path = route.path(case.build(world))
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:  # a POST's changes are undone
        response = client.generic(case.method, path)
        transaction.set_rollback(True)
    if case.method == "GET":
        writes = [q["sql"][:120] for q in queries if WRITE.match(q["sql"]) and "django_session" not in q["sql"]]
        assert writes == [], f"GET {path} as {persona} wrote: {writes}"
    return outcome(response)


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)  # no GET changes the database


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name or r.route)
def test_every_persona_gets_what_the_rules_say(client, world, route):
    case = case_for(route)
    if case is None:
        pytest.fail(f"No access case for {route.route!r} ({route.name or 'unnamed'}): add one to CASES.")
    client.raise_request_exception = False  # a 500 is an outcome to report, like any other
    got = {persona: visit(client, world, route, case, persona) for persona in PERSONAS}
    assert got == case.expected, f"{route.route}: got {got}"


def test_the_matrix_covers_the_private_files_and_every_admin_model():
    covered = {r.name for r in ROUTES}
    for name in ("applications:resume", "agreements:pdf", "dashboard:applications_csv", "dashboard:report_pdf"):
        assert name in covered
    for model in admin.site._registry:
        assert f"admin:{model._meta.app_label}_{model._meta.model_name}_change" in covered


def test_a_new_url_without_a_case_is_not_covered():
    stranger = Route("things/<int:pk>/secret/", "things:secret", ("pk",))
    assert case_for(stranger) is None
    assert (
        case_for(Route("admin/things/thing/<path:object_id>/change/", "admin:things_thing_change", ("object_id",)))
        is None
    )
