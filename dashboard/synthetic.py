"""A synthetic program of any size, in every state the dashboard shows, built from the factories with a few bulk
inserts (`.build()` then `bulk_create`).

Used by `bench_dashboard` and by the test that pins the dashboard's query count; call it inside a transaction
that is rolled back.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.factories import UNUSABLE_PASSWORD, ProfileFactory, UserFactory
from accounts.models import Profile, User
from agreements.factories import AgreementFactory, ExecutedAgreementFactory, SignatureFactory
from agreements.models import Agreement, Signature
from applications.factories import ApplicationFactory, MentorApplicationFactory, ProgramFactory
from applications.models import Application, Program
from applications.vocabulary import Expertise
from associations.factories import AssociationFactory
from matching.factories import GalleryRequestFactory
from matching.models import GalleryRequest
from pairings.factories import CheckInFactory, EventAttendanceFactory, PairingFactory, PulseResponseFactory
from pairings.models import CheckIn, EventAttendance, Pairing, PulseResponse

FREQUENCIES = ["monthly", "every_other_month", "quarterly", "semi_annually"]
STATUSES = ["submitted", "under_review", "approved", "approved", "approved", "declined", "waitlisted", "withdrawn"]


def build_program(*, applications: int, pairs: int, seed: int = 7, now: dt.datetime | None = None) -> Program:
    """`applications` applications (half mentors), `pairs` pairings among the approved ones, with agreements,
    signatures, check-ins, pulses, events, fees and gallery requests in varied states."""
    rng = random.Random(seed)  # noqa: S311 -- synthetic data, not security
    now = now or timezone.now()
    today = timezone.localdate(now)
    program = ProgramFactory(
        name="Synthetic program",
        slug=f"synthetic-{now:%Y%m%d%H%M%S%f}",
        host=AssociationFactory(short_name="SYNTH", name="Synthetic association", slug="synth"),
        opens_on=today - dt.timedelta(days=400),
        deadline=today - dt.timedelta(days=340),
        chair_email="chair@synthetic.example",
        required_regional_events=1,
        required_signature_events=1,
    )
    mentors, mentees = _applications(program, applications, pairs, rng, now)
    pairings = _pairings(program, mentors, mentees, pairs, rng, today)
    _relationship_records(pairings, rng, now, today)
    _gallery_requests(mentors, mentees, rng, now)
    return program


def _applications(
    program: Program, n: int, pairs: int, rng: random.Random, now: dt.datetime
) -> tuple[list[Application], list[Application]]:
    users = User.objects.bulk_create(
        UserFactory.build(
            email=f"p{i}-{program.slug}@synthetic.example",
            full_name=f"Person {i:04d}",
            password=UNUSABLE_PASSWORD,
            verified=None,
        )
        for i in range(n)
    )
    Profile.objects.bulk_create(
        ProfileFactory.build(user=u, organization=f"City {i % 97}", title="Analyst", region=f"Region {i % 7}")
        for i, u in enumerate(users)
    )
    areas = Expertise.values
    rows = []
    for i, user in enumerate(users):
        mentor = i % 2 == 0
        # The first `pairs` of each role are approved: they make the pairings.
        status = "approved" if i // 2 < pairs else rng.choice(STATUSES)
        membership = rng.choice(["full", "full", "student", "nonmember"])
        if mentor and membership == "student":
            membership = "full"
        submitted = now - dt.timedelta(days=341 + rng.randint(0, 58), hours=rng.randint(0, 23))
        fee = rng.choice(["due", "paid", "waived"]) if membership == "nonmember" else "none"
        role_fields = {
            "expertise": rng.sample(areas, 3 if mentor else rng.randint(1, 3)),
            "frequency": rng.choice(FREQUENCIES),
        }
        if mentor:
            role_fields |= {"years_experience": rng.randint(3, 30), "capacity": rng.randint(1, 2)}
        rows.append(
            (MentorApplicationFactory if mentor else ApplicationFactory).build(
                program=program,
                applicant=user,
                status=status,
                status_changed_at=submitted + dt.timedelta(days=rng.randint(1, 20)),
                submitted_at=submitted,
                membership=membership,
                fee_status=fee,
                fee_amount=program.host.nonmember_fee if fee != "none" else 0,
                **role_fields,
            )
        )
    created = Application.objects.bulk_create(rows)
    return created[0::2], created[1::2]


def _pairings(
    program: Program,
    mentors: list[Application],
    mentees: list[Application],
    n: int,
    rng: random.Random,
    today: dt.date,
) -> list[Pairing]:
    rows = []
    for i in range(min(n, len(mentors), len(mentees))):
        status = "ended" if i % 15 == 0 else "completed" if i % 25 == 0 else "active"
        start = today - dt.timedelta(days=rng.randint(370, 400) if status == "completed" else rng.randint(0, 330))
        ended = {
            "ended_at": dt.datetime.combine(start + (today - start) / 2, dt.time(17), tzinfo=dt.UTC),
            "ended_by": mentees[i].applicant,
            "end_reason": "Moved to another agency.",
        }
        rows.append(
            PairingFactory.build(
                program=program,
                mentor_application=mentors[i],
                mentee_application=mentees[i],
                status=status,
                score=round(rng.uniform(0.3, 0.95), 3),
                created_at=dt.datetime.combine(start, dt.time(17), tzinfo=dt.UTC),
                started_on=start,
                history=None,
                **(ended if status == "ended" else {}),
            )
        )
    return Pairing.objects.bulk_create(rows)


def _relationship_records(pairings: list[Pairing], rng: random.Random, now: dt.datetime, today: dt.date) -> None:
    unsigned = {"mentor_signature": None, "mentee_signature": None}
    agreements = Agreement.objects.bulk_create(
        ExecutedAgreementFactory.build(pairing=p, executed_at=now, **unsigned)
        if rng.random() < 0.7
        else AgreementFactory.build(pairing=p)
        for p in pairings
        if rng.random() < 0.9
    )
    Signature.objects.bulk_create(
        SignatureFactory.build(agreement=a, role=role)
        for a in agreements
        for role in ("mentor", "mentee")
        if a.executed_at or (role == "mentor" and rng.random() < 0.5)
    )
    checkins, pulses, events = [], [], []
    for p in pairings:
        days = max(0, (today - p.started_on).days)
        for _ in range(rng.randint(0, 6)):
            checkins.append(
                CheckInFactory.build(pairing=p, date=p.started_on + dt.timedelta(days=rng.randint(0, days)))
            )
        for round_ in range(min(days // 60, 4)):
            for person in (p.mentor, p.mentee):
                pulses.append(
                    PulseResponseFactory.build(
                        pairing=p, respondent=person, round=round_, score=rng.choice([1, 2, 3, 4, 4, 5])
                    )
                )
        for kind in ("regional", "signature"):
            if rng.random() < 0.5:
                confirmed = rng.random() < 0.6
                events.append(
                    EventAttendanceFactory.build(pairing=p, kind=kind, date=p.started_on, confirmed=confirmed)
                )
    CheckIn.objects.bulk_create(checkins)
    PulseResponse.objects.bulk_create(pulses)
    EventAttendance.objects.bulk_create(events)


def _gallery_requests(mentors: list[Application], mentees: list[Application], rng: random.Random, now) -> None:
    waiting = [m for m in mentees if m.status == "approved"][-20:]
    GalleryRequest.objects.bulk_create(
        GalleryRequestFactory.build(
            mentee_application=mentee,
            mentor_application=rng.choice(mentors),
            status=rng.choice(["expired", "pending", "declined"]),
            created_at=now - dt.timedelta(days=10),
            expires_at=now - dt.timedelta(days=7),
        )
        for mentee in waiting
    )
