"""A co-sponsored coaching program (like Cal-ICMA's): hosted by one association and open to members of three partner
associations (Oregon, Colorado, Arizona), each applicant under their own association's membership rules; and the host's
conference speed coaching session, its coaches and learners registered with their wishes and the seating planned."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import applications.demo.build as build
from applications.demo.build import DemoAssociation, DemoPerson
from applications.models import Program
from coaching.models import CoachSignup, LearnerRegistration, Seat, Session, Wish
from coaching.scheduler import plan
from coaching.services import seat_tables, session_problem

HOST = DemoAssociation(
    slug="cal-demo-icma",
    short_name="Cal-Demo ICMA",
    name="California Demo ICMA Affiliate",
    region="California",
    colour="#b35900",
    chair_name="Marguerite Oyelowo",
    chair_email="chair.caldemo@demo.example",
)
PARTNERS = [
    DemoAssociation(
        slug="odcma",
        short_name="ODCMA",
        name="Oregon Demo City/County Management Association",
        region="Oregon",
        colour="#2e7d32",
        chair_name="Ingrid Sorensby",
        chair_email="chair.odcma@demo.example",
        categories=("full", "student", "affiliate"),
        allow_eligible_nonmembers=False,
    ),
    DemoAssociation(
        slug="codcma",
        short_name="CoDCMA",
        name="Colorado Demo City and County Management Association",
        region="Colorado",
        colour="#00838f",
        chair_name="Hollis Redfeather",
        chair_email="chair.codcma@demo.example",
        nonmember_fee="35.00",
    ),
    DemoAssociation(
        slug="azdcma",
        short_name="AZDCMA",
        name="Arizona Demo City/County Management Association",
        region="Arizona",
        colour="#c62828",
        chair_name="Solana Briggs-Ortiz",
        chair_email="chair.azdcma@demo.example",
    ),
]

PEOPLE = [
    DemoPerson(
        "Augustina Pellworth",
        "mentor",
        "City of Redwood Shoals",
        "City Manager",
        "Redwood Shoals",
        expertise=("management", "council_manager_relations", "strategic_planning"),
        region="North Coast",
    ),
    DemoPerson(
        "Kwame Lindgren-Soto",
        "mentor",
        "County of Golden Basin",
        "Deputy County Administrator",
        "Golden Basin",
        expertise=("finance", "performance_measurement", "intergovernment_cooperation"),
        region="Central Valley",
        frequency="every_other_month",
    ),
    DemoPerson(
        "Nadia Halvorsen",
        "mentee",
        "City of Cascade Falls",
        "Assistant to the City Manager",
        "Cascade Falls",
        expertise=("council_manager_relations", "management"),
        state="OR",
        region="Willamette Valley",
        association="odcma",
        membership="affiliate",
    ),
    DemoPerson(
        "Elias Montoya-Reed",
        "mentee",
        "Town of Aspen Gulch",
        "Management Analyst",
        "Aspen Gulch",
        expertise=("finance",),
        state="CO",
        region="Front Range",
        association="codcma",
        membership="nonmember",
        status="submitted",
    ),
    DemoPerson(
        "Paloma Yazzie-Crane",
        "mentee",
        "Desert State University",
        "MPA Student",
        "Saguaro Springs",
        expertise=("community_engagement", "strategic_planning"),
        state="AZ",
        region="Sonoran",
        association="azdcma",
        membership="student",
    ),
    DemoPerson(
        "Theodora Vance",
        "mentee",
        "City of Redwood Shoals",
        "Senior Analyst",
        "Redwood Shoals",
        expertise=("performance_measurement", "management"),
        region="North Coast",
    ),
]


def load_coaching() -> Program:
    host = build.association(HOST)
    partners = [build.association(spec) for spec in PARTNERS]
    program = build.program(
        "cal-demo-coaching-2025",
        host,
        partners,
        name="Cal-Demo ICMA Coaching Program",
        description=(
            "Coaching for members of four associations: California's hosts it, and members of the Oregon, "
            "Colorado and Arizona associations apply under their own association's rules."
        ),
        time_zone="America/Los_Angeles",
        deadline=timezone.localdate() + dt.timedelta(days=45),
        pairing_mode=Program.PairingMode.BOTH,
        term_months=6,
        term_description="Six months, renewable",
    )
    build.people(program, PEOPLE)
    load_speed_coaching(host)
    return program


# The session's extra coaches and learners (besides the program's people): name, areas.
SESSION_COACHES = [
    ("Rosalind Achebe-Frost", ("human_resources", "work_life_balance", "management")),
    ("Desmond Okonkwo-Hale", ("public_works", "engineering", "refuse_recycling")),
    ("Yuki Brannigan", ("economic_development", "community_engagement", "strategic_planning")),
]
SESSION_LEARNERS = [
    ("Marisol Eckhart", ("finance", "management")),
    ("Tobias Ferreira-Lund", ("public_works",)),
    ("Inez Whitcombe", ("work_life_balance", "human_resources")),
    ("Callum Reyes-Abara", ("economic_development",)),
    ("Priya Haldane", ("strategic_planning", "council_manager_relations")),
]


def _demo_email(name: str) -> str:
    return name.lower().replace(" ", ".") + "@demo.example"  # as DemoPerson.email: the program's people are found


def load_speed_coaching(host) -> Session:
    """The host's conference session in two weeks: five coaches, eight learners, four rounds, planned."""
    session = Session.objects.filter(association=host, title="Cal-Demo Conference Speed Coaching").first()
    if session is not None:
        return session
    session = Session.objects.create(
        association=host,
        title="Cal-Demo Conference Speed Coaching",
        starts_at=(timezone.now() + dt.timedelta(days=14)).replace(hour=17, minute=0, second=0, microsecond=0),
        place="Hall B, Sacramento Convention Center",
        rounds=4,
        minutes_per_round=10,
        tables=6,
    )
    mentors = [(p.full_name, p.expertise) for p in PEOPLE if p.role == "mentor"]
    mentees = [(p.full_name, p.expertise) for p in PEOPLE if p.role == "mentee"]
    coaches = [
        CoachSignup.objects.create(
            session=session, user=build.user(_demo_email(name), name), areas=list(areas), rounds=[1, 2, 3, 4]
        )
        for name, areas in mentors + SESSION_COACHES
    ]
    CoachSignup.objects.filter(pk=coaches[-1].pk).update(rounds=[1, 2])  # one coach leaves after round 2
    for index, (name, areas) in enumerate(mentees + SESSION_LEARNERS):
        learner = LearnerRegistration.objects.create(
            session=session, user=build.user(_demo_email(name), name), areas=list(areas)
        )
        wished = [coaches[(index + step) % len(coaches)] for step in range(index % 3 + 1)]
        Wish.objects.bulk_create(
            [Wish(registration=learner, coach=coach, rank=rank) for rank, coach in enumerate(wished, start=1)]
        )
    Seat.objects.bulk_create(seat_tables(session, plan(session_problem(session))))
    return session
