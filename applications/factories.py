"""Factories for programs and the applications made to them (and, re-exported, the people who apply).

An application's defaults are those of an eligible applicant who has submitted: a full member, with the areas,
frequency and forms of contact the forms ask for. `approved=True` is an application the chair approved,
`nonmember=True` one that owes the program's non-member fee.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.factories import ApplicantFactory, EmailAddressFactory, ProfileFactory, UserFactory
from applications.models import Application, ApplicationEvent, Program
from associations.factories import AssociationFactory

__all__ = [
    "ApplicantFactory",
    "ApplicationEventFactory",
    "ApplicationFactory",
    "EmailAddressFactory",
    "InProgramOf",
    "MentorApplicationFactory",
    "ProfileFactory",
    "ProgramFactory",
    "UserFactory",
]


class ProgramFactory(factory.django.DjangoModelFactory):
    """A program open for another 30 days, hosted by a default association."""

    class Meta:
        model = Program
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Mentorship Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    host = factory.SubFactory(
        AssociationFactory, short_name="EXAMPLE", name="Example Municipal Management Association", slug="example"
    )
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    chair_email = factory.LazyAttribute(lambda o: f"chair@{o.slug}.example.org")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A mentee's submitted application."""

    class Meta:
        model = Application

    class Params:
        approved = False
        nonmember = False

    program = factory.SubFactory(ProgramFactory)
    applicant = factory.SubFactory(ApplicantFactory)
    role = Application.Role.MENTEE
    status = factory.Maybe("approved", Application.Status.APPROVED, Application.Status.SUBMITTED)
    submitted_at = factory.LazyAttribute(
        lambda o: None if o.status == Application.Status.DRAFT else o.status_changed_at
    )
    status_changed_at = factory.LazyFunction(timezone.now)
    membership = factory.Maybe("nonmember", Application.Membership.NONMEMBER, Application.Membership.FULL)
    fee_status = factory.Maybe("nonmember", Application.Fee.DUE, Application.Fee.NONE)
    fee_amount = factory.Maybe("nonmember", factory.SelfAttribute("program.host.nonmember_fee"), Decimal("0.00"))
    frequency = "monthly"
    contact_forms = factory.LazyFunction(lambda: ["video", "email"])
    expertise = factory.LazyFunction(lambda: ["finance", "strategic_planning"])
    career_stage = Application.CareerStage.EARLY_CAREER
    goals = "Learn how a city budget is built."


class MentorApplicationFactory(ApplicationFactory):
    role = Application.Role.MENTOR
    expertise = factory.LazyFunction(lambda: ["finance", "management", "strategic_planning"])
    years_experience = 12
    capacity = 2
    career_stage = ""
    statement = "I have run budgets for twenty years and want to give back."


class InProgramOf:
    """Mixin of a factory whose row belongs to its applications' program: given an application and no program,
    the program is the application's, so the two never disagree (`PairingFactory(mentor_application=m)` pairs `m`
    with an approved mentee of `m`'s program). `_program_from` names the applications, in order of precedence;
    `_program_param` the parameter the program goes to."""

    _program_from: tuple[str, ...] = ("mentee_application", "mentor_application")
    _program_param = "program"

    @classmethod
    def _generate(cls, strategy, params):
        if not any(name == cls._program_param or name.startswith(f"{cls._program_param}__") for name in params):
            given = next((params[name] for name in cls._program_from if params.get(name) is not None), None)
            if given is not None:
                params = {**params, cls._program_param: given.program}
        return super()._generate(strategy, params)


class ApplicationEventFactory(factory.django.DjangoModelFactory):
    """A change of an application's status, as the services record it."""

    class Meta:
        model = ApplicationEvent

    application = factory.SubFactory(ApplicationFactory)
    status = factory.SelfAttribute("application.status")
    actor = factory.SelfAttribute("application.applicant")
