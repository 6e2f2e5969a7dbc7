"""The relationship services enforce their own rules, called directly (no view or form in front): an outsider or
the chair cannot end, ask for a new match, log a check-in, answer the pulse or rate the match; nobody is paired with
themselves; only a chair confirms an event. Each refusal leaves the database as it was."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from applications.factories import ApplicationFactory, MentorApplicationFactory
from applications.models import Application
from mentorship.tests.refusals import refused
from pairings import checkins, services
from pairings.models import EventAttendance, Pairing

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["outsider", "chair"])
def test_only_the_partners_may_end(request, pairing, persona):
    person = request.getfixturevalue(persona)
    with refused(services.PairingError, "Only the two partners can end"):
        services.pairing_end(pairing=pairing, actor=person, reason="Taking over", thanks="Bye")


def test_an_ended_relationship_cannot_be_ended_again(ended, mentee):
    with refused(services.PairingError, "already ended"):
        services.pairing_end(pairing=ended, actor=mentee, thanks="Again")


@pytest.mark.parametrize("persona", ["mentor", "outsider", "chair"])
def test_only_the_mentee_may_ask_for_a_new_match(request, ended, persona):
    person = request.getfixturevalue(persona)
    with refused(services.PairingError, "Only the mentee"):
        services.rematch_request(pairing=ended, mentee=person, reason="Please")


def test_a_new_match_waits_for_the_end_of_the_relationship(pairing, mentee):
    with refused(services.PairingError, "once a relationship has ended"):
        services.rematch_request(pairing=pairing, mentee=mentee)


def test_the_mentee_of_an_ended_relationship_may_ask_for_a_new_match(
    ended, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    ended.program.allow_rematch = True
    ended.program.save()
    with django_capture_on_commit_callbacks(execute=True):
        rematch = services.rematch_request(pairing=ended, mentee=mentee, reason="  Someone in finance ")
    assert (rematch.mentee, rematch.program, rematch.reason) == (mentee, ended.program, "Someone in finance")
    assert [m.to for m in mailoutbox] == [[ended.program.chair_email]]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.rematch_request(pairing=ended, mentee=mentee, reason="Again") == rematch
    assert len(mailoutbox) == 1  # asking twice tells the chair once


# Keeping in touch ----------------------------------------------------------------------------------------------


def log_checkin(pairing: Pairing, person) -> None:
    checkins.checkin_log(pairing=pairing, actor=person, date=timezone.localdate(), form="video", minutes=30, note="x")


@pytest.mark.parametrize("persona", ["outsider", "chair"])
def test_only_the_partners_may_log_a_check_in(request, pairing, persona):
    person = request.getfixturevalue(persona)
    with refused(checkins.CheckInError, "Only the two partners"):
        log_checkin(pairing, person)


def test_an_ended_relationship_takes_no_check_in(ended, mentee):
    with refused(checkins.CheckInError, "can no longer change"):
        log_checkin(ended, mentee)


@pytest.mark.parametrize("persona", ["outsider", "chair"])
def test_only_the_partners_may_answer_the_pulse(request, pairing, persona):
    person = request.getfixturevalue(persona)
    with refused(checkins.CheckInError, "Only the two partners"):
        checkins.pulse_answer(pairing=pairing, actor=person, round_=1, score=5)


def test_only_the_mentee_logs_events(pairing, mentor):
    with refused(checkins.CheckInError, "logged by the mentee"):
        checkins.event_log(pairing=pairing, actor=mentor, kind="regional", name="Spring", date=timezone.localdate())


@pytest.mark.parametrize("persona", ["outsider", "chair"])
def test_only_the_partners_rate_the_match(request, ended, persona):
    person = request.getfixturevalue(persona)
    with refused(checkins.CheckInError, "Only the two partners"):
        checkins.feedback_give(pairing=ended, actor=person, rating=1)


@pytest.fixture
def attendance(pairing, mentee) -> EventAttendance:
    return checkins.event_log(pairing=pairing, actor=mentee, kind="regional", name="Spring", date=timezone.localdate())


@pytest.mark.parametrize("persona", ["mentee", "outsider", "staff_without_permissions"])
def test_only_a_chair_may_confirm_an_event(request, attendance, persona):
    person = request.getfixturevalue(persona)
    with refused(PermissionDenied, "Only a chair"):
        checkins.event_confirm(attendance=attendance, actor=person)


def test_the_chair_confirms_an_event(attendance, chair):
    assert checkins.event_confirm(attendance=attendance, actor=chair)
    attendance.refresh_from_db()
    assert attendance.confirmed_by == chair


def test_nobody_is_paired_with_themselves(program, mentor):
    as_mentor = MentorApplicationFactory(program=program, applicant=mentor, status=Application.Status.APPROVED)
    as_mentee = ApplicationFactory(program=program, applicant=mentor, status=Application.Status.APPROVED)
    with refused(services.PairingError, "cannot be paired with themselves"):
        services.pairing_create(
            mentor_application=as_mentor, mentee_application=as_mentee, source=Pairing.Source.CHAIR, approved_by=None
        )
