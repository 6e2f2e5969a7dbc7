"""Factories for the Statement of Mutual Understanding, its signatures and the program's coaching guidance.

`AgreementFactory` is a draft the pair is still writing; `ExecutedAgreementFactory` one both partners signed: its
signed content and hash are the real ones (agreements.content), and it comes with the two valid signatures
(`mentor_signature=None, mentee_signature=None` leave them out, to bulk-insert them).
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from agreements.content import agreement_content, content_sha256
from agreements.models import Agreement, PartnerNews, ProgramGuidance, Signature
from applications.factories import ProgramFactory
from pairings.factories import PairingFactory

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"


class ProgramGuidanceFactory(factory.django.DjangoModelFactory):
    """The default coaching guidance (agreements.wording) of a program."""

    class Meta:
        model = ProgramGuidance
        django_get_or_create = ("program",)

    program = factory.SubFactory(ProgramFactory)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    pairing = factory.SubFactory(PairingFactory)
    confidentiality = "What we discuss stays between us unless we both agree otherwise."
    duration = factory.SelfAttribute("pairing.program.term_description")
    frequency = factory.LazyAttribute(
        lambda o: o.pairing.mentee_application.frequency or o.pairing.mentor_application.frequency
    )
    contact_forms = factory.LazyFunction(lambda: ["video", "email"])
    mentor_time = "About two hours a month"


def sign_off(agreement: Agreement) -> Agreement:
    """Freeze `agreement` as both partners' signatures do: its content, the content's hash, the time."""
    agreement.signed_content = agreement_content(agreement)
    agreement.content_sha256 = content_sha256(agreement.signed_content)
    agreement.executed_at = agreement.executed_at or timezone.now()
    return agreement


class ExecutedAgreementFactory(AgreementFactory):
    mentor_signature = factory.RelatedFactory(
        "agreements.factories.SignatureFactory", factory_related_name="agreement", role=Signature.Role.MENTOR
    )
    mentee_signature = factory.RelatedFactory(
        "agreements.factories.SignatureFactory", factory_related_name="agreement", role=Signature.Role.MENTEE
    )

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return sign_off(super()._build(model_class, *args, **kwargs))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        agreement = sign_off(model_class(*args, **kwargs))
        agreement.save(force_insert=True)
        return agreement


class SignatureFactory(factory.django.DjangoModelFactory):
    """A valid signature of the agreement's current version and content, by the partner in `role`."""

    class Meta:
        model = Signature

    agreement = factory.SubFactory(AgreementFactory)
    role = Signature.Role.MENTOR
    signer = factory.LazyAttribute(
        lambda o: o.agreement.pairing.mentor if o.role == Signature.Role.MENTOR else o.agreement.pairing.mentee
    )
    typed_name = factory.SelfAttribute("signer.full_name")
    ip = "198.51.100.7"
    user_agent = USER_AGENT
    agreement_version = factory.SelfAttribute("agreement.version")
    content_sha256 = factory.LazyAttribute(
        lambda o: o.agreement.content_sha256 or content_sha256(agreement_content(o.agreement))
    )


class PartnerNewsFactory(factory.django.DjangoModelFactory):
    """News of a signature for the mentee, not yet told: due two minutes after it."""

    class Meta:
        model = PartnerNews

    agreement = factory.SubFactory(AgreementFactory)
    recipient = factory.SelfAttribute("agreement.pairing.mentee")
    first_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(lambda o: o.first_at + dt.timedelta(minutes=2))
