"""Invented mentors and mentees for the benchmark and the tests: seeded, so runs repeat.

Each is an application the factories build in memory (nothing is saved), read into the scorer's facts by the same
readers a match run uses (matching.selectors). Places, agencies and sentences are made up; the value codes mirror
applications.vocabulary.
"""

from __future__ import annotations

import random

from accounts.factories import UNUSABLE_PASSWORD, ProfileFactory, UserFactory
from accounts.models import User
from applications.factories import ApplicationFactory, MentorApplicationFactory
from matching.facts import CAREER_STAGES, CONTACT_FORMS, FREQUENCIES, MenteeFacts, MentorFacts
from matching.selectors import mentee_facts, mentor_facts

AREAS: tuple[str, ...] = (
    "finance",
    "police",
    "fire_ems",
    "public_works",
    "human_resources",
    "management",
    "information_technology",
    "economic_development",
    "engineering",
    "community_engagement",
    "council_manager_relations",
    "executive_staff_relations",
    "refuse_recycling",
    "outsourcing",
    "intergovernment_cooperation",
    "performance_measurement",
    "strategic_planning",
    "work_life_balance",
)
REGIONS: dict[str, tuple[str, ...]] = {
    "Harbor Coast": ("Port Alder", "Sandmere", "Gullhaven"),
    "Inland Valley": ("Cedar Flats", "Orchard Bend", "Millbrook"),
    "High Desert": ("Dustin Wells", "Sagehill", "Red Mesa"),
    "North Foothills": ("Pinecrest", "Larkspur Ridge", "Stonefield"),
    "Delta Plains": ("Reedport", "Willow Ford", "Marshton"),
}
JURISDICTION_TYPES: tuple[str, ...] = ("city", "town", "county", "special_district", "state")
JURISDICTION_SIZES: tuple[str, ...] = ("small", "medium", "large")
AGENCY_PATTERNS: tuple[str, ...] = ("City of {city}", "{city} Water District", "{city} Transit Authority")

STATEMENT_PHRASES: tuple[str, ...] = (
    "I mentor because someone once opened doors for me early in my career.",
    "I enjoy helping new professionals navigate council relations and public meetings.",
    "Budget season taught me patience and I like sharing what I learned about forecasting.",
    "I have led capital projects and can coach on engineering contracts and field crews.",
    "Building trust with residents and community groups is what I care about most.",
    "I can help with hiring, labor negotiations and difficult personnel conversations.",
    "I moved from analyst to assistant city manager and want to show others the path.",
    "Performance dashboards and data driven decisions changed how my department works.",
    "I prefer a mentee who is curious, candid and willing to try new assignments.",
    "Work life balance matters; I share how I protect time for family while leading staff.",
    "Emergency operations and disaster recovery shaped my view of public service.",
    "I helped consolidate dispatch services across three agencies and can explain the politics.",
    "Strategic planning retreats with elected officials are my favourite part of the job.",
    "Economic development deals need listening skills as much as spreadsheets.",
    "Solid waste and recycling contracts taught me negotiation with private vendors.",
    "I like video calls early in the morning and meeting for coffee once a quarter.",
)
GOAL_PHRASES: tuple[str, ...] = (
    "I want to understand municipal budgeting and long range financial forecasting.",
    "My goal is to become an assistant city manager within five years.",
    "I hope to get better at presenting to council and handling public meetings.",
    "I would like guidance on leading a team for the first time.",
    "I want to learn how capital projects and engineering contracts are managed.",
    "Help me build relationships with community groups and residents.",
    "I am looking for advice on hiring, labor relations and personnel issues.",
    "I want to use data and performance measurement to improve services.",
    "I need perspective on balancing work and family while growing my career.",
    "I am curious about emergency management and disaster recovery planning.",
    "I want to learn how agencies cooperate on shared services and dispatch.",
    "I want exposure to strategic planning with elected officials.",
    "I am interested in economic development and downtown revitalization.",
)
PREFERENCE_PHRASES: tuple[str, ...] = (
    "A candid mentor who gives direct feedback.",
    "Someone patient who has worked in a small agency.",
    "I prefer video calls in the evening.",
    "A mentor who has led a large department.",
    "Someone who enjoys talking about council relations.",
    "Meeting for coffee now and then would be great.",
    "",
)


def _forms(rng: random.Random) -> list[str]:
    # Everyone accepts at least one form; email and phone are the common ones.
    chosen = [form for form in CONTACT_FORMS if rng.random() < 0.5]
    return chosen or [rng.choice(CONTACT_FORMS)]


def _place(rng: random.Random) -> tuple[str, str, str]:
    region = rng.choice(sorted(REGIONS))
    city = rng.choice(REGIONS[region])
    organization = rng.choice(AGENCY_PATTERNS).format(city=city)
    # A few leave the region blank, so the city fallback for "in person" gets exercised.
    return organization, city, "" if rng.random() < 0.05 else region


def _applicant(person: int, place: tuple[str, str, str], jurisdiction: tuple[str, str]) -> User:
    """An unsaved applicant (id `person`) with their profile, as the application's reader finds them."""
    organization, city, region = place
    user = UserFactory.build(id=person, password=UNUSABLE_PASSWORD, verified=None)
    ProfileFactory.build(
        user=user,
        organization=organization,
        city=city,
        region=region,
        jurisdiction_type=jurisdiction[0],
        jurisdiction_size=jurisdiction[1],
    )
    return user


def synthetic_mentor(rng: random.Random, key: int, person: int) -> MentorFacts:
    """An invented mentor's application, built in memory by the factories and read as a match run reads it."""
    place = _place(rng)
    answers = {
        "expertise": rng.sample(AREAS, 3),
        "frequency": rng.choice(FREQUENCIES),
        "contact_forms": _forms(rng),
        "statement": " ".join(rng.sample(STATEMENT_PHRASES, rng.randint(2, 4))),
        "years_experience": rng.randint(3, 35),
    }
    jurisdiction = rng.choice((*JURISDICTION_TYPES, "")), rng.choice((*JURISDICTION_SIZES, ""))
    capacity = rng.randint(1, 3)
    application = MentorApplicationFactory.build(
        id=key,
        program=None,
        applicant=_applicant(person, place, jurisdiction),
        capacity=capacity,
        preferences="",
        **answers,
    )
    return mentor_facts(application, capacity)


def synthetic_mentee(rng: random.Random, key: int, person: int) -> MenteeFacts:
    """An invented mentee's application, built in memory by the factories and read as a match run reads it."""
    place = _place(rng)
    answers = {
        "expertise": rng.sample(AREAS, rng.randint(1, 3)),
        "frequency": rng.choice((*FREQUENCIES, "")),
        "contact_forms": _forms(rng),
        "goals": " ".join(rng.sample(GOAL_PHRASES, rng.randint(1, 3))),
        "preferences": rng.choice(PREFERENCE_PHRASES),
        "career_stage": rng.choice((*CAREER_STAGES, "")),
    }
    jurisdiction = rng.choice((*JURISDICTION_TYPES, "")), rng.choice((*JURISDICTION_SIZES, ""))
    application = ApplicationFactory.build(
        id=key, program=None, applicant=_applicant(person, place, jurisdiction), **answers
    )
    return mentee_facts(application)


def synthetic_program(n_mentors: int, n_mentees: int, *, seed: int = 0) -> tuple[list[MentorFacts], list[MenteeFacts]]:
    """Mentor keys are 1..n_mentors, mentee keys follow. About 3% of mentees are people who
    also applied as mentors (same person id), as happens when someone applies for both roles."""
    rng = random.Random(seed)  # noqa: S311 - invented test data, not secrets
    mentors = [synthetic_mentor(rng, key=index + 1, person=index + 1) for index in range(n_mentors)]
    mentees = []
    for index in range(n_mentees):
        both_roles = mentors and rng.random() < 0.03
        person = rng.choice(mentors).person if both_roles else n_mentors + index + 1
        mentees.append(synthetic_mentee(rng, key=n_mentors + index + 1, person=person))
    return mentors, mentees
