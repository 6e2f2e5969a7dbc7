"""The national association's two programs: an always-open coaching network (like ICMA CoachConnect) with 50
coaches of varied expertise across the states and a few learners, and a Senior Advisor roster of retired managers
listed by state, with no agreement step."""

from __future__ import annotations

import applications.demo.build as build
from applications.demo.build import DemoAssociation, DemoPerson
from applications.models import Program
from matching.synthetic import AREAS, STATEMENT_PHRASES

NDCMA = DemoAssociation(
    slug="ndcma",
    short_name="NDCMA",
    name="National Demo City/County Management Association",
    region="National",
    colour="#37474f",
    chair_name="Winston Achebe-Lowell",
    chair_email="chair.ndcma@demo.example",
)
COACHES = 50
FIRST = ("Adaeze", "Bjorn", "Carmela", "Dashiell", "Eulalie", "Fitzgerald", "Giselle", "Horatio", "Ines", "Jericho")
LAST = ("Ashdown", "Bellweather", "Coldridge", "Dunmore", "Everhart")
STATES = (
    ("TX", "Gulf Coast"),
    ("FL", "Suncoast"),
    ("NC", "Piedmont"),
    ("MI", "Great Lakes"),
    ("WA", "Puget Sound"),
    ("GA", "Metro"),
    ("OH", "Heartland"),
    ("VA", "Tidewater"),
    ("MN", "North Star"),
    ("NM", "High Desert"),
)
TITLES = ("City Manager", "Assistant City Manager", "County Administrator", "Finance Director", "Town Manager")
FREQUENCIES = ("monthly", "every_other_month", "quarterly")


def coaches() -> list[DemoPerson]:
    """50 invented coaches: each a different name, three different areas, one of ten states."""
    found = []
    for n in range(COACHES):
        first, last = FIRST[n % len(FIRST)], LAST[n // len(FIRST)]
        state, region = STATES[(n * 3) % len(STATES)]
        city = f"{last} Springs"
        found.append(
            DemoPerson(
                f"{first} {last}",
                "mentor",
                f"City of {city}",
                TITLES[n % len(TITLES)],
                city,
                expertise=tuple(AREAS[(n + step) % len(AREAS)] for step in (0, 6, 13)),
                frequency=FREQUENCIES[n % len(FREQUENCIES)],
                state=state,
                region=region,
                years=8 + n % 25,
                statement=STATEMENT_PHRASES[n % len(STATEMENT_PHRASES)],
            )
        )
    return found


LEARNERS = [
    DemoPerson(
        "Yusuf Carrington",
        "mentee",
        "City of Prairie Bluff",
        "Assistant City Manager",
        "Prairie Bluff",
        expertise=("council_manager_relations", "strategic_planning"),
        state="KS",
        region="Flint Hills",
    ),
    DemoPerson(
        "Marisela Oduya",
        "mentee",
        "County of Lone Pine",
        "Deputy County Administrator",
        "Lone Pine",
        expertise=("finance", "human_resources"),
        state="TX",
        region="Hill Country",
    ),
    DemoPerson(
        "Quentin Abara-Lowe",
        "mentee",
        "Town of Birch Hollow",
        "Town Administrator",
        "Birch Hollow",
        expertise=("work_life_balance",),
        state="VT",
        region="Green Mountains",
        status="submitted",
    ),
]

ADVISORS = [
    DemoPerson(
        f"{name}",
        "mentor",
        f"City of {city} (retired)",
        "Retired City Manager",
        city,
        expertise=expertise,
        state=state,
        region=region,
        years=30,
        frequency="quarterly",
        statement="Thirty years in city management; glad to talk through career moves, council relations and hard "
        "calls, in confidence.",
    )
    for name, city, state, region, expertise in [
        ("Harriet Okafor-Blaine", "Sutter Grove", "CA", "Sacramento", ("management", "human_resources", "finance")),
        ("Leopold Rasmussen", "Ironwood", "MI", "Upper Peninsula", ("council_manager_relations", "police", "fire_ems")),
        ("Constance Whitfield", "Magnolia", "TX", "East Texas", ("work_life_balance", "management", "finance")),
        ("Amadou Kessler", "Ridgefield", "WA", "Southwest", ("strategic_planning", "public_works", "engineering")),
        (
            "Bernadette Oyama",
            "Mesquite Wells",
            "AZ",
            "Sonoran",
            ("executive_staff_relations", "community_engagement", "management"),
        ),
        ("Silas Thornquist", "Elm Harbor", "CA", "North Coast", ("finance", "outsourcing", "strategic_planning")),
    ]
]
MEMBERS = [
    DemoPerson(
        "Rowena Delgado-Fitch",
        "mentee",
        "City of Sandstone",
        "City Manager",
        "Sandstone",
        expertise=("council_manager_relations",),
        state="NV",
        region="Great Basin",
    )
]


def load_national() -> list[Program]:
    host = build.association(NDCMA)
    network = build.program(
        "demo-coachconnect",
        host,
        name="Demo CoachConnect",
        kind=Program.Kind.ALWAYS_OPEN,
        deadline=None,
        pairing_mode=Program.PairingMode.GALLERY,
        mentee_max_mentors=3,
        term_months=6,
        term_description="Six months, renewable",
        time_zone="America/New_York",
        description=(
            "A national coaching network, open all year: choose a coach from the gallery for one engagement, "
            "then another when you are ready, or a few at once."
        ),
    )
    build.people(network, coaches() + LEARNERS)
    roster = build.program(
        "demo-senior-advisors",
        host,
        name="Demo Senior Advisors",
        kind=Program.Kind.ADVISORS,
        deadline=None,
        pairing_mode=Program.PairingMode.GALLERY,
        requires_agreement=False,
        time_zone="America/New_York",
        description=(
            "Retired managers who volunteer to talk through personal and professional questions with members "
            "(not technical consulting). Find an advisor in your state and ask them."
        ),
    )
    build.people(roster, ADVISORS + MEMBERS)
    return [network, roster]
