"""DMMA's yearly cohort (like MMASC's): one program with a deadline three weeks out, the chair matches, about 20
applicants in every state an application can be in, one pair overdue for a check-in, and a student chapter near
the association with a manager's offer to it; the program allows groups, and that manager mentors three of the
chapter's students as one group (one agreement, shared check-ins)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import applications.demo.build as build
from applications.demo.build import DemoAssociation, DemoPerson
from applications.models import Application, Program
from associations.models import Association

CHAIR_EMAIL = "chair@demo.example"
DMMA = DemoAssociation(
    slug="dmma",
    short_name="DMMA",
    name="Demo Municipal Management Association",
    region="California",
    colour="#1f4e79",
    chair_name="Delphine Chairwell",
    chair_email=CHAIR_EMAIL,
)

PEOPLE = [
    DemoPerson("Rosalind Vantreese", "mentor", "City of Almond Grove", "City Manager", "Almond Grove"),
    DemoPerson(
        "Tobias Quillfeather",
        "mentor",
        "City of Harbor Bend",
        "Assistant City Manager",
        "Harbor Bend",
        expertise=("council_manager_relations", "economic_development", "work_life_balance"),
        frequency="every_other_month",
    ),
    DemoPerson(
        "Marisol Okonkwo-Hale",
        "mentor",
        "County of Sierra Vista",
        "Finance Director",
        "Sierra Vista",
        expertise=("finance", "performance_measurement", "intergovernment_cooperation"),
    ),
    DemoPerson(
        "Desmond Arkwright",
        "mentor",
        "City of Pinecrest",
        "Public Works Director",
        "Pinecrest",
        expertise=("public_works", "engineering", "refuse_recycling"),
        frequency="quarterly",
    ),
    DemoPerson(
        "Imogen Castellane",
        "mentor",
        "Town of Willow Flats",
        "Town Manager",
        "Willow Flats",
        status="submitted",
        expertise=("management", "community_engagement", "work_life_balance"),
    ),
    DemoPerson(
        "Bartholomew Nakashima",
        "mentor",
        "City of Copper Ridge",
        "Deputy City Manager",
        "Copper Ridge",
        status="under_review",
        expertise=("information_technology", "strategic_planning", "outsourcing"),
    ),
    DemoPerson(
        "Ophelia Brandywine",
        "mentor",
        "City of Lakeshore Heights",
        "Human Resources Director",
        "Lakeshore",
        expertise=("human_resources", "executive_staff_relations", "management"),
    ),
    DemoPerson(
        "Cornelius Abernathy-Ruiz",
        "both",
        "City of Mesa Alta",
        "Assistant to the City Manager",
        "Mesa Alta",
        expertise=("economic_development", "community_engagement", "finance"),
    ),
    DemoPerson(
        "Genevieve Thornbury",
        "mentor",
        "City of Fairhaven",
        "Police Chief (retired)",
        "Fairhaven",
        expertise=("police", "fire_ems", "executive_staff_relations"),
        frequency="quarterly",
    ),
    DemoPerson(
        "Percival Odunsi",
        "mentor",
        "City of Cedar Crossing",
        "Economic Development Manager",
        "Cedar",
        status="draft",
        expertise=("economic_development", "strategic_planning", "intergovernment_cooperation"),
    ),
    DemoPerson("Priya Wexford", "mentee", "City of Almond Grove", "Management Analyst", "Almond Grove"),
    DemoPerson(
        "Jasper Delacroix-Mbeki",
        "mentee",
        "State University",
        "MPA Student",
        "Harbor Bend",
        membership="student",
        expertise=("council_manager_relations", "management"),
    ),
    DemoPerson(
        "Lucinda Featherstone",
        "mentee",
        "City of Pinecrest",
        "Senior Management Analyst",
        "Pinecrest",
        expertise=("public_works", "performance_measurement"),
        frequency="every_other_month",
    ),
    DemoPerson(
        "Rafferty Oyelaran",
        "mentee",
        "County of Sierra Vista",
        "Budget Analyst",
        "Sierra Vista",
        status="submitted",
        expertise=("finance",),
    ),
    DemoPerson(
        "Wilhelmina Sato-Greene",
        "mentee",
        "City of Copper Ridge",
        "Executive Assistant",
        "Copper Ridge",
        status="waitlisted",
        expertise=("human_resources", "work_life_balance"),
    ),
    DemoPerson(
        "Thaddeus Marchetti",
        "mentee",
        "Coastal College",
        "Undergraduate, Public Policy",
        "Harbor Bend",
        status="submitted",
        membership="nonmember",
        expertise=("community_engagement",),
    ),
    DemoPerson(
        "Esperanza Lindqvist",
        "mentee",
        "City of Fairhaven",
        "Administrative Analyst",
        "Fairhaven",
        expertise=("police", "executive_staff_relations", "management"),
        frequency="quarterly",
    ),
    DemoPerson(
        "Barnaby Achterberg",
        "mentee",
        "Town of Willow Flats",
        "Deputy Town Clerk",
        "Willow Flats",
        status="declined",
        expertise=("refuse_recycling",),
    ),
    DemoPerson(
        "Clementine Adeyemi",
        "mentee",
        "City of Mesa Alta",
        "Management Fellow",
        "Mesa Alta",
        expertise=("strategic_planning", "economic_development", "finance"),
    ),
    DemoPerson(
        "Florian Kowalczyk-Reyes",
        "mentee",
        "City of Cedar Crossing",
        "Planning Technician",
        "Cedar",
        status="draft",
        expertise=("engineering", "economic_development"),
    ),
    DemoPerson(
        "Henrietta Vasquez-Lowe",
        "mentee",
        "Regional Transit District",
        "Project Coordinator",
        "Lakeshore",
        status="withdrawn",
        membership="nonmember",
        expertise=("intergovernment_cooperation", "information_technology"),
    ),
]

# Three MPA students of the chapter near DMMA, whom Tobias (the chapter's mentor) mentors as one group.
CHAPTER_STUDENTS = [
    DemoPerson(
        full_name,
        "mentee",
        "State University of the Demo Coast",
        "MPA Student",
        "Harbor Bend",
        membership="student",
        expertise=("council_manager_relations", "economic_development"),
    )
    for full_name in ("Noor Abernathy-Sato", "Eliseo Brightwater", "Wren Castellanos-Duff")
]
PEOPLE += CHAPTER_STUDENTS


def load_cohort() -> Program:
    host = build.association(DMMA)
    program = build.program(
        "demo-2025",
        host,
        name="Demo Mentorship Program",
        description=(
            "A one-year program pairing experienced local-government professionals with students and "
            "early-career staff. Pairs meet or communicate at least once a month."
        ),
        time_zone="America/Los_Angeles",
        deadline=timezone.localdate() + dt.timedelta(days=21),
        required_regional_events=1,
        required_signature_events=1,
        requirements="Mentees are encouraged to join a planning committee for a signature event.",
        allows_groups=True,
        mentor_max_mentees=3,
    )
    build.people(program, PEOPLE)
    _overdue_pair(program)
    _student_chapter(host)
    _chapter_group(program)
    return program


def _overdue_pair(program: Program) -> None:
    """Rosalind mentors Priya since 75 days ago and no check-in is logged: the daily jobs remind them."""
    from pairings.models import Pairing
    from pairings.services import pairing_create

    mentor = Application.objects.get(program=program, role="mentor", applicant__email=PEOPLE[0].email)
    mentee = Application.objects.get(program=program, role="mentee", applicant__email=PEOPLE[10].email)
    if Pairing.objects.filter(mentor_application=mentor, mentee_application=mentee).exists():
        return
    pairing = pairing_create(
        mentor_application=mentor, mentee_application=mentee, source=Pairing.Source.CHAIR, approved_by=None
    )
    build.backdate_pairing(pairing, days=75)


def _student_chapter(host: Association) -> None:
    """A university's MPA chapter near DMMA, and Tobias (an assistant city manager) offering to mentor it."""
    from accounts.models import User
    from chapters.factories import StudentChapterFactory
    from chapters.models import ChapterOffer, StudentChapter
    from chapters.services import chapter_offer_create

    university = "State University of the Demo Coast"
    chapter = StudentChapter.objects.filter(association=host, university=university).first() or StudentChapterFactory(
        association=host,
        university=university,
        program_name="Master of Public Administration",
        city="Harbor Bend",
        state="CA",
        contact_name="Professor Alma Ridgeway",
        contact_email="mpa-chapter@stateu.demo.example",
    )
    manager = User.objects.get(email=PEOPLE[1].email)
    if not ChapterOffer.objects.filter(chapter=chapter, manager=manager).exists():
        chapter_offer_create(
            chapter=chapter,
            manager=manager,
            kind=ChapterOffer.Kind.GROUP_MENTORING,
            message="I run council relations in Harbor Bend and would like to mentor a few of your MPA students.",
            suggested_dates="Any Tuesday evening next month",
        )


def _chapter_group(program: Program) -> None:
    """Tobias mentors three of the chapter's MPA students as one group since 20 days ago: the group logged one
    check-in together, and Tobias and one student have signed the group's agreement."""
    from agreements import services as agreement_services
    from pairings import groups
    from pairings.models import MentoringGroup, Pairing
    from pairings.services import pairing_create

    mentor = Application.objects.get(program=program, role="mentor", applicant__email=PEOPLE[1].email)
    if MentoringGroup.objects.filter(mentor_application=mentor).exists():
        return
    Application.objects.filter(pk=mentor.pk).update(capacity=3)
    students = Application.objects.filter(
        program=program, role="mentee", applicant__email__in=[p.email for p in CHAPTER_STUDENTS]
    ).order_by("applicant__full_name")
    pairings = [
        pairing_create(
            mentor_application=mentor, mentee_application=student, source=Pairing.Source.CHAIR, approved_by=None
        )
        for student in students
    ]
    for pairing in pairings:
        build.backdate_pairing(pairing, days=20)
    chair = program.host.chairs.order_by("pk").first()
    group = groups.group_form(pairings=pairings, actor=chair, name="State University MPA chapter")
    groups.group_checkin_log(
        group=group,
        actor=mentor.applicant,
        date=timezone.localdate() - dt.timedelta(days=10),
        form="in_person",
        minutes=90,
        note="Toured Harbor Bend's council chambers; each student picked a question for next time.",
    )
    pairings[0].refresh_from_db()
    agreement = agreement_services.agreement_for_pairing(pairing=pairings[0])
    for person in (mentor.applicant, pairings[0].mentee):
        agreement_services.agreement_sign(
            agreement=agreement, signer=person, typed_name=person.full_name, consent=True, ip=None, user_agent="demo"
        )
