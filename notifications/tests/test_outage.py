"""A mail server down for a whole day loses nothing and doubles nothing.

For 24 simulated hours every message is refused while people apply, the chair decides and publishes, mentees use
the gallery, pairs sign, end and complete, and every job runs on its schedule (some twice). When mail comes back,
each expected email goes out exactly once: counted per recipient and kind."""

from __future__ import annotations

import datetime as dt
import smtplib
from collections import Counter

import pytest
import time_machine
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from agreements import services as agreements
from agreements import tasks as agreement_tasks
from applications import services as applications
from applications.factories import ApplicationFactory, ProfileFactory
from applications.models import Application, Program
from associations.models import Association
from matching import gallery
from matching.models import MatchRun
from matching.services import match_run_solve
from matching.tests.conftest import approved_mentee, approved_mentor
from notifications.models import Notice
from notifications.services import KINDS, TRANSACTIONAL
from notifications.tasks import requeue_stuck_notices, run_daily_jobs
from pairings import services as relationship
from pairings.models import Pairing
from pairings.services import PairingError

pytestmark = pytest.mark.django_db


class OutageBackend(EmailBackend):
    """The mail server: refuses every message while `down`, then delivers to the test outbox."""

    down = True
    refused = 0

    def send_messages(self, messages):
        if OutageBackend.down:
            OutageBackend.refused += len(messages)
            raise smtplib.SMTPServerDisconnected("mail server down")
        return super().send_messages(messages)


@pytest.fixture
def outage(settings, tmp_path):
    settings.EMAIL_BACKEND = "notifications.tests.test_outage.OutageBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }
    OutageBackend.down, OutageBackend.refused = True, 0
    yield OutageBackend
    OutageBackend.down = True


class World:
    """What the day's flows did, and the emails they must cause: (kind, recipient) -> count."""

    def __init__(self) -> None:
        self.expected: Counter[tuple[str, str]] = Counter()

    def expect(self, kind: str, *people, times: int = 1) -> None:
        for person in people:
            self.expected[(kind, getattr(person, "email", person))] += times


def _apply_and_decide(world: World, program: Program, chair, step) -> None:
    draft = ApplicationFactory(program=program, status=Application.Status.DRAFT)
    for _ in range(2):  # a double submit
        step(applications.application_save, application=draft, submit=True, actor=draft.applicant)
    world.expect("application_submitted", draft.applicant)
    # approve, approve again (a double click), waitlist, approve: three decisions, three emails
    for status in ("approved", "approved", "waitlisted", "approved"):
        draft.refresh_from_db()
        step(applications.application_decide, application=draft, status=status, actor=chair)
    world.expect("application_decision", draft.applicant, times=3)


def _publish(world: World, program: Program, chair, committing_client) -> list[Pairing]:
    approved_mentor(program, expertise=["finance", "management", "strategic_planning"], capacity=2)
    approved_mentor(program, expertise=["police", "fire_ems", "public_works"], frequency="quarterly")
    approved_mentor(program, expertise=["human_resources", "work_life_balance", "engineering"])
    for expertise in (["finance"], ["police", "fire_ems"], ["human_resources"], ["management"]):
        approved_mentee(program, expertise=expertise)
    run = MatchRun.objects.create(program=program, created_by=chair, min_score=0.0)
    match_run_solve(run=run)
    committing_client.force_login(chair)
    changelist = reverse("admin:matching_matchrun_changelist")
    for _ in range(2):  # the chair double-clicks Publish
        confirmed = {"action": "publish", "_selected_action": [run.pk], "confirm": "yes"}
        response = committing_client.post(changelist, confirmed)
        assert response.status_code == 302
    pairings = list(Pairing.objects.filter(program=program).select_related("mentor", "mentee"))
    assert len(pairings) == 4
    for pairing in pairings:
        world.expect("pairing_created", pairing.mentor, pairing.mentee)
    return pairings


def _use_the_gallery(world: World, program: Program, step, clock) -> None:
    def pair():
        mentor = approved_mentor(program, expertise=["engineering"], capacity=1)
        return mentor, approved_mentee(program, expertise=["engineering"])

    (mentor1, mentee1), (mentor2, mentee2), (mentor3, mentee3) = pair(), pair(), pair()
    asked = step(gallery.gallery_request_create, mentee_application=mentee1, mentor_application=mentor1, message="Hi")
    for _ in range(2):  # the same question sent twice
        step(gallery.gallery_request_ask, request=asked, actor=mentor1.applicant, question="Which city?")
    clock.shift(dt.timedelta(minutes=1))
    step(
        gallery.gallery_request_reply, request=asked, actor=mentee1.applicant, answer="Harbor Bend"
    )  # a new window: a new request email
    world.expect("gallery_request_new", mentor1.applicant, times=2)
    world.expect("gallery_request_question", mentee1.applicant)
    world.expect("gallery_request_reminder", mentor1.applicant)  # the sweep, halfway through the day's window
    world.expect("gallery_request_expired", mentee1.applicant)  # the sweep, at its end
    declined = step(gallery.gallery_request_create, mentee_application=mentee2, mentor_application=mentor2, message="")
    step(gallery.gallery_request_decline, request=declined, actor=mentor2.applicant, message="Full this year")
    world.expect("gallery_request_new", mentor2.applicant)
    world.expect("gallery_request_declined", mentee2.applicant)
    accepted = step(gallery.gallery_request_create, mentee_application=mentee3, mentor_application=mentor3, message="")
    step(gallery.gallery_request_accept, request=accepted, actor=mentor3.applicant)
    world.expect("gallery_request_new", mentor3.applicant)
    world.expect("pairing_created", mentor3.applicant, mentee3.applicant)


def _sign(pairing: Pairing, person, step) -> None:
    agreement = agreements.agreement_for_pairing(pairing=pairing)
    step(
        agreements.agreement_sign,
        agreement=agreement,
        signer=person,
        typed_name=person.full_name,
        consent=True,
        ip="198.51.100.7",
        user_agent="Firefox",
    )


def _relationships(world: World, pairings: list[Pairing], program: Program, step, clock) -> None:
    signed, ended, completed, busy = pairings
    _sign(signed, signed.mentor, step)
    agreement = agreements.agreement_for_pairing(pairing=signed)
    step(agreements.agreement_update, agreement=agreement, actor=signed.mentee, changes={"mentor_time": "3 hours"})
    clock.shift(dt.timedelta(minutes=1))
    _sign(signed, signed.mentor, step)
    _sign(signed, signed.mentee, step)  # executes; the PDF task stores it and records its three emails
    # The burst ended executed: its news (your turn, signatures voided) is left to the executed email.
    world.expect("agreement_executed", signed.mentor, signed.mentee, program.chair_email)
    _sign(busy, busy.mentor, step)
    agreement = agreements.agreement_for_pairing(pairing=busy)
    step(agreements.agreement_update, agreement=agreement, actor=busy.mentor, changes={"mentor_time": "3 hours"})
    _sign(busy, busy.mentor, step)
    world.expect("agreement_signed", busy.mentee)  # three events, one email once it is quiet (the hourly sweep)

    step(relationship.pairing_end, pairing=ended, actor=ended.mentee, reason="Moved away", thanks="Thank you!")
    with pytest.raises(PairingError):
        step(relationship.pairing_end, pairing=ended, actor=ended.mentee)
    world.expect("pairing_ended", ended.mentor)
    world.expect("pairing_ended_chair", program.chair_email)
    for _ in range(2):
        step(relationship.rematch_request, pairing=Pairing.objects.get(pk=ended.pk), mentee=ended.mentee)
    world.expect("rematch_requested", program.chair_email)

    Pairing.objects.filter(pk=completed.pk).update(ends_on=dt.date.today() - dt.timedelta(days=400))
    world.expect("pairing_completed", completed.mentor, completed.mentee)


def _run_the_jobs(hour: int, step) -> None:
    """What beat runs: hourly sweeps and the requeue, the daily jobs (each also run a second time by mistake)."""
    step(requeue_stuck_notices)
    step(gallery.gallery_sweep)
    step(agreement_tasks.archive_pending_agreements)
    step(agreement_tasks.send_overdue_partner_news)
    if hour % 24 == 0:
        step(run_daily_jobs)
        step(run_daily_jobs)
    if hour % 24 == 18:  # 02:00 the next morning
        step(relationship.complete_pairings)
        step(relationship.complete_pairings)


def test_a_day_without_mail_loses_nothing_and_sends_each_email_once(
    outage, program, chair, committing_client, django_capture_on_commit_callbacks, mailoutbox
):
    def step(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    program.pairing_mode = Program.PairingMode.BOTH
    program.gallery_response_days = 1
    program.allow_rematch = True
    program.save()
    # A second program whose deadline is a week away: the daily job warns its draft.
    coaching = Program.objects.create(
        name="Coaching Network",
        slug="coaching",
        host=Association.objects.create(name="Cal-ICMA", short_name="Cal-ICMA", slug="cal-icma"),
        time_zone="America/Los_Angeles",
        deadline=dt.date.today() + dt.timedelta(days=7),
        chair_email="coaching-chair@example.org",
    )
    draft = ApplicationFactory(program=coaching, applicant=ProfileFactory().user, status=Application.Status.DRAFT)
    start = dt.datetime.combine(dt.date.today(), dt.time(8), tzinfo=program.time_zone)
    world = World()
    with time_machine.travel(start, tick=False) as clock:
        pairings = _publish(world, program, chair, committing_client)
        _apply_and_decide(world, program, chair, step)
        _use_the_gallery(world, program, step, clock)
        _relationships(world, pairings, program, step, clock)
        for hour in range(25):  # 08:00 today to 08:00 tomorrow, the mail server down throughout
            clock.move_to(start + dt.timedelta(hours=hour))
            _run_the_jobs(hour, step)
        assert mailoutbox == []
        assert not Notice.objects.exclude(status=Notice.Status.FAILED).exists()
        refused = outage.refused
        assert refused > 2 * Notice.objects.count()  # every notice was tried again and again, none given up

        outage.down = False
        clock.move_to(start + dt.timedelta(hours=25))
        _run_the_jobs(25, step)
        _run_the_jobs(25, step)  # the requeue running twice sends nothing twice

    assert set(Notice.objects.values_list("status", flat=True)) == {Notice.Status.SENT}
    sent = Counter((m.extra_headers["X-Notice"].split()[1], m.to[0]) for m in mailoutbox)
    assert Counter({key: n for key, n in sent.items() if key[0] in TRANSACTIONAL}) == world.expected
    # The jobs' reminders (what they find to remind depends on their rules): each sent once, the warning among them.
    reminders = Counter({key: n for key, n in sent.items() if key[0] in KINDS})
    assert set(reminders.values()) == {1}
    assert ("deadline_warning", draft.applicant.email) in reminders
    assert len({m.extra_headers["X-Notice"] for m in mailoutbox}) == len(mailoutbox) == Notice.objects.count()
    executed = [m for m in mailoutbox if m.extra_headers["X-Notice"].endswith("agreement_executed")]
    assert all(m.attachments[0][2] == "application/pdf" for m in executed)
    # Only reminders carry a stop link; what happened to a person (a decision, a pairing) cannot be stopped.
    assert all(
        ("List-Unsubscribe" in m.extra_headers) == (m.extra_headers["X-Notice"].split()[1] in KINDS) for m in mailoutbox
    )
