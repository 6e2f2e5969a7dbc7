"""The agreement services enforce their own rules, called directly (no view or form in front): an outsider or the
chair cannot sign; a signature needs consent and the signer's own name; execution needs both signatures of the same,
current content. Each refusal leaves the database as it was. The relationship's rules: pairings/tests."""

from __future__ import annotations

import pytest
from django.utils import timezone

from agreements import services
from agreements.content import agreement_content, content_sha256
from agreements.models import Agreement, Signature
from agreements.tests.conftest import BROWSER, sign
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
