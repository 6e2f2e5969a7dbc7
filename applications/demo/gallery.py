"""BSCMA's gallery cohort (like laCMA's): a yearly program where mentees choose their mentor from the Mentors
Gallery instead of the chair matching them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import applications.demo.build as build
from applications.demo.build import DemoAssociation, DemoPerson
from applications.models import Program

BSCMA = DemoAssociation(
    slug="bscma",
    short_name="BSCMA",
    name="Bayou State City Management Association",
    region="Louisiana",
    colour="#6b2c91",
    chair_name="Lucien Thibodeaux-Marsh",
    chair_email="chair.bscma@demo.example",
    nonmember_fee="25.00",
)


def _la(name: str, role: str, organization: str, title: str, city: str, expertise: tuple[str, ...], **kw):
    return DemoPerson(name, role, organization, title, city, expertise=expertise, state="LA", region="Acadiana", **kw)


PEOPLE = [
    _la(
        "Evangeline Broussard",
        "mentor",
        "City of Bayou Teche",
        "City Manager",
        "Bayou Teche",
        ("council_manager_relations", "management", "finance"),
    ),
    _la(
        "Remy Fontenot-Park",
        "mentor",
        "Parish of Cypress Bend",
        "Parish Administrator",
        "Cypress Bend",
        ("intergovernment_cooperation", "fire_ems", "strategic_planning"),
    ),
    _la(
        "Odalys Guidry",
        "mentor",
        "City of Pelican Point",
        "Assistant City Manager",
        "Pelican Point",
        ("economic_development", "community_engagement", "work_life_balance"),
    ),
    _la(
        "Beaumont Arceneaux",
        "mentor",
        "Town of Magnolia Ferry",
        "Public Works Director",
        "Magnolia Ferry",
        ("public_works", "engineering", "refuse_recycling"),
    ),
    _la(
        "Celestine Landry",
        "mentee",
        "City of Bayou Teche",
        "Management Analyst",
        "Bayou Teche",
        ("finance", "management"),
    ),
    _la(
        "Marcel Doucet-Ibarra",
        "mentee",
        "Parish of Cypress Bend",
        "Budget Analyst",
        "Cypress Bend",
        ("strategic_planning",),
    ),
    _la(
        "Josette Hebert",
        "mentee",
        "Delta State University",
        "MPA Student",
        "Pelican Point",
        ("community_engagement", "economic_development"),
        membership="student",
        status="submitted",
    ),
]


# Days a mentor has to answer a mentee's request: the program's setting, which its description states. Three (the
# project's default): a mentee asks one mentor at a time before a deadline a month out, so a request cannot wait
# weeks.
RESPONSE_DAYS = 3


def load_gallery() -> Program:
    host = build.association(BSCMA)
    program = build.program(
        "bscma-2025",
        host,
        name="BSCMA Mentorship Program",
        description=(
            "Choose your own mentor: browse the Mentors Gallery, ask the mentor who fits you, and they accept or "
            f"decline within {RESPONSE_DAYS} days. Pairs meet for a year."
        ),
        gallery_response_days=RESPONSE_DAYS,
        time_zone="America/Chicago",
        deadline=timezone.localdate() + dt.timedelta(days=30),
        pairing_mode=Program.PairingMode.GALLERY,
    )
    build.people(program, PEOPLE)
    return program
