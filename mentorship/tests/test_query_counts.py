"""Every busy page costs the same number of queries with 10 rows behind it as with 1,000.

One world grows from 10 to 1,000 of each kind of row a busy page lists (programs, applications, pairings,
mentors in the gallery, requests in an inbox, check-ins and events of a pair, proposals of a run), in bulk.
Each page is opened once to warm what a process keeps (the gallery's mentor index is built once per change
of the pool), then counted. A page whose count grows with its rows has a query per row: an N+1.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile, User
from applications.models import Application, Program
from associations.models import Association
from matching.models import GalleryRequest, MatchRun, Proposal
from pairings.models import CheckIn, Pairing, PairingEvent

pytestmark = pytest.mark.django_db

# Each page's queries (the user, then the page's own reads; sessions live in the cache), pinned: a change
# that adds one shows here, and is either worth it (update the number) or a mistake. A signed-in person's pages
# carry NAV more: the navigation's count of to-dos (home.selectors, two prepared queries whatever the rows; the
# home's to-do list and pairings are those same two). A prepared query (mentorship.prepared) counts once, as its
# EXECUTE: its PREPARE is run once per connection, by the warm-up request.
NAV = 2
QUERIES = {
    "home": 3 + NAV,  # the user, the open programs, a paired mentee's articles; the to-dos and pairings: NAV's two
    "mentor_home": 2 + NAV,
    "directory": 4 + NAV,  # the user, the associations (filter), the programs with their host, their partners
    "my_applications": 2 + NAV,
    "my_pairings": 2 + NAV,
    # The user; the pairing with its program, both partners and their profiles, both applications and the agreement
    # (one prepared query); the check-ins, the history and the events attended (one prepared UNION ALL). An active
    # pair: no thanks, new match or feedback to read (those come once it has ended).
    "pair_page": 3 + NAV,
    # Not started yet (this world): the user, the pairing with its agreement and guidance, both applications (the
    # draft's prefill), the draft's read in its savepoint (3). Once started: the user, the pairing, the signatures.
    "agreement_page": 7 + NAV,  # + the host's coaching guidelines beside it (resources)
    # The user; the viewer with the program, their room and the pool's name (its index is built once per change)
    # in one query; the cards shown with whether each is a favourite or asked.
    "gallery": 3 + NAV,
    "request_inbox": 2 + NAV,  # the user, one page of requests with the count of them all on each row
    "admin_applications": 4,
    "admin_pairings": 5,
    "admin_proposals": 6,  # no full count of the table; the runs filter names each run with its program in one query;
    # the page's rows with their names in one query
    "dashboard": 13 + NAV,  # the applications counted by status and by day in one grouped query
}
# The rows behind each page that `World.grow` adds.
ROWS = {
    "home": {"programs", "pair"},  # the mentee, paired in every program, and a busy pair
    "mentor_home": {"asking", "pair"},  # the mentor, asked by many mentees
    "directory": {"programs"},
    "my_applications": {"programs"},
    "my_pairings": {"programs"},
    "pair_page": {"pair"},
    "agreement_page": {"pair"},
    "gallery": {"gallery"},
    "request_inbox": {"asking"},
    "admin_applications": {"programs", "gallery", "asking"},
    "admin_pairings": {"programs"},
    "admin_proposals": {"gallery", "asking"},
    "dashboard": {"programs", "gallery", "asking", "pair"},
}
MENTEE_PAGES = ["home", "directory", "my_applications", "my_pairings", "pair_page", "agreement_page", "gallery"]
MENTOR_PAGES = ["mentor_home", "request_inbox"]


class World:
    """A gallery program with the personas paired in it, grown in bulk: `grow(n)` adds n of every kind of row."""

    def __init__(self, chair: User, mentor: User, mentee: User, program: Program) -> None:
        self.chair, self.mentor, self.mentee, self.program = chair, mentor, mentee, program
        Program.objects.filter(pk=program.pk).update(pairing_mode=Program.PairingMode.GALLERY)
        for user in (mentor, mentee):
            Profile.objects.create(user=user, organization=f"City of {user.full_name}", region="Orange County")
        self.mentor_application = self._application(mentor, Application.Role.MENTOR, program, capacity=1)
        self.mentee_application = self._application(mentee, Application.Role.MENTEE, program)
        self.pairing = self._pairings([(self.mentor_application, self.mentee_application)])[0]
        self.run = MatchRun.objects.create(program=program, created_by=chair)
        self.size = 0

    @staticmethod
    def _application(user: User, role: str, program: Program, **fields) -> Application:
        return Application.objects.create(
            program=program,
            applicant=user,
            role=role,
            status=Application.Status.APPROVED,
            expertise=["finance", "management"],
            frequency="monthly",
            contact_forms=["video"],
            statement="Budgets and people, twenty years of both." if role == Application.Role.MENTOR else "",
            goals="Learn how a city budget is built." if role == Application.Role.MENTEE else "",
            years_experience=12 if role == Application.Role.MENTOR else None,
            **fields,
        )

    def _people(self, n: int, kind: str) -> list[User]:
        users = User.objects.bulk_create(
            User(email=f"{kind}{self.size + i}@example.org", full_name=f"{kind.title()} {self.size + i}", password="!")
            for i in range(n)
        )
        Profile.objects.bulk_create(
            Profile(user=u, organization=f"City {u.pk}", title="Analyst", city="Irvine", region=f"Region {u.pk % 7}")
            for u in users
        )
        return users

    def _applications(self, pairs: list[tuple[User, Program]], role: str) -> list[Application]:
        now = timezone.now()
        mentor = role == Application.Role.MENTOR
        return Application.objects.bulk_create(
            Application(
                program=program,
                applicant=user,
                role=role,
                status=Application.Status.APPROVED,
                status_changed_at=now,
                submitted_at=now,
                expertise=["finance", "police"] if user.pk % 2 else ["management", "human_resources"],
                frequency="quarterly" if user.pk % 3 else "monthly",
                contact_forms=["video", "email"],
                statement=f"Mentor number {user.pk} has run public works and budgets." if mentor else "",
                goals=f"Mentee number {user.pk} wants to learn budgets." if not mentor else "",
                years_experience=5 + user.pk % 20 if mentor else None,
                capacity=2 if mentor else None,
            )
            for user, program in pairs
        )

    def _pairings(self, pairs: list[tuple[Application, Application]]) -> list[Pairing]:
        today = timezone.localdate()
        return Pairing.objects.bulk_create(
            Pairing(
                program=mentor.program,
                mentor_application=mentor,
                mentee_application=mentee,
                mentor_id=mentor.applicant_id,
                mentee_id=mentee.applicant_id,
                started_on=today,
                ends_on=today + dt.timedelta(days=365),
            )
            for mentor, mentee in pairs
        )

    def grow(self, n: int, rows: set[str]) -> None:
        if "programs" in rows:
            self._grow_programs(n)
        if {"gallery", "asking"} & rows:
            self._grow_gallery(n)
        if "pair" in rows:
            self._grow_pair(n)
        self.size += n

    def _grow_programs(self, n: int) -> None:
        # Programs the mentee applied to and is paired in, each with its own mentor (home, my pages, admin), each
        # hosted by an association of its own: pages cost the same with 1 association or 1,000.
        hosts = Association.objects.bulk_create(
            Association(name=f"Association {self.size + i}", short_name=f"A{self.size + i}", slug=f"a{self.size + i}")
            for i in range(n)
        )
        programs = Program.objects.bulk_create(
            Program(
                name=f"Program {self.size + i}",
                slug=f"program-{self.size + i}",
                host=hosts[i],
                time_zone="America/Los_Angeles",
                deadline=timezone.localdate() + dt.timedelta(days=30),
                chair_email="chair@example.org",
            )
            for i in range(n)
        )
        mentors = self._applications(list(zip(self._people(n, "mentor"), programs, strict=True)), "mentor")
        mine = self._applications([(self.mentee, p) for p in programs], "mentee")
        self._pairings(list(zip(mentors, mine, strict=True)))

    def _grow_gallery(self, n: int) -> None:
        # The gallery's mentors, and mentees asking the persona mentor (inbox) and proposed in the run.
        gallery = self._applications([(u, self.program) for u in self._people(n, "gallery")], "mentor")
        asking = self._applications([(u, self.program) for u in self._people(n, "asker")], "mentee")
        now = timezone.now()
        GalleryRequest.objects.bulk_create(
            GalleryRequest(
                program=self.program,
                mentee_application=a,
                mentor_application=self.mentor_application,
                message="Would you mentor me?",
                expires_at=now + dt.timedelta(days=7),
            )
            for a in asking
        )
        Proposal.objects.bulk_create(
            Proposal(run=self.run, mentor_application=m, mentee_application=a, score=0.5, reasons=["shares Finance"])
            for m, a in zip(gallery, asking, strict=True)
        )

    def _grow_pair(self, n: int) -> None:
        # The personas' pair: its check-ins and its history.
        CheckIn.objects.bulk_create(
            CheckIn(pairing=self.pairing, logged_by=self.mentee, date=timezone.localdate(), form="video", minutes=30)
            for _ in range(n)
        )
        PairingEvent.objects.bulk_create(
            PairingEvent(pairing=self.pairing, kind=PairingEvent.Kind.AGREEMENT_EDITED, actor=self.mentor)
            for _ in range(n)
        )

    def url(self, page: str) -> str:
        return {
            "home": reverse("home"),
            "mentor_home": reverse("home"),
            "directory": reverse("applications:directory"),
            "my_applications": reverse("applications:mine"),
            "my_pairings": reverse("pairings:mine"),
            "pair_page": self.pairing.get_absolute_url(),
            "agreement_page": reverse("agreements:agreement", args=[self.pairing.pk]),
            "gallery": reverse("matching:gallery", args=[self.program.slug]),
            "request_inbox": reverse("matching:inbox"),
            "admin_applications": reverse("admin:applications_application_changelist"),
            "admin_pairings": reverse("admin:pairings_pairing_changelist"),
            "admin_proposals": reverse("admin:matching_proposal_changelist") + f"?run__id__exact={self.run.pk}",
            "dashboard": reverse("dashboard:program", args=[self.program.slug]),
        }[page]

    def reader(self, page: str) -> User:
        if page in MENTEE_PAGES:
            return self.mentee
        return self.mentor if page in MENTOR_PAGES else self.chair


def queries_for(client, url: str) -> int:
    assert client.get(url).status_code == 200  # warms what a process keeps between requests
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", list(QUERIES))
def test_a_busy_page_costs_the_same_queries_with_10_and_with_1000_rows(client, chair, mentor, mentee, program, page):
    world = World(chair, mentor, mentee, program)
    client.force_login(world.reader(page))
    url = world.url(page)

    world.grow(10, ROWS[page])
    small = queries_for(client, url)
    world.grow(990, ROWS[page])
    large = queries_for(client, url)

    assert small == large, f"{page}: {small} queries with 10 rows, {large} with 1,000"
    assert large == QUERIES[page], f"{page}: {large} queries, pinned at {QUERIES[page]}"
