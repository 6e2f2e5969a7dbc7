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
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from agreements.factories import AgreementFactory, ExecutedAgreementFactory, SignatureFactory
from applications.factories import ApplicationFactory, MentorApplicationFactory
from applications.models import Application, Program
from matching.factories import GalleryRequestFactory
from pairings.factories import END_REASON, CheckInFactory, EventAttendanceFactory, PairingFactory, PulseResponseFactory
from pairings.models import Pairing

__all__ = ["END_REASON"]


@dataclass
class Known:
    program: Program
    mentors: list[Application]
    mentees: list[Application]
    pairs: list[Pairing]
    today: dt.date


def _days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _submitted(program: Program, days_ago: int | None) -> dt.datetime | None:
    return None if days_ago is None else dt.datetime.combine(_days_ago(days_ago), dt.time(12), tzinfo=program.time_zone)


def _applications(factory, program: Program, rows) -> list[Application]:
    """One application per (status, areas, days since submitted, extra fields) row."""
    return [
        factory(program=program, status=status, expertise=areas, submitted_at=_submitted(program, days), **extra)
        for status, areas, days, extra in rows
    ]


def _pair(mentor: Application, mentee: Application, *, days_ago: int, score: float, **extra) -> Pairing:
    created = timezone.now() - dt.timedelta(days=days_ago)
    return PairingFactory(
        mentor_application=mentor, mentee_application=mentee, score=score, created_at=created, history=None, **extra
    )


@pytest.fixture
def known(program: Program) -> Known:
    program.opens_on = _days_ago(10)
    program.save(update_fields=["opens_on"])
    nonmember = {"nonmember": True, "fee_status": "waived"}
    mentors = _applications(
        MentorApplicationFactory,
        program,
        [
            ("approved", ["finance", "management", "strategic_planning"], 9, {"capacity": 2}),
            ("approved", ["police", "fire_ems", "public_works"], 9, {"capacity": 1}),
            ("approved", ["human_resources", "management", "engineering"], 5, {"capacity": 1}),
            ("submitted", ["finance", "engineering", "police"], 2, nonmember),
            ("declined", ["finance", "police", "engineering"], 5, {**nonmember, "fee_status": "due"}),
        ],
    )
    mentees = _applications(
        ApplicationFactory,
        program,
        [
            ("approved", ["finance"], 9, {}),
            ("approved", ["finance", "police"], 9, {}),
            ("approved", ["information_technology"], 9, {"frequency": "quarterly"}),
            ("approved", ["finance", "strategic_planning"], 4, {}),
            ("approved", ["management"], 4, {}),
            ("waitlisted", ["finance"], 8, {**nonmember, "fee_status": "due"}),
            ("waitlisted", ["information_technology"], 3, {**nonmember, "fee_status": "paid"}),
            ("withdrawn", ["finance"], 8, {}),
            ("draft", ["finance"], None, {}),
        ],
    )
    for application, days in ((mentees[5], 5), (mentees[6], 6)):
        Application.objects.filter(pk=application.pk).update(status_changed_at=timezone.now() - dt.timedelta(days=days))
    p1 = _pair(mentors[0], mentees[0], days_ago=40, score=0.82)
    ExecutedAgreementFactory(pairing=p1, frequency="monthly")
    CheckInFactory(pairing=p1, date=_days_ago(35), form="video", minutes=30)
    CheckInFactory(pairing=p1, logged_by=p1.mentor, date=_days_ago(5), form="phone", minutes=30)
    for kind in ("regional", "signature"):
        EventAttendanceFactory(pairing=p1, kind=kind, date=_days_ago(20), confirmed=True)
    PulseResponseFactory(pairing=p1, score=2, answered_at=timezone.now() - dt.timedelta(days=3))
    PulseResponseFactory(pairing=p1, respondent=p1.mentor, score=4)

    p2 = _pair(mentors[0], mentees[1], days_ago=22, score=0.55)
    SignatureFactory(agreement=AgreementFactory(pairing=p2), role="mentor")
    EventAttendanceFactory(pairing=p2, kind="regional", name="Regional", date=_days_ago(2))
    EventAttendanceFactory(pairing=p2, kind="signature", name="Gala", date=_days_ago(2), confirmed=True)

    p3 = _pair(mentors[1], mentees[2], days_ago=200, score=0.35)
    ExecutedAgreementFactory(pairing=p3, frequency="quarterly")
    CheckInFactory(pairing=p3, date=_days_ago(190), form="video", minutes=60)

    ended = {"ended": True, "ended_at": timezone.now() - dt.timedelta(days=30), "end_reason": END_REASON}
    p4 = _pair(mentors[2], mentees[4], days_ago=100, score=0.91, **ended)
    ExecutedAgreementFactory(pairing=p4, frequency="monthly")

    for mentee, mentor in ((mentees[3], mentors[1]), (mentees[0], mentors[2])):
        GalleryRequestFactory(
            mentee_application=mentee,
            mentor_application=mentor,
            status="expired",
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
