"""A pair walked through a whole term, day by day, with every daily job running each morning (twice, to prove
nothing is sent twice): exactly these emails go out, on exactly these days."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from agreements import services
from agreements import tasks as agreement_tasks
from agreements.tests.conftest import sign
from applications.factories import ApplicationFactory, MentorApplicationFactory, ProfileFactory
from applications.models import Application
from notifications import jobs
from pairings import checkins
from pairings import services as pairing_services
from pairings.models import Pairing
from pairings.services import pairing_create

pytestmark = pytest.mark.django_db

START = dt.date(2025, 1, 6)
SUBJECTS = {
    "next check-in": "checkin_due",
    "a check-in is overdue": "checkin_overdue",
    "have gone quiet": "quiet(chair)",
    "please sign your Statement": "sign_reminder",
    "unsigned after 14 days": "unsigned(chair)",
    "remember the program's events": "events",
    "your term ends": "term_ending",
    "how is your mentorship going": "pulse",
    "term is complete": "completed",
    "meet your": "paired",
    "signed your Statement": "partner_signed",
    "executed": "executed",
}


def tag(message) -> str:
    return next(name for words, name in SUBJECTS.items() if words in message.subject)


def morning(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def six_month_pair(program, mentor, mentee) -> Pairing:
    program.term_months = 6
    program.required_regional_events = 1
    program.required_signature_events = 0
    program.save()
    ProfileFactory(user=mentor)
    ProfileFactory(user=mentee)
    mentor_app = MentorApplicationFactory(program=program, applicant=mentor, status=Application.Status.APPROVED)
    mentee_app = ApplicationFactory(
        program=program, applicant=mentee, status=Application.Status.APPROVED, frequency="monthly"
    )
    with time_machine.travel(morning(START), tick=False):
        return pairing_create(
            mentor_application=mentor_app, mentee_application=mentee_app, source="chair", approved_by=None
        )


def test_a_whole_term_sends_exactly_these_emails_on_these_days(
    six_month_pair, mentor, mentee, program, mailoutbox, django_capture_on_commit_callbacks
):
    pairing = six_month_pair
    assert pairing.ends_on == dt.date(2025, 7, 5)
    agreement = services.agreement_for_pairing(pairing=pairing)
    sent: dict[dt.date, list[tuple[str, str]]] = {}
    day = START
    while day <= pairing.ends_on + dt.timedelta(days=3):
        before = len(mailoutbox)
        with time_machine.travel(morning(day), tick=False), django_capture_on_commit_callbacks(execute=True):
            if day == START + dt.timedelta(days=2):
                sign(agreement, mentor)
            if day == START + dt.timedelta(days=15):
                sign(services.agreement_for_pairing(pairing=pairing), mentee)
            if day in (dt.date(2025, 1, 26), dt.date(2025, 2, 25)):
                checkins.checkin_log(pairing=pairing, actor=mentee, date=day, form="video", minutes=45)
            for _ in range(2):
                jobs.run_all(morning(day))
                pairing_services.complete_pairings(today=day)
            with time_machine.travel(morning(day) + dt.timedelta(hours=1), tick=False):
                agreement_tasks.send_overdue_partner_news()  # the hourly sweep: tells the partner of a signature
        messages = mailoutbox[before:]
        if messages:
            sent[day] = sorted(
                (tag(m), "mentor" if m.to == [mentor.email] else m.to[0].split("@")[0]) for m in messages
            )
        day += dt.timedelta(days=1)

    both = lambda kind: [(kind, "mentee"), (kind, "mentor")]  # noqa: E731
    assert sent.pop(dt.date(2025, 1, 8)) == [("partner_signed", "mentee")]
    assert sent.pop(dt.date(2025, 1, 13)) == [("sign_reminder", "mentee")]  # 7 days: only the one who has not signed
    assert sent.pop(dt.date(2025, 1, 20)) == [("unsigned(chair)", "chair")]  # 14 days, still unsigned
    # Day 15: the mentee signs; the executed agreement goes to both and the chair (one email, with the PDF).
    executed = sent.pop(dt.date(2025, 1, 21))
    assert executed and all(kind not in {"sign_reminder", "unsigned(chair)"} for kind, _ in executed)
    assert sent == {
        dt.date(2025, 2, 5): both("pulse"),  # day 30
        dt.date(2025, 2, 23): both("checkin_due"),  # 3 days before Feb 26 (a month after Jan 26)
        dt.date(2025, 3, 22): both("checkin_due"),  # 3 days before Mar 25 (a month after Feb 25)
        dt.date(2025, 3, 26): both("checkin_overdue"),
        # Day 90 is both halfway through the 180-day term (no event logged yet) and the second pulse.
        dt.date(2025, 4, 6): sorted([("events", "mentee"), *both("pulse")]),
        dt.date(2025, 4, 25): [("quiet(chair)", "chair")],  # two monthly periods with no check-in
        dt.date(2025, 6, 5): both("pulse"),  # day 150
        dt.date(2025, 6, 21): both("term_ending"),  # two weeks before Jul 5
        dt.date(2025, 7, 6): both("completed"),  # the term is over: thanks and the feedback form
    }
