"""The agreement and relationship services enforce their own rules, called directly (no view or form in front):
an outsider or the chair cannot sign, end or ask for a new match; a signature needs consent and the signer's own
name; execution needs both signatures of the same, current content. Each refusal leaves the database as it was."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from agreements import checkins, services
from agreements.content import agreement_content, content_sha256
from agreements.models import Agreement, EventAttendance, Signature
from agreements.tests.conftest import BROWSER, sign
from matching.models import Pairing
from mentorship.tests.refusals import refused

pytestmark = pytest.mark.django_db


def sign_as(agreement: Agreement, person, *, typed_name: str | None = None, consent: bool = True) -> Signature:
    return services.agreement_sign(
        agreement=agreement,
        signer=person,
        typed_name=person.full_name if typed_name is None else typed_name,
        consent=consent,
        ip="203.0.113.9",
        user_agent=BROWSER,
    )


@pytest.fixture
def ended(pairing: Pairing) -> Pairing:
    Pairing.objects.filter(pk=pairing.pk).update(status=Pairing.Status.ENDED, ended_at=timezone.now())
    pairing.refresh_from_db()
    return pairing


@pytest.mark.parametrize("persona", ["outsider", "chair"])
def test_only_the_partners_may_sign(request, agreement, persona):
    person = request.getfixturevalue(persona)
    with refused(services.AgreementError, "Only the two partners"):
        sign_as(agreement, person)


@pytest.mark.parametrize("persona", ["outsider", "chair"])
def test_only_the_partners_may_change_the_agreement(request, agreement, persona):
    person = request.getfixturevalue(persona)
    with refused(services.AgreementError, "Only the two partners"):
        services.agreement_update(agreement=agreement, actor=person, changes={"duration": "Forever"})


def test_an_outsider_cannot_sign_after_a_partner_did(agreement, mentor, outsider):
    sign(agreement, mentor)
    with refused(services.AgreementError, "Only the two partners"):
        sign_as(agreement, outsider)
    agreement.refresh_from_db()
    assert not agreement.is_executed


def test_a_signature_needs_consent(agreement, mentor):
    with refused(services.AgreementError, "tick the box"):
        sign_as(agreement, mentor, consent=False)


@pytest.mark.parametrize("typed_name", ["", "Avery Mentee", "Morgan", "Morgan Mentor Jr", "Casey Chair"])
def test_a_signature_needs_the_signers_own_full_name(agreement, mentor, typed_name):
    with refused(services.AgreementError, "Type your full name exactly"):
        sign_as(agreement, mentor, typed_name=typed_name)


def test_the_typed_name_may_differ_only_in_case_and_spaces(agreement, mentor):
    signature = sign_as(agreement, mentor, typed_name="  morgan   MENTOR ")
    assert signature.typed_name == "morgan MENTOR"


def test_one_signature_does_not_execute(agreement, mentor):
    sign(agreement, mentor)
    with refused(services.AgreementError, "Both partners must sign the same content"):
        services.agreement_execute(agreement=agreement)


def test_two_signatures_of_different_content_do_not_execute(agreement, mentor, mentee):
    current = content_sha256(agreement_content(agreement))
    for person, role, digest in [(mentor, "mentor", current), (mentee, "mentee", "0" * 64)]:
        Signature.objects.create(
            agreement=agreement,
            signer=person,
            role=role,
            typed_name=person.full_name,
            signed_at=timezone.now(),
            agreement_version=agreement.version,
            content_sha256=digest,
        )
    with refused(services.AgreementError, "Both partners must sign the same content"):
        services.agreement_execute(agreement=agreement)


def test_two_signatures_of_content_since_changed_do_not_execute(agreement, mentor, mentee):
    for person, role in [(mentor, "mentor"), (mentee, "mentee")]:
        Signature.objects.create(
            agreement=agreement,
            signer=person,
            role=role,
            typed_name=person.full_name,
            signed_at=timezone.now(),
            agreement_version=agreement.version,
            content_sha256=content_sha256(agreement_content(agreement)),
        )
    # Changed behind the service's back (as a partner renaming themselves does): the signed text is no longer it.
    Agreement.objects.filter(pk=agreement.pk).update(duration="Three years")
    with refused(services.AgreementError, "Both partners must sign the same content"):
        services.agreement_execute(agreement=agreement)


def test_the_same_partner_cannot_sign_twice(agreement, mentor):
    sign(agreement, mentor)
    with refused(services.AgreementError, "already signed"):
        sign_as(agreement, mentor)


def test_an_executed_agreement_cannot_be_signed_again(executed, mentor):
    with refused(services.AgreementFrozen, "executed"):
        sign_as(executed, mentor)


def test_an_ended_relationships_agreement_cannot_be_signed(agreement, ended, mentor):
    with refused(services.AgreementError, "relationship has ended"):
        sign_as(agreement, mentor)


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
