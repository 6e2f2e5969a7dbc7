"""Synthetic data and logged-in sessions for `make bench-web` (scripts/bench_web.py).

Builds, in the database it is pointed at, one Mentors Gallery program with `--mentors` approved mentors
(every one with room left), mentees up to `--applications` applications in all, a staff chair, one
active pairing (with its agreement, check-ins and favourites) for each of the `--users` mentees the
benchmark logs in, `--requests` gallery requests from other mentees in each of their mentors' inboxes, and
a match run of `--proposals` proposed pairs for the chair. Running it again with the same sizes keeps the
data and only renews the sessions; other sizes (or `--rebuild`) delete the bench data and build it again.

Sessions are written straight into the session store (no password, no login form): every synthetic
account has an unusable password. They are signed with this process's SECRET_KEY, so the server that
is benchmarked must run with the same one.

The only line on stdout is a JSON map: page name -> list of {"url", "cookie"} (cookie is a whole
`Cookie:` header value). Progress goes to stderr.

Past 400 lines on purpose: tens of thousands of rows, built by the factories (`.build()`) and written with bulk
inserts, one block per table in dependency order, so every table the ten pages read is filled the way those pages
read it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from accounts.factories import UNUSABLE_PASSWORD, EmailAddressFactory, ProfileFactory, UserFactory
from accounts.models import Profile, User
from agreements.factories import AgreementFactory
from agreements.models import Agreement, Signature
from applications.factories import ApplicationFactory, MentorApplicationFactory
from applications.models import Application, Program
from applications.vocabulary import ContactForm, Expertise, Frequency
from associations.models import Association
from matching.factories import FavouriteFactory, GalleryRequestFactory, ProposalFactory
from matching.models import Favourite, GalleryRequest, MatchRun, Proposal
from pairings.factories import CheckInFactory, PairingEventFactory, PairingFactory
from pairings.models import CheckIn, Pairing, PairingEvent

SLUG = "bench-web"
DOMAIN = "bench-web.example"
# Bench sessions' keys start with this, so the next run can delete them without decoding any session.
SESSION_PREFIX = "benchweb"

FIRST = [
    "Adaeze", "Bram", "Celestine", "Dario", "Elowen", "Farid", "Greta", "Hollis", "Ines", "Jasper", "Kalani",
    "Linnea", "Matteo", "Nadia", "Oren", "Priyanka", "Quentin", "Rosalie", "Soren", "Talia", "Umberto", "Vesna",
    "Wendell", "Ximena", "Yusuf", "Zora",
]  # fmt: skip
LAST = [
    "Abernathy", "Baptiste", "Castellanos", "Dunmore", "Esterhazy", "Fairweather", "Galloway", "Hargreave",
    "Ishikawa", "Jorgensen", "Kowalczyk", "Lindqvist", "Marchetti", "Nakagawa", "Okafor", "Pemberton",
    "Quintero", "Rasmussen", "Szabo", "Thistlewood", "Underhill", "Valentijn", "Whitcombe", "Yilmaz",
]  # fmt: skip
REGIONS = ["Orange County", "Inland Empire", "San Gabriel Valley", "South Bay", "Ventura County", "San Diego", ""]
CITIES = ["Almond Grove", "Harbor Bend", "Sierra Vista", "Pinecrest", "Copper Ridge", "Willow Flats", "Lark Hollow"]
TITLES = ["City Manager", "Assistant City Manager", "Finance Director", "Public Works Director", "HR Director"]
MENTEE_TITLES = ["Management Analyst", "Administrative Intern", "Budget Analyst", "Graduate Student", "Assistant"]
SENTENCES = [
    "I have spent my career in city halls large and small, and I want to pass on what others taught me.",
    "Budgets are where a council's priorities become real; I enjoy showing how one is built and defended.",
    "I have worked through two recessions and a wildfire recovery, and I learned the most from the hard years.",
    "Good staff reports are short, honest and clear about the options; I can help you write them.",
    "I came into public service from the private sector and can talk about that change candidly.",
    "Working with a council means earning trust with every member, including the ones who vote against you.",
    "I like helping early-career analysts find the projects that will teach them the most.",
    "Public works is the part of government residents notice every day, and I love that about it.",
    "My door has always been open to interns; several of them now run departments of their own.",
    "Balancing a demanding job with a family is possible, and I am glad to talk about how I manage it.",
]
GOALS = [
    "Learn how a city budget is built and presented to council.",
    "Understand the path from analyst to assistant city manager.",
    "Get better at writing staff reports and presenting them.",
    "Build a network in local government after finishing my MPA.",
    "Find out which departments would teach me the most in my first five years.",
]
EXPERTISE = [value for value in Expertise.values if value != Expertise.OTHER]
FREQUENCIES = list(Frequency.values)
CONTACT = list(ContactForm.values)
# Mentees beyond the logged-in ones: a realistic spread of statuses for the chair's list.
MENTEE_STATUSES = [
    (Application.Status.APPROVED, 55),
    (Application.Status.SUBMITTED, 15),
    (Application.Status.UNDER_REVIEW, 12),
    (Application.Status.WAITLISTED, 8),
    (Application.Status.DECLINED, 6),
    (Application.Status.WITHDRAWN, 4),
]


# Pages and who opens them: a logged-in mentee, the mentor paired with them, or the chair.
MENTEE_PAGES = ["home", "my_applications", "my_pairings", "pair_page", "agreement_page", "gallery"]
MENTOR_PAGES = ["request_inbox"]
CHAIR_PAGES = ["admin_applications", "admin_proposals", "dashboard"]
# What a mentor's inbox holds besides the few requests still waiting: the history of answered ones.
ANSWERED = [GalleryRequest.Status.DECLINED, GalleryRequest.Status.EXPIRED, GalleryRequest.Status.WITHDRAWN]


def _shape(mentors: int, applications: int, users: int, requests: int, proposals: int) -> str:
    return (
        f"Synthetic program for make bench-web (mentors={mentors} applications={applications} users={users} "
        f"requests={requests} proposals={proposals})."
    )


def page_visitors(program: Program, n_users: int) -> dict[str, list[tuple[str, User]]]:
    """Each page's URLs and who opens them: the first `n_users` paired mentees, their mentors, the chair.

    Shared by the sessions printed for `make bench-web` and by `bench_page_cpu`, so both measure the same pages.
    """
    pairings = list(
        Pairing.objects.filter(program=program).select_related("mentee", "mentor").order_by("mentee__email")[:n_users]
    )
    chair = User.objects.get(email=f"chair@{DOMAIN}")
    run = MatchRun.objects.filter(program=program).latest("created_at")
    pages: dict[str, list[tuple[str, User]]] = {name: [] for name in MENTEE_PAGES + MENTOR_PAGES + CHAIR_PAGES}
    mentee_urls = {
        "home": lambda pairing: reverse("home"),
        "my_applications": lambda pairing: reverse("applications:mine"),
        "my_pairings": lambda pairing: reverse("pairings:mine"),
        "pair_page": lambda pairing: pairing.get_absolute_url(),
        "agreement_page": lambda pairing: reverse("agreements:agreement", args=[pairing.pk]),
        "gallery": lambda pairing: reverse("matching:gallery", args=[program.slug]),
    }
    for pairing in pairings:
        for name, url in mentee_urls.items():
            pages[name].append((url(pairing), pairing.mentee))
        pages["request_inbox"].append((reverse("matching:inbox"), pairing.mentor))
    chair_urls = {
        "admin_applications": reverse("admin:applications_application_changelist"),
        "admin_proposals": reverse("admin:matching_proposal_changelist") + f"?run__id__exact={run.pk}",
        "dashboard": reverse("dashboard:program", args=[program.slug]),
    }
    for name, url in chair_urls.items():
        pages[name].append((url, chair))
    return pages


def session_cookie(store_class, user: User) -> str:
    """What django.contrib.auth.login() leaves in the session, written directly; the `Cookie:` header value, with
    the CSRF cookie a browser carries after its first page (every page sets it: the log-out form is on each)."""
    store = store_class()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store._session_key = SESSION_PREFIX + get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
    store.save(must_create=True)
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}"


class Command(BaseCommand):
    help = "Build the bench-web data set (idempotent) and print logged-in sessions for its pages as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--mentors", type=int, default=500, help="Approved mentors, each with room left.")
        parser.add_argument("--applications", type=int, default=2000, help="Applications in all (mentors too).")
        parser.add_argument("--users", type=int, default=50, help="Paired mentees given a session each.")
        parser.add_argument("--requests", type=int, default=40, help="Gallery requests in each paired mentor's inbox.")
        parser.add_argument("--proposals", type=int, default=1500, help="Proposed pairs in the chair's match run.")
        parser.add_argument("--seed", type=int, default=11)
        parser.add_argument("--rebuild", action="store_true", help="Delete and rebuild even if the sizes match.")

    def handle(self, *args, mentors: int, applications: int, users: int, seed: int, rebuild: bool, **sizes):
        if users < 1 or mentors < users:
            raise CommandError("--users must be at least 1 and at most --mentors.")
        if applications < mentors + users:
            raise CommandError("--applications must be at least --mentors + --users.")
        requests, proposals = sizes["requests"], sizes["proposals"]
        shape = _shape(mentors, applications, users, requests, proposals)
        started = time.perf_counter()
        with transaction.atomic():
            program = Program.objects.filter(slug=SLUG).first()
            if rebuild or program is None or program.description != shape:
                self._wipe()
                rng = random.Random(seed)  # noqa: S311 -- synthetic data
                program = self._build(mentors, applications, users, rng, description=shape)
                self._requests(program, users, requests, rng)
                self._match_run(program, users, proposals, rng)
                self.stderr.write(f"bench_web_seed: built {applications} applications in {self._since(started)}")
            else:
                self.stderr.write("bench_web_seed: data already there, renewing the sessions")
            pages = self._sessions(program, users)
        with connection.cursor() as cursor:
            # Fresh statistics and visibility maps, as autovacuum keeps a database in use (this machine's server may
            # run without it): without the visibility map, PostgreSQL reads a table instead of answering from a
            # covering index alone. VACUUM cannot run inside a transaction (a test's): there, statistics only.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self.stdout.write(json.dumps(pages))

    @staticmethod
    def _since(started: float) -> str:
        return f"{time.perf_counter() - started:.1f} s"

    def _wipe(self) -> None:
        """Every row the bench made, in an order no PROTECT foreign key refuses."""
        programs = Program.objects.filter(slug=SLUG)
        pairings = Pairing.objects.filter(program__in=programs)
        Signature.objects.filter(agreement__pairing__in=pairings).delete()
        Agreement.objects.filter(pairing__in=pairings).delete()
        CheckIn.objects.filter(pairing__in=pairings).delete()
        pairings.delete()
        MatchRun.objects.filter(program__in=programs).delete()
        Application.objects.filter(program__in=programs).delete()
        programs.delete()
        User.objects.filter(email__endswith=f"@{DOMAIN}").delete()

    def _build(self, n_mentors: int, n_applications: int, n_users: int, rng: random.Random, description: str):
        now = timezone.now()
        today = timezone.localdate(now)
        program = Program.objects.create(
            name="Bench Web Mentorship Program",
            slug=SLUG,
            host=Association.objects.get_or_create(
                short_name="BACCM",
                defaults={"name": "Benchmark Association of City and County Managers", "slug": "baccm"},
            )[0],
            description=description,
            deadline=today + dt.timedelta(days=30),
            pairing_mode=Program.PairingMode.GALLERY,
            mentor_max_mentees=3,
            mentee_max_mentors=2,
            chair_email=f"chair@{DOMAIN}",
        )
        chair = User.objects.create(
            email=f"chair@{DOMAIN}",
            full_name="Bench Chair",
            is_staff=True,
            is_superuser=True,
            password=make_password(None),
        )
        n_mentees = n_applications - n_mentors
        people = [("mentor", i) for i in range(n_mentors)] + [("mentee", i) for i in range(n_mentees)]
        users = User.objects.bulk_create(
            UserFactory.build(
                email=f"{role}{i:05d}@{DOMAIN}",
                full_name=f"{FIRST[(i * 7 + (role == 'mentee')) % len(FIRST)]} {LAST[(i * 5 + i // 24) % len(LAST)]}",
                password=UNUSABLE_PASSWORD,  # the bench logs in through the session store
                verified=None,  # the addresses are inserted in bulk below
                last_login=now - dt.timedelta(hours=rng.randint(1, 24 * 40)) if rng.random() < 0.8 else None,
            )
            for role, i in people
        )
        EmailAddress.objects.bulk_create(
            EmailAddressFactory.build(user=user, email=user.email) for user in [chair, *users]
        )
        Profile.objects.bulk_create(
            ProfileFactory.build(
                user=user,
                organization=f"City of {rng.choice(CITIES)}" if rng.random() < 0.7 else f"County of {rng.choice(LAST)}",
                title=rng.choice(TITLES if role == "mentor" else MENTEE_TITLES),
                address=f"{rng.randint(1, 999)} Civic Center Plaza",
                city=rng.choice(CITIES),
                state="CA",
                zip_code=f"9{rng.randint(0, 9999):04d}",
                phone=f"555-{rng.randint(0, 9999):04d}",
                region=rng.choice(REGIONS),
                jurisdiction_type=rng.choice(Profile.JurisdictionType.values),
                jurisdiction_size=rng.choice(Profile.JurisdictionSize.values),
            )
            for user, (role, _) in zip(users, people, strict=True)
        )
        mentor_users, mentee_users = users[:n_mentors], users[n_mentors:]
        mentors = Application.objects.bulk_create(self._mentor(program, user, chair, rng, now) for user in mentor_users)
        mentees = Application.objects.bulk_create(
            self._mentee(program, user, chair, rng, now, Application.Status.APPROVED if i < n_users else None)
            for i, user in enumerate(mentee_users)
        )
        self._pairings(program, mentors[:n_users], mentees[:n_users], rng, now)
        Favourite.objects.bulk_create(
            FavouriteFactory.build(mentee_application=mentee, mentor_application=mentor)
            for mentee in mentees[:n_users]
            for mentor in rng.sample(mentors, min(5, len(mentors)))
        )
        return program

    @staticmethod
    def _decided(application: Application, chair: User, rng: random.Random, now: dt.datetime) -> Application:
        application.submitted_at = now - dt.timedelta(days=rng.randint(20, 60), minutes=rng.randint(0, 1440))
        application.status_changed_at = application.submitted_at
        if application.status in Application.DECIDED:
            application.decided_by = chair
            application.decided_at = application.submitted_at + dt.timedelta(days=rng.randint(1, 15))
            application.status_changed_at = application.decided_at
        return application

    def _mentor(self, program: Program, user: User, chair: User, rng: random.Random, now: dt.datetime):
        nonmember = rng.random() < 0.1
        return self._decided(
            MentorApplicationFactory.build(
                program=program,
                applicant=user,
                role=Application.Role.MENTOR,
                goals="",
                status=Application.Status.APPROVED,
                membership=Application.Membership.NONMEMBER if nonmember else Application.Membership.FULL,
                fee_status=rng.choice([Application.Fee.PAID, Application.Fee.WAIVED])
                if nonmember
                else Application.Fee.NONE,
                fee_amount=program.host.nonmember_fee if nonmember else 0,
                expertise=rng.sample(EXPERTISE, 3),
                frequency=rng.choice(FREQUENCIES),
                contact_forms=rng.sample(CONTACT, rng.randint(1, 3)),
                preferences="Someone curious who follows through on what we agree.",
                years_experience=rng.randint(5, 32),
                education="MPA, California State University",
                statement=" ".join(rng.sample(SENTENCES, rng.randint(3, 6))),
                capacity=rng.choice([2, 3]),
            ),
            chair,
            rng,
            now,
        )

    def _mentee(self, program, user, chair, rng: random.Random, now: dt.datetime, status: str | None):
        if status is None:
            statuses, weights = zip(*MENTEE_STATUSES, strict=True)
            status = rng.choices(statuses, weights)[0]
        student = rng.random() < 0.3
        return self._decided(
            ApplicationFactory.build(
                program=program,
                applicant=user,
                role=Application.Role.MENTEE,
                status=status,
                membership=Application.Membership.STUDENT if student else Application.Membership.FULL,
                expertise=rng.sample(EXPERTISE, rng.randint(1, 3)),
                frequency=rng.choice(FREQUENCIES),
                contact_forms=rng.sample(CONTACT, rng.randint(1, 3)),
                preferences="A mentor who has worked in a city of about my size.",
                works_at_public_agency=not student,
                public_service_interest="I want to work where decisions reach residents directly.",
                career_stage=rng.choice(Application.CareerStage.values),
                goals=" ".join(rng.sample(GOALS, 2)),
            ),
            chair,
            rng,
            now,
        )

    def _pairings(self, program, mentors, mentees, rng: random.Random, now: dt.datetime) -> None:
        """One active gallery pairing per logged-in mentee, a different mentor each, so every mentor keeps room."""
        today = timezone.localdate(now)
        pairings = []
        for mentor, mentee in zip(mentors, mentees, strict=True):
            created = now - dt.timedelta(days=rng.randint(5, 90))
            started_on, ends_on = Pairing.term_for(program, timezone.localdate(created))
            pairings.append(
                PairingFactory.build(
                    program=program,
                    mentor_application=mentor,
                    mentee_application=mentee,
                    history=None,  # the events are inserted in bulk below
                    source=Pairing.Source.GALLERY,
                    score=round(rng.uniform(0.4, 0.95), 3),
                    reasons=["Shares 2 of the areas wanted", "Same meeting frequency"],
                    approved_by_id=mentor.applicant_id,
                    created_at=created,
                    started_on=started_on,
                    ends_on=ends_on,
                )
            )
        pairings = Pairing.objects.bulk_create(pairings)
        GalleryRequest.objects.bulk_create(
            GalleryRequestFactory.build(
                program=program,
                mentee_application=p.mentee_application,
                mentor_application=p.mentor_application,
                message="I would be glad to learn from your experience with budgets.",
                status=GalleryRequest.Status.ACCEPTED,
                created_at=p.created_at - dt.timedelta(days=1),
                expires_at=p.created_at + dt.timedelta(days=2),
                answered_at=p.created_at,
                pairing=p,
            )
            for p in pairings
        )
        PairingEvent.objects.bulk_create(
            PairingEventFactory.build(pairing=p, kind=PairingEvent.Kind.CREATED, actor=p.mentor, at=p.created_at)
            for p in pairings
        )
        Agreement.objects.bulk_create(
            AgreementFactory.build(
                pairing=p,
                confidentiality="What we discuss stays between us unless we both agree otherwise.",
                duration="One year",
                frequency=p.mentee_application.frequency,
                contact_forms=p.mentee_application.contact_forms,
                mentor_time="About two hours a month",
                updated_at=p.created_at,
                updated_by_id=p.mentee_id,
            )
            for p in pairings
        )
        CheckIn.objects.bulk_create(
            CheckInFactory.build(
                pairing=p,
                logged_by=p.mentee,
                date=p.started_on + dt.timedelta(days=rng.randint(0, max(0, (today - p.started_on).days))),
                form=rng.choice(CONTACT),
                minutes=rng.choice([30, 45, 60]),
                note="Talked through the mid-year budget update.",
            )
            for p in pairings
            for _ in range(rng.randint(0, 3))
        )

    @staticmethod
    def _waiting_mentees(program: Program, n_users: int) -> list[Application]:
        """Approved mentees other than the logged-in ones (whose applications come first, by id)."""
        mentees = program.applications.filter(role=Application.Role.MENTEE).approved().order_by("pk")
        return list(mentees.only("pk", "frequency", "contact_forms")[n_users:])

    def _requests(self, program: Program, n_users: int, per_mentor: int, rng: random.Random) -> None:
        """Each paired mentor's inbox: two requests waiting, one question asked, the rest answered, newest first."""
        now = timezone.now()
        waiting = self._waiting_mentees(program, n_users)
        rows = []
        for pairing in Pairing.objects.filter(program=program).select_related("mentor_application").order_by("pk"):
            for age, mentee in enumerate(rng.sample(waiting, min(per_mentor, len(waiting)))):
                status = [GalleryRequest.Status.PENDING] * 2 + [GalleryRequest.Status.INFO_REQUESTED]
                created = now - dt.timedelta(days=age, hours=rng.randint(0, 20))
                rows.append(
                    GalleryRequestFactory.build(
                        program=program,
                        mentee_application=mentee,
                        mentor_application=pairing.mentor_application,
                        message="I would be glad to learn from your experience with budgets and council relations.",
                        status=status[age] if age < len(status) else rng.choice(ANSWERED),
                        response="Which city size are you in now?" if age == 2 else "",
                        created_at=created,
                        expires_at=created + dt.timedelta(days=program.gallery_response_days),
                        answered_at=created + dt.timedelta(days=1) if age >= len(status) else None,
                    )
                )
        GalleryRequest.objects.bulk_create(rows)

    def _match_run(self, program: Program, n_users: int, n_proposals: int, rng: random.Random) -> None:
        """A solved draft run proposing a mentor for each of up to `n_proposals` waiting mentees."""
        mentors = list(program.applications.approved().mentors().order_by("pk").only("pk"))
        mentees = self._waiting_mentees(program, n_users)
        chair = User.objects.get(email=f"chair@{DOMAIN}")
        run = MatchRun.objects.create(program=program, created_by=chair, solved_at=timezone.now())
        Proposal.objects.bulk_create(
            ProposalFactory.build(
                run=run,
                run__program=program,  # given: the factory need not look the mentee's program up
                mentor_application=mentor,
                mentee_application=mentee,
                score=round(rng.uniform(0.3, 0.95), 3),
                components={"expertise": 0.67, "frequency": 1.0, "contact": 0.5},
                reasons=["shares Finance and Budgeting", f"both chose {mentee.get_frequency_display()}"],
            )
            for mentor, mentee in zip(mentors, mentees[:n_proposals], strict=False)
        )

    def _sessions(self, program: Program, n_users: int) -> dict[str, list[dict[str, str]]]:
        """A fresh session for each logged-in mentee and for the chair; the previous run's are deleted."""
        store_class = import_module(settings.SESSION_ENGINE).SessionStore
        if hasattr(store_class, "get_model_class"):  # database-backed sessions, perhaps cached too
            old = store_class.get_model_class().objects.filter(session_key__startswith=SESSION_PREFIX)
            for key in old.values_list("session_key", flat=True):
                store_class(key).delete()  # through the store, so a cached copy goes as well
        pages: dict[str, list[dict[str, str]]] = {name: [] for name in MENTEE_PAGES + MENTOR_PAGES + CHAIR_PAGES}
        cookies: dict[int, str] = {}
        for name, entries in page_visitors(program, n_users).items():
            for url, user in entries:
                if user.pk not in cookies:
                    cookies[user.pk] = session_cookie(store_class, user)
                pages[name].append({"url": url, "cookie": cookies[user.pk]})
        return pages
