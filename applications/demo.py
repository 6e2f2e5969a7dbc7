"""Demo data for `make run`: one open program, a chair and about 20 invented applicants.

Every name here is invented. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Profile, User
from applications.models import Application, ApplicationEvent, Program
from associations.models import Association

DEMO_PASSWORD = "demo-password-2024"  # noqa: S105 -- published in the README; demo data only
CHAIR_EMAIL = "chair@demo.example"


@dataclass(frozen=True)
class DemoPerson:
    full_name: str
    role: str  # "mentor", "mentee" or "both"
    organization: str
    title: str
    city: str
    status: str = "approved"
    expertise: tuple[str, ...] = ("finance", "management", "strategic_planning")
    frequency: str = "monthly"
    membership: str = "full"

    @property
    def email(self) -> str:
        return self.full_name.lower().replace(" ", ".") + "@demo.example"


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


def _user(email: str, full_name: str, *, staff: bool = False) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "is_staff": staff, "is_superuser": staff}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@transaction.atomic
def load_demo() -> Program:
    _user(CHAIR_EMAIL, "Delphine Chairwell", staff=True)
    today = timezone.localdate()
    host, _ = Association.objects.get_or_create(
        short_name="DMMA", defaults={"name": "Demo Municipal Management Association", "slug": "dmma"}
    )
    program, _ = Program.objects.get_or_create(
        slug="demo-2025",
        defaults={
            "name": "Demo Mentorship Program",
            "host": host,
            "description": (
                "A one-year program pairing experienced local-government professionals with students and "
                "early-career staff. Pairs meet or communicate at least once a month."
            ),
            "time_zone": "America/Los_Angeles",
            "deadline": today + dt.timedelta(days=21),
            "chair_email": CHAIR_EMAIL,
            "required_regional_events": 1,
            "required_signature_events": 1,
            "requirements": "Mentees are encouraged to join a planning committee for a signature event.",
        },
    )
    chair = User.objects.get(email=CHAIR_EMAIL)
    for person in PEOPLE:
        user = _user(person.email, person.full_name)
        _profile(user, person)
        roles = ["mentor", "mentee"] if person.role == "both" else [person.role]
        for role in roles:
            if not Application.objects.filter(program=program, applicant=user, role=role).exists():
                _application(program, user, person, role, chair)
    _overdue_pair(program)
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
    started = timezone.localdate() - dt.timedelta(days=75)
    pairing.started_on, pairing.ends_on = Pairing.term_for(program, started)
    pairing.created_at = timezone.now() - dt.timedelta(days=75)
    pairing.save(update_fields=["started_on", "ends_on", "created_at"])
    pairing.events.update(at=pairing.created_at)


def _profile(user: User, person: DemoPerson) -> None:
    Profile.objects.get_or_create(
        user=user,
        defaults={
            "organization": person.organization,
            "title": person.title,
            "address": "100 Civic Center Drive",
            "city": person.city,
            "state": "CA",
            "zip_code": "90000",
            "phone": "555-0100",
            "region": "Demo County",
            "jurisdiction_type": Profile.JurisdictionType.CITY,
        },
    )


def _application(program: Program, user: User, person: DemoPerson, role: str, chair: User) -> None:
    status = person.status if person.role != "both" else "approved"
    mentor = role == "mentor"
    application = Application(
        program=program,
        association=program.host,
        applicant=user,
        role=role,
        membership=person.membership,
        expertise=list(person.expertise),
        frequency=person.frequency,
        contact_forms=["in_person", "video", "email"] if mentor else ["video", "email"],
        preferences="Someone open to candid feedback." if mentor else "A mentor who has worked in a city like mine.",
        years_experience=15 if mentor else None,
        education="MPA" if mentor else "",
        statement=f"As {person.title} I have learned what I wish someone had told me early on." if mentor else "",
        capacity=2 if mentor else None,
        works_at_public_agency=None if mentor else "University" not in person.organization,
        career_stage="" if mentor else "early_career",
        goals="" if mentor else f"Grow from {person.title} toward management; learn budgeting and council work.",
    )
    if person.membership == Application.Membership.NONMEMBER:
        application.fee_status, application.fee_amount = Application.Fee.DUE, program.host.nonmember_fee
    application.resume.save(f"{user.pk}.pdf", ContentFile(_demo_resume(person)), save=False)
    application.save()
    ApplicationEvent.objects.create(application=application, status="draft", actor=user)
    if status != "draft":
        application.submitted_at = timezone.now()
        ApplicationEvent.objects.create(application=application, status="submitted", actor=user)
    if status not in ("draft", "submitted"):
        decided = status in Application.DECIDED
        application.decided_by = chair if decided else None
        application.decided_at = timezone.now() if decided else None
        ApplicationEvent.objects.create(
            application=application, status=status, actor=user if status == "withdrawn" else chair
        )
    application.status = status
    application.save()


def _demo_resume(person: DemoPerson) -> bytes:
    """A one-page PDF naming the invented person, written by hand (no dependency needed)."""
    text = f"{person.full_name} - {person.title}, {person.organization} (demo resume)".replace("(", "[").replace(
        ")", "]"
    )
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def demo_logins() -> list[tuple[str, str]]:
    logins = [("Chair (staff, admin)", CHAIR_EMAIL)]
    logins += [(f"{p.role.capitalize()}: {p.full_name}", p.email) for p in PEOPLE[:1] + PEOPLE[10:11]]
    return logins
