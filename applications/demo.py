"""Demo data for `make run`: one open program, a chair and about 20 invented applicants.

Every name here is invented. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from applications.models import Program

DEMO_PASSWORD = "demo-password-2024"  # noqa: S105 -- published in the README; demo data only
CHAIR_EMAIL = "chair@demo.example"


@dataclass(frozen=True)
class DemoPerson:
    full_name: str
    role: str  # "mentor", "mentee" or "both"
    organization: str
    title: str
    city: str

    @property
    def email(self) -> str:
        return self.full_name.lower().replace(" ", ".") + "@demo.example"


PEOPLE = [
    DemoPerson("Rosalind Vantreese", "mentor", "City of Almond Grove", "City Manager", "Almond Grove"),
    DemoPerson("Tobias Quillfeather", "mentor", "City of Harbor Bend", "Assistant City Manager", "Harbor Bend"),
    DemoPerson("Marisol Okonkwo-Hale", "mentor", "County of Sierra Vista", "Finance Director", "Sierra Vista"),
    DemoPerson("Desmond Arkwright", "mentor", "City of Pinecrest", "Public Works Director", "Pinecrest"),
    DemoPerson("Imogen Castellane", "mentor", "Town of Willow Flats", "Town Manager", "Willow Flats"),
    DemoPerson("Bartholomew Nakashima", "mentor", "City of Copper Ridge", "Deputy City Manager", "Copper Ridge"),
    DemoPerson("Ophelia Brandywine", "mentor", "City of Lakeshore Heights", "Human Resources Director", "Lakeshore"),
    DemoPerson("Cornelius Abernathy-Ruiz", "both", "City of Mesa Alta", "Assistant to the City Manager", "Mesa Alta"),
    DemoPerson("Genevieve Thornbury", "mentor", "City of Fairhaven", "Police Chief (retired)", "Fairhaven"),
    DemoPerson("Percival Odunsi", "mentor", "City of Cedar Crossing", "Economic Development Manager", "Cedar"),
    DemoPerson("Priya Wexford", "mentee", "City of Almond Grove", "Management Analyst", "Almond Grove"),
    DemoPerson("Jasper Delacroix-Mbeki", "mentee", "State University", "MPA Student", "Harbor Bend"),
    DemoPerson("Lucinda Featherstone", "mentee", "City of Pinecrest", "Senior Management Analyst", "Pinecrest"),
    DemoPerson("Rafferty Oyelaran", "mentee", "County of Sierra Vista", "Budget Analyst", "Sierra Vista"),
    DemoPerson("Wilhelmina Sato-Greene", "mentee", "City of Copper Ridge", "Executive Assistant", "Copper Ridge"),
    DemoPerson("Thaddeus Marchetti", "mentee", "Coastal College", "Undergraduate, Public Policy", "Harbor Bend"),
    DemoPerson("Esperanza Lindqvist", "mentee", "City of Fairhaven", "Administrative Analyst", "Fairhaven"),
    DemoPerson("Barnaby Achterberg", "mentee", "Town of Willow Flats", "Deputy Town Clerk", "Willow Flats"),
    DemoPerson("Clementine Adeyemi", "mentee", "City of Mesa Alta", "Management Fellow", "Mesa Alta"),
    DemoPerson("Florian Kowalczyk-Reyes", "mentee", "City of Cedar Crossing", "Planning Technician", "Cedar"),
    DemoPerson("Henrietta Vasquez-Lowe", "mentee", "Regional Transit District", "Project Coordinator", "Lakeshore"),
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
    program, _ = Program.objects.get_or_create(
        slug="demo-2025",
        defaults={
            "name": "Demo Mentorship Program",
            "association": "Demo Municipal Management Association",
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
    for person in PEOPLE:
        _user(person.email, person.full_name)
    return program


def demo_logins() -> list[tuple[str, str]]:
    logins = [("Chair (staff, admin)", CHAIR_EMAIL)]
    logins += [(f"{p.role.capitalize()}: {p.full_name}", p.email) for p in PEOPLE[:1] + PEOPLE[10:11]]
    return logins
