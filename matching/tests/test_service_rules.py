"""The matching services check who acts, called directly: only the mentor asked answers a gallery request, only
the mentee who asked replies or withdraws, only a chair holding the change permission steers a match run, and a
chosen mentor must come from the run's program. Each refusal leaves the database as it was."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from applications.models import Program
from matching import gallery, proposal_edits, publishing, services
from matching.models import GalleryRequest, MatchRun
from matching.tests.conftest import approved_mentee, approved_mentor
from mentorship.tests.refusals import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def gallery_request(program, mentor, mentee) -> GalleryRequest:
    program.pairing_mode = Program.PairingMode.GALLERY
    program.save()
    return gallery.gallery_request_create(
        mentee_application=approved_mentee(program, user=mentee),
        mentor_application=approved_mentor(program, user=mentor),
        message="Could you help me with budgets?",
    )


MENTOR_ANSWERS = {
    "accept": lambda request, actor: gallery.gallery_request_accept(request=request, actor=actor, message="Yes"),
    "decline": lambda request, actor: gallery.gallery_request_decline(request=request, actor=actor, message="No"),
    "ask": lambda request, actor: gallery.gallery_request_ask(request=request, actor=actor, question="Why me?"),
}


@pytest.mark.parametrize("answer", MENTOR_ANSWERS)
@pytest.mark.parametrize("persona", ["mentee", "outsider", "chair"])
def test_only_the_mentor_asked_answers_a_request(request, gallery_request, answer, persona):
    person = request.getfixturevalue(persona)
    with refused(services.MatchingError, "Only the mentor of this request"):
        MENTOR_ANSWERS[answer](gallery_request, person)


@pytest.mark.parametrize("persona", ["mentor", "outsider", "chair"])
def test_only_the_mentee_who_asked_replies_or_withdraws(request, gallery_request, mentor, persona):
    gallery.gallery_request_ask(request=gallery_request, actor=mentor, question="Which city?")
    person = request.getfixturevalue(persona)
    with refused(services.MatchingError, "Only the mentee of this request"):
        gallery.gallery_request_reply(request=gallery_request, actor=person, answer="Irvine")
    with refused(services.MatchingError, "Only the mentee of this request"):
        gallery.gallery_request_withdraw(request=gallery_request, actor=person)


def test_the_mentor_asked_accepts(gallery_request, mentor):
    pairing = gallery.gallery_request_accept(request=gallery_request, actor=mentor)
    assert (pairing.mentor, pairing.mentee) == (mentor, gallery_request.mentee_application.applicant)


@pytest.fixture
def run(program, chair, cohort) -> MatchRun:
    run = MatchRun.objects.create(program=program, created_by=chair, min_score=0.0)
    services.match_run_solve(run=run)
    return run


@pytest.mark.parametrize("persona", ["outsider", "staff_without_permissions"])
def test_only_a_chair_steers_a_match_run(request, run, cohort, persona):
    person = request.getfixturevalue(persona)
    first, second = run.proposals.order_by("pk")[:2]
    with refused(PermissionDenied, "Only a chair"):
        proposal_edits.proposal_lock(proposal=first, actor=person)
    with refused(PermissionDenied, "Only a chair"):
        proposal_edits.proposal_reject(proposal=first, actor=person)
    with refused(PermissionDenied, "Only a chair"):
        proposal_edits.proposal_swap(first=first, second=second, actor=person)
    with refused(PermissionDenied, "Only a chair"):
        proposal_edits.proposal_choose_mentor(
            run=run, mentee_application=first.mentee_application, mentor_application=cohort[0][2], actor=person
        )
    with refused(PermissionDenied, "Only a chair"):
        publishing.match_run_publish(run=run, actor=person)


def test_a_chair_publishes_a_match_run(run, chair):
    assert publishing.match_run_publish(run=run, actor=chair).pairings


def test_a_chosen_mentor_comes_from_the_runs_program(run, chair, program):
    elsewhere = Program.objects.create(name="Elsewhere", slug="elsewhere", host=program.host, deadline=program.deadline)
    stranger = approved_mentor(elsewhere)
    mentee_application = run.proposals.first().mentee_application
    with refused(services.MatchingError, "of this run's program"):
        proposal_edits.proposal_choose_mentor(
            run=run, mentee_application=mentee_application, mentor_application=stranger, actor=chair
        )
    with refused(services.MatchingError, "of this run's program"):
        proposal_edits.proposal_choose_mentor(
            run=run, mentee_application=mentee_application, mentor_application=mentee_application, actor=chair
        )
