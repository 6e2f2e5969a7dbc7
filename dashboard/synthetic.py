"""A synthetic program of any size, in every state the dashboard shows, built with a few bulk inserts.

Used by `bench_dashboard` and by the test that pins the dashboard's query count; call it inside a transaction
that is rolled back.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from accounts.models import Profile, User
from agreements.models import Agreement, Signature
from applications.models import Application, Program
from applications.vocabulary import Expertise
from associations.models import Association
from matching.models import GalleryRequest
from pairings.models import CheckIn, EventAttendance, Pairing, PulseResponse

FREQUENCIES = ["monthly", "every_other_month", "quarterly", "semi_annually"]
STATUSES = ["submitted", "under_review", "approved", "approved", "approved", "declined", "waitlisted", "withdrawn"]


def build_program(*, applications: int, pairs: int, seed: int = 7, now: dt.datetime | None = None) -> Program:
    """`applications` applications (half mentors), `pairs` pairings among the approved ones, with agreements,
    signatures, check-ins, pulses, events, fees and gallery requests in varied states."""
    rng = random.Random(seed)  # noqa: S311 -- synthetic data, not security
    now = now or timezone.now()
    today = timezone.localdate(now)
    program = Program.objects.create(
        name="Synthetic program",
        slug=f"synthetic-{now:%Y%m%d%H%M%S%f}",
        host=Association.objects.get_or_create(
            short_name="SYNTH", defaults={"name": "Synthetic association", "slug": "synth"}
        )[0],
        opens_on=today - dt.timedelta(days=400),
        deadline=today - dt.timedelta(days=340),
        chair_email="chair@synthetic.example",
        required_regional_events=1,
        required_signature_events=1,
    )
    mentors, mentees = _applications(program, applications, pairs, rng, now)
    pairings = _pairings(program, mentors, mentees, pairs, rng, today)
    _relationship_records(pairings, rng, now, today)
    _gallery_requests(program, mentors, mentees, rng, now)
    return program


def _applications(
    program: Program, n: int, pairs: int, rng: random.Random, now: dt.datetime
) -> tuple[list[Application], list[Application]]:
    users = User.objects.bulk_create(
        User(email=f"p{i}-{program.slug}@synthetic.example", full_name=f"Person {i:04d}", password="!")  # noqa: S106
        for i in range(n)
    )
    Profile.objects.bulk_create(
        Profile(user=u, organization=f"City {i % 97}", title="Analyst", region=f"Region {i % 7}")
        for i, u in enumerate(users)
    )
    areas = Expertise.values
    rows = []
    for i, user in enumerate(users):
        role = "mentor" if i % 2 == 0 else "mentee"
        # The first `pairs` of each role are approved: they make the pairings.
        status = "approved" if i // 2 < pairs else rng.choice(STATUSES)
        membership = rng.choice(["full", "full", "student", "nonmember"])
        if role == "mentor" and membership == "student":
            membership = "full"
        submitted = now - dt.timedelta(days=341 + rng.randint(0, 58), hours=rng.randint(0, 23))
        fee = rng.choice(["due", "paid", "waived"]) if membership == "nonmember" else "none"
        rows.append(
            Application(
                program=program,
                applicant=user,
                role=role,
                status=status,
                status_changed_at=submitted + dt.timedelta(days=rng.randint(1, 20)),
                submitted_at=None if status == "draft" else submitted,
                membership=membership,
                fee_status=fee,
                fee_amount=Decimal("50.00") if fee != "none" else Decimal(0),
                expertise=rng.sample(areas, 3 if role == "mentor" else rng.randint(1, 3)),
                frequency=rng.choice(FREQUENCIES),
                contact_forms=["video", "email"],
                years_experience=rng.randint(3, 30) if role == "mentor" else None,
                capacity=rng.randint(1, 2) if role == "mentor" else None,
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
        begin, end = Pairing.term_for(program, start)
        rows.append(
            Pairing(
                program=program,
                mentor_application=mentors[i],
                mentee_application=mentees[i],
                mentor_id=mentors[i].applicant_id,
                mentee_id=mentees[i].applicant_id,
                status=status,
                score=round(rng.uniform(0.3, 0.95), 3),
                created_at=dt.datetime.combine(begin, dt.time(17), tzinfo=dt.UTC),
                started_on=begin,
                ends_on=end,
                ended_at=dt.datetime.combine(begin + (today - begin) / 2, dt.time(17), tzinfo=dt.UTC)
                if status == "ended"
                else None,
                ended_by_id=mentees[i].applicant_id if status == "ended" else None,
                end_reason="Moved to another agency." if status == "ended" else "",
            )
        )
    return Pairing.objects.bulk_create(rows)


def _relationship_records(pairings: list[Pairing], rng: random.Random, now: dt.datetime, today: dt.date) -> None:
    agreements = Agreement.objects.bulk_create(
        Agreement(pairing=p, executed_at=now, content_sha256="0" * 64) if rng.random() < 0.7 else Agreement(pairing=p)
        for p in pairings
        if rng.random() < 0.9
    )
    Signature.objects.bulk_create(
        Signature(
            agreement=a,
            signer_id=person,
            role=role,
            typed_name="Signed",
            agreement_version=1,
            content_sha256="0" * 64,
        )
        for a in agreements
        for person, role in ((a.pairing.mentor_id, "mentor"), (a.pairing.mentee_id, "mentee"))
        if a.executed_at or (role == "mentor" and rng.random() < 0.5)
    )
    checkins, pulses, events = [], [], []
    for p in pairings:
        days = max(0, (today - p.started_on).days)
        for _ in range(rng.randint(0, 6)):
            day = p.started_on + dt.timedelta(days=rng.randint(0, days))
            checkins.append(CheckIn(pairing=p, logged_by_id=p.mentee_id, date=day, form="video", minutes=45))
        for round_ in range(min(days // 60, 4)):
            for person in (p.mentor_id, p.mentee_id):
                pulses.append(
                    PulseResponse(pairing=p, respondent_id=person, round=round_, score=rng.choice([1, 2, 3, 4, 4, 5]))
                )
        for kind in ("regional", "signature"):
            if rng.random() < 0.5:
                events.append(
                    EventAttendance(
                        pairing=p,
                        kind=kind,
                        name=f"{kind.title()} event",
                        date=p.started_on,
                        confirmed_at=now if rng.random() < 0.6 else None,
                    )
                )
    CheckIn.objects.bulk_create(checkins)
    PulseResponse.objects.bulk_create(pulses)
    EventAttendance.objects.bulk_create(events)


def _gallery_requests(
    program: Program, mentors: list[Application], mentees: list[Application], rng: random.Random, now: dt.datetime
) -> None:
    waiting = [m for m in mentees if m.status == "approved"][-20:]
    GalleryRequest.objects.bulk_create(
        GalleryRequest(
            program=program,
            mentee_application=mentee,
            mentor_application=rng.choice(mentors),
            message="Would you mentor me?",
            status=rng.choice(["expired", "pending", "declined"]),
            created_at=now - dt.timedelta(days=10),
            expires_at=now - dt.timedelta(days=7),
        )
        for mentee in waiting
    )
