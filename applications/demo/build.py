"""The demo's small builders: one function per kind of object, each a look-up by a natural key (email, slug) and
otherwise a row made by the project's factories (`<app>/factories.py`), so loading twice creates nothing twice and
the demo's rows are made the way the tests' are."""

from __future__ import annotations

import datetime as dt
import functools
import zlib
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from accounts.factories import UNUSABLE_PASSWORD, ProfileFactory, UserFactory
from accounts.models import Profile, User
from applications import eligibility
from applications.factories import ApplicationEventFactory, ApplicationFactory, ProgramFactory
from applications.models import Application, ApplicationEvent, Program
from associations.factories import AssociationFactory
from associations.models import Association
from associations.roles import chair_grant

DEMO_PASSWORD = "demo-password-2024"  # noqa: S105 -- published in the README; demo data only
ADMIN_EMAIL = "admin@demo.example"


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
    state: str = "CA"
    region: str = "Demo County"
    association: str = ""  # the slug of a partner association they belong to; blank: the program's host
    years: int = 15
    statement: str = ""  # a mentor's; blank: one sentence from their title

    @property
    def email(self) -> str:
        return self.full_name.lower().replace(" ", ".") + "@demo.example"


@dataclass(frozen=True)
class DemoAssociation:
    slug: str
    short_name: str
    name: str
    region: str
    colour: str
    chair_name: str
    chair_email: str
    categories: tuple[str, ...] = ("full", "student")
    allow_eligible_nonmembers: bool = True
    nonmember_fee: str = "50.00"


@functools.cache
def _demo_password_hash() -> str:
    """Hashed once per process: hashing is slow on purpose, and about a hundred accounts share the password."""
    return make_password(DEMO_PASSWORD)


def user(email: str, full_name: str, *, superuser: bool = False) -> User:
    person = User.objects.filter(email=email).first()
    if person is None:
        # Made with no password (hashing one per account is slow), then given the demo password's one hash.
        person = UserFactory(email=email, full_name=full_name, chair=superuser, password=UNUSABLE_PASSWORD)
        person.password = _demo_password_hash()
        person.save(update_fields=["password"])
    return person


def association(spec: DemoAssociation) -> Association:
    """The association and its chair: a scoped role, never a superuser (an older demo made its chair one)."""
    found = Association.objects.filter(slug=spec.slug).first() or AssociationFactory(
        slug=spec.slug,
        short_name=spec.short_name,
        name=spec.name,
        region=spec.region,
        colour=spec.colour,
        contact_email=f"mentoring@{spec.slug}.demo.example",
        membership_categories=list(spec.categories),
        allow_eligible_nonmembers=spec.allow_eligible_nonmembers,
        nonmember_fee=spec.nonmember_fee,
    )
    chair = user(spec.chair_email, spec.chair_name)
    if chair.is_superuser:
        User.objects.filter(pk=chair.pk).update(is_superuser=False)
        chair.is_superuser = False
    chair_grant(chair, found)
    return found


def program(slug: str, host: Association, partners: list[Association] = (), **fields) -> Program:
    found = Program.objects.filter(slug=slug).first()
    if found is None:
        found = ProgramFactory.build(
            slug=slug, host=host, chair_email=host.chairs.order_by("pk").first().email, **fields
        )
        found.full_clean()  # the admin's rules for a program of its kind
        found.save()
        found.partners.set(partners)
    return found


def profile(person_user: User, person: DemoPerson) -> None:
    if not Profile.objects.filter(user=person_user).exists():
        ProfileFactory(
            user=person_user,
            organization=person.organization,
            title=person.title,
            address="100 Civic Center Drive",
            city=person.city,
            state=person.state,
            zip_code="90000",
            phone="555-0100",
            region=person.region,
            jurisdiction_type=jurisdiction_type(person.organization),
        )


# The kind of agency an organization's name says it is, by the first of these words the name holds. Louisiana's
# parishes are its counties, and the profile's choices (the form's) have no parish: a parish's agency is a county.
_AGENCY_WORDS = (
    ("Parish", Profile.JurisdictionType.COUNTY),
    ("County", Profile.JurisdictionType.COUNTY),
    ("Town", Profile.JurisdictionType.TOWN),
    ("City", Profile.JurisdictionType.CITY),
    ("University", Profile.JurisdictionType.SCHOOL),
    ("College", Profile.JurisdictionType.SCHOOL),
    ("District", Profile.JurisdictionType.SPECIAL_DISTRICT),
)


def jurisdiction_type(organization: str) -> str:
    """City of X: a city; X Parish or Parish of X: a county (see above); Town of X: a town; X County: a county;
    a university or college: a school; a district: a special district; anything else: other."""
    words = organization.replace("(", " ").replace(")", " ").split()
    for word, kind in _AGENCY_WORDS:
        if word in words:
            return kind
    return Profile.JurisdictionType.OTHER


def people(program: Program, persons: list[DemoPerson]) -> None:
    """Each person's account, profile and application(s) to `program`, decided by its host's chair."""
    chair = program.host.chairs.order_by("pk").first()
    for person in persons:
        person_user = user(person.email, person.full_name)
        profile(person_user, person)
        for role in ["mentor", "mentee"] if person.role == "both" else [person.role]:
            if not Application.objects.filter(program=program, applicant=person_user, role=role).exists():
                application(program, person_user, person, role, chair)


def application(program: Program, applicant: User, person: DemoPerson, role: str, chair: User) -> Application:
    status = person.status if person.role != "both" else "approved"
    mentor = role == "mentor"
    member_of = Association.objects.get(slug=person.association) if person.association else program.host
    found = ApplicationFactory.build(  # a draft first: _history takes it to its status as the person and chair would
        program=program,
        status=Application.Status.DRAFT,
        association=member_of,
        applicant=applicant,
        role=role,
        membership=person.membership,
        expertise=list(person.expertise),
        frequency=person.frequency,
        contact_forms=["in_person", "video", "email"] if mentor else ["video", "email"],
        preferences="Someone open to candid feedback." if mentor else "A mentor who has worked in a city like mine.",
        years_experience=person.years if mentor else None,
        education="MPA" if mentor else "",
        statement=(person.statement or f"As {person.title} I have learned what I wish someone had told me early on.")
        if mentor
        else "",
        capacity=min(2, program.mentor_max_mentees) if mentor else None,
        works_at_public_agency=None if mentor else "University" not in person.organization,
        public_service_interest="" if mentor or "University" not in person.organization else "City management.",
        career_stage="" if mentor else "early_career",
        goals="" if mentor else f"Grow from {person.title} toward management; learn budgeting and council work.",
    )
    # As the form would: the rules of the applicant's association, or nothing is saved.
    problems = eligibility.problems(program, eligibility.Answers.of(found), submitting=status != "draft")
    if problems:
        raise ValueError(f"Demo applicant {person.full_name} breaks the rules: {problems}")
    found.fee_status, found.fee_amount = eligibility.fee_terms(member_of, membership=person.membership)
    found.resume.save(f"{applicant.pk}.pdf", ContentFile(demo_resume(person)), save=False)
    found.save()
    _history(found, status, chair)
    return found


def _timeline(found: Application) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """When the person started their application, submitted it and heard back (or withdrew): in office hours of the
    program's time zone, the start two to five weeks before the load and each step days apart, spread by the person
    (the same person, the same days), so the pages' "Since" and the dashboard's days read like a real intake. A
    pairing made later moves its two applications before its start (`backdate_pairing`)."""
    spread = zlib.crc32(f"{found.applicant.email} {found.role}".encode())
    zone = found.program.time_zone
    today = timezone.localdate(timezone=zone)

    def at(days_ago: int, hour: int) -> dt.datetime:
        day = today - dt.timedelta(days=days_ago)
        return dt.datetime.combine(day, dt.time(hour, spread % 60), tzinfo=zone)

    started_days_ago = 14 + spread % 22
    submitted_days_ago = started_days_ago - 1 - spread % 4
    decided_days_ago = submitted_days_ago - 5 - spread % 5  # a day ago at the latest
    return (
        at(started_days_ago, 8 + spread % 9),
        at(submitted_days_ago, 9 + spread % 8),
        at(decided_days_ago, 10 + spread % 6),
    )


def _history(found: Application, status: str, chair: User) -> None:
    applicant = found.applicant
    started, submitted, decided_at = _timeline(found)
    events = [ApplicationEventFactory.build(application=found, status="draft", actor=applicant, at=started)]
    found.status_changed_at = started
    if status != "draft":
        found.submitted_at = found.status_changed_at = submitted
        events.append(
            ApplicationEventFactory.build(application=found, status="submitted", actor=applicant, at=submitted)
        )
    if status not in ("draft", "submitted"):
        decided = status in Application.DECIDED
        found.decided_by = chair if decided else None
        found.decided_at = decided_at if decided else None
        found.status_changed_at = decided_at
        actor = applicant if status == "withdrawn" else chair
        events.append(ApplicationEventFactory.build(application=found, status=status, actor=actor, at=decided_at))
    ApplicationEvent.objects.bulk_create(events)
    found.status = status
    found.save(update_fields=["status", "status_changed_at", "submitted_at", "decided_by", "decided_at"])
    Application.objects.filter(pk=found.pk).update(created_at=started)  # auto_now_add: only an update sets it


# Between an approval and the pairing's start: the chair matches, the pair hears of it.
DECIDED_BEFORE_PAIRING = dt.timedelta(days=9)


def _before_pairing(application: Application, started: dt.datetime) -> None:
    """Move the application's whole history (start, submission, decision, its events) back by as many whole days
    (its times of day stay office hours) as put its decision `DECIDED_BEFORE_PAIRING` or more before the pairing
    `started`; nothing when it is already earlier (a mentor's second mentee)."""
    application.refresh_from_db(fields=["status_changed_at"])
    late = application.status_changed_at - (started - DECIDED_BEFORE_PAIRING)
    if late <= dt.timedelta(0):
        return
    shift = dt.timedelta(days=late.days + (1 if late % dt.timedelta(days=1) else 0))
    Application.objects.filter(pk=application.pk).update(
        created_at=F("created_at") - shift,
        status_changed_at=F("status_changed_at") - shift,
        submitted_at=F("submitted_at") - shift,
        decided_at=F("decided_at") - shift,
    )
    ApplicationEvent.objects.filter(application=application).update(at=F("at") - shift)


def backdate_pairing(pairing, days: int) -> None:
    from pairings.models import Pairing

    started = timezone.localdate() - dt.timedelta(days=days)
    pairing.started_on, pairing.ends_on = Pairing.term_for(pairing.program, started)
    pairing.created_at = timezone.now() - dt.timedelta(days=days)
    pairing.save(update_fields=["started_on", "ends_on", "created_at"])
    pairing.events.update(at=pairing.created_at)
    for application in (pairing.mentor_application, pairing.mentee_application):
        _before_pairing(application, pairing.created_at)


def demo_resume(person: DemoPerson) -> bytes:
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
