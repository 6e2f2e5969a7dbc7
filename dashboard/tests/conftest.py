"""A hand-built program whose every figure is known, and helpers to read the dashboard's tables.

The known program (the root `program` fixture: open, one regional and one signature event required, fee $50):

  mentors  M1 approved cap 2 (finance, management, strategic planning)   M2 approved cap 1 (police, fire, works)
           M3 approved cap 1 (HR, management, engineering)               M4 submitted, non-member, fee waived
           M5 declined, non-member, fee due (not live: counted nowhere but in the status table)
  mentees  E1 approved finance   E2 approved finance+police   E3 approved IT   E4 approved finance+strategic
           E5 approved management   E6 waitlisted finance, non-member fee due   E7 waitlisted IT, fee paid
           E8 withdrawn   E9 draft
  pairs    P1 M1+E1 active 40 days, executed, monthly, check-ins 35 and 5 days ago, both events confirmed,
              a pulse of 2 three days ago                                                         score 0.82
           P2 M1+E2 active 22 days, mentor signed only, no check-in, events logged (regional unconfirmed) 0.55
           P3 M2+E3 active 200 days, executed quarterly, one check-in 190 days ago: quiet             0.35
           P4 M3+E5 ended early 30 days ago by the mentee ("Moved to another state for a new job.")  0.91
  gallery  E4 asked M2; the request expired two days ago unanswered. E1 asked M3, expired, but E1 is paired.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from agreements.models import Agreement, Signature
from applications.factories import ApplicationFactory, MentorApplicationFactory
from applications.models import Application, Program
from matching.models import GalleryRequest
from pairings.models import CheckIn, EventAttendance, Pairing, PulseResponse

END_REASON = "Moved to another state for a new job."


@dataclass
class Known:
    program: Program
    mentors: list[Application]
    mentees: list[Application]
    pairs: list[Pairing]
    today: dt.date


def _submitted(program: Program, days_ago: int) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(12), tzinfo=program.time_zone)


def _mentor(program: Program, status: str, expertise: list[str], days_ago: int, **extra) -> Application:
    return MentorApplicationFactory(
        program=program, status=status, expertise=expertise, submitted_at=_submitted(program, days_ago), **extra
    )


def _mentee(program: Program, status: str, expertise: list[str], days_ago: int | None, **extra) -> Application:
    submitted = _submitted(program, days_ago) if days_ago is not None else None
    return ApplicationFactory(program=program, status=status, expertise=expertise, submitted_at=submitted, **extra)


def _nonmember(fee: str) -> dict:
    return {"membership": "nonmember", "fee_status": fee, "fee_amount": Decimal("50.00")}


def _pair(mentor: Application, mentee: Application, *, days_ago: int, score: float, **extra) -> Pairing:
    program = mentor.program
    start = timezone.localdate() - dt.timedelta(days=days_ago)
    begin, end = Pairing.term_for(program, start)
    return Pairing.objects.create(
        program=program,
        mentor_application=mentor,
        mentee_application=mentee,
        mentor_id=mentor.applicant_id,
        mentee_id=mentee.applicant_id,
        score=score,
        created_at=timezone.now() - dt.timedelta(days=days_ago),
        started_on=begin,
        ends_on=end,
        **extra,
    )


def _sign(agreement: Agreement, pairing: Pairing, *roles: str) -> None:
    for role in roles:
        Signature.objects.create(
            agreement=agreement,
            signer_id=pairing.mentor_id if role == "mentor" else pairing.mentee_id,
            role=role,
            typed_name="Typed",
            agreement_version=1,
            content_sha256="0" * 64,
        )


def _executed(pairing: Pairing, frequency: str) -> Agreement:
    agreement = Agreement.objects.create(
        pairing=pairing, frequency=frequency, executed_at=timezone.now(), content_sha256="0" * 64
    )
    _sign(agreement, pairing, "mentor", "mentee")
    return agreement


def _days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def known(program: Program) -> Known:
    program.opens_on = _days_ago(10)
    program.save(update_fields=["opens_on"])
    mentors = [
        _mentor(program, "approved", ["finance", "management", "strategic_planning"], 9, capacity=2),
        _mentor(program, "approved", ["police", "fire_ems", "public_works"], 9, capacity=1),
        _mentor(program, "approved", ["human_resources", "management", "engineering"], 5, capacity=1),
        _mentor(program, "submitted", ["finance", "engineering", "police"], 2, **_nonmember("waived")),
        _mentor(program, "declined", ["finance", "police", "engineering"], 5, **_nonmember("due")),
    ]
    mentees = [
        _mentee(program, "approved", ["finance"], 9),
        _mentee(program, "approved", ["finance", "police"], 9),
        _mentee(program, "approved", ["information_technology"], 9, frequency="quarterly"),
        _mentee(program, "approved", ["finance", "strategic_planning"], 4),
        _mentee(program, "approved", ["management"], 4),
        _mentee(program, "waitlisted", ["finance"], 8, **_nonmember("due")),
        _mentee(program, "waitlisted", ["information_technology"], 3, **_nonmember("paid")),
        _mentee(program, "withdrawn", ["finance"], 8),
        _mentee(program, "draft", ["finance"], None),
    ]
    for application, days in ((mentees[5], 5), (mentees[6], 6)):
        Application.objects.filter(pk=application.pk).update(status_changed_at=timezone.now() - dt.timedelta(days=days))
    p1 = _pair(mentors[0], mentees[0], days_ago=40, score=0.82)
    _executed(p1, "monthly")
    CheckIn.objects.create(pairing=p1, logged_by_id=p1.mentee_id, date=_days_ago(35), form="video", minutes=30)
    CheckIn.objects.create(pairing=p1, logged_by_id=p1.mentor_id, date=_days_ago(5), form="phone", minutes=30)
    for kind in ("regional", "signature"):
        EventAttendance.objects.create(
            pairing=p1, kind=kind, name=f"{kind} event", date=_days_ago(20), confirmed_at=timezone.now()
        )
    PulseResponse.objects.create(
        pairing=p1, respondent_id=p1.mentee_id, round=0, score=2, answered_at=timezone.now() - dt.timedelta(days=3)
    )
    PulseResponse.objects.create(pairing=p1, respondent_id=p1.mentor_id, round=0, score=4)

    p2 = _pair(mentors[0], mentees[1], days_ago=22, score=0.55)
    _sign(Agreement.objects.create(pairing=p2), p2, "mentor")
    EventAttendance.objects.create(pairing=p2, kind="regional", name="Regional", date=_days_ago(2))
    EventAttendance.objects.create(
        pairing=p2, kind="signature", name="Gala", date=_days_ago(2), confirmed_at=timezone.now()
    )

    p3 = _pair(mentors[1], mentees[2], days_ago=200, score=0.35)
    _executed(p3, "quarterly")
    CheckIn.objects.create(pairing=p3, logged_by_id=p3.mentee_id, date=_days_ago(190), form="video", minutes=60)

    p4 = _pair(
        mentors[2],
        mentees[4],
        days_ago=100,
        score=0.91,
        status=Pairing.Status.ENDED,
        ended_at=timezone.now() - dt.timedelta(days=30),
        ended_by_id=mentees[4].applicant_id,
        end_reason=END_REASON,
    )
    _executed(p4, "monthly")

    for mentee, mentor in ((mentees[3], mentors[1]), (mentees[0], mentors[2])):
        GalleryRequest.objects.create(
            program=program,
            mentee_application=mentee,
            mentor_application=mentor,
            message="Would you mentor me?",
            status=GalleryRequest.Status.EXPIRED,
            created_at=timezone.now() - dt.timedelta(days=5),
            expires_at=timezone.now() - dt.timedelta(days=2),
        )
    return Known(program, mentors, mentees, [p1, p2, p3, p4], timezone.localdate())


class _Rows(HTMLParser):
    """Collects the cell texts of every <tr> carrying a data-* attribute, keyed by (attribute, value)."""

    def __init__(self):
        super().__init__()
        self.rows: dict[tuple[str, str], list[str]] = {}
        self._key: tuple[str, str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._key = next(((k, v) for k, v in attrs if k.startswith("data-")), None)
            if self._key:
                self.rows[self._key] = []
        elif tag in ("td", "th") and self._key:
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._key and self._cell is not None:
            self.rows[self._key].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self._key = None


def table_rows(html: str) -> dict[tuple[str, str], list[str]]:
    parser = _Rows()
    parser.feed(html)
    return parser.rows
