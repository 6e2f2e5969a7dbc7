"""Demo data for `make run`: five associations' programs, a chair login per association and one superuser.

- cohort: DMMA's yearly cohort (like MMASC's), about 20 applicants, an overdue pair, a student chapter and an offer;
- gallery: BSCMA's yearly cohort where mentees choose from the Mentors Gallery (like laCMA's);
- coaching: a coaching program hosted by one association, open to members of three partners (like Cal-ICMA's);
- events: DMMA's events with RSVPs, a waitlist and attendance, and its coaching library;
- national: an always-open coaching network with 50 coaches (like ICMA CoachConnect) and a Senior Advisor roster.

Every name here is invented; every application passes the eligibility rules the form applies. Loading twice
changes nothing (everything is found by email or slug before it is made).
"""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from applications.demo import build
from applications.demo.build import ADMIN_EMAIL, DEMO_PASSWORD
from applications.demo.coaching import load_coaching
from applications.demo.cohort import CHAIR_EMAIL, PEOPLE, load_cohort
from applications.demo.events import load_events
from applications.demo.gallery import load_gallery
from applications.demo.national import load_national
from applications.models import Program
from associations.models import Association

__all__ = ["ADMIN_EMAIL", "CHAIR_EMAIL", "DEMO_PASSWORD", "PEOPLE", "demo_logins", "load_demo"]


@transaction.atomic
def load_demo() -> Program:
    """Load everything; returns DMMA's cohort, the program the README's mentor and mentee belong to."""
    build.user(ADMIN_EMAIL, "Ada Adminworth", superuser=True)
    cohort = load_cohort()
    load_events(cohort)
    load_gallery()
    load_coaching()
    load_national()
    return cohort


def demo_logins() -> list[tuple[str, str]]:
    """(who, email) for every demo login the README lists: the superuser, each association's chair, two people."""
    logins = [("Superuser (sees every association)", ADMIN_EMAIL)]
    chairs = User.objects.filter(chaired_associations__isnull=False).distinct().order_by("email")
    for chair in chairs:
        chaired = Association.objects.filter(chairs=chair).values_list("short_name", flat=True)
        logins.append((f"Chair of {', '.join(chaired)}", chair.email))
    logins += [(f"{p.role.capitalize()}: {p.full_name}", p.email) for p in PEOPLE[:1] + PEOPLE[10:11]]
    return logins
