"""Factories for how pairs form: match runs and their proposals, the chair's pair rules, and the Mentors Gallery.

Applications default to approved ones of the row's program (a run's program for a proposal); given an application
and no program, the program is the application's.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from applications.factories import (
    ApplicationFactory,
    InProgramOf,
    MentorApplicationFactory,
    ProgramFactory,
    UserFactory,
)
from matching.models import Favourite, GalleryRequest, MatchRun, PairRule, Proposal
from matching.scoring import COMPONENTS


class MatchRunFactory(factory.django.DjangoModelFactory):
    """A draft run with the default weights."""

    class Meta:
        model = MatchRun

    program = factory.SubFactory(ProgramFactory)
    created_by = factory.SubFactory(UserFactory, chair=True)


class ProposalFactory(InProgramOf, factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    _program_param = "run__program"

    run = factory.SubFactory(MatchRunFactory)
    mentor_application = factory.SubFactory(
        MentorApplicationFactory, program=factory.SelfAttribute("..run.program"), approved=True
    )
    mentee_application = factory.SubFactory(
        ApplicationFactory, program=factory.SelfAttribute("..run.program"), approved=True
    )
    score = 0.8
    components = factory.LazyFunction(lambda: dict.fromkeys(COMPONENTS, 0.8))
    reasons = factory.LazyFunction(lambda: ["Both work in finance."])


class PairRuleFactory(InProgramOf, factory.django.DjangoModelFactory):
    """The chair locks a pair; `kind=PairRule.Kind.FORBID` forbids it."""

    class Meta:
        model = PairRule

    program = factory.SubFactory(ProgramFactory)
    mentor_application = factory.SubFactory(
        MentorApplicationFactory, program=factory.SelfAttribute("..program"), approved=True
    )
    mentee_application = factory.SubFactory(
        ApplicationFactory, program=factory.SelfAttribute("..program"), approved=True
    )
    kind = PairRule.Kind.LOCK
    created_by = factory.SubFactory(UserFactory, chair=True)


class FavouriteFactory(InProgramOf, factory.django.DjangoModelFactory):
    class Meta:
        model = Favourite

    class Params:
        program = factory.SubFactory(ProgramFactory)

    mentee_application = factory.SubFactory(
        ApplicationFactory, program=factory.SelfAttribute("..program"), approved=True
    )
    mentor_application = factory.SubFactory(
        MentorApplicationFactory, program=factory.SelfAttribute("..program"), approved=True
    )


class GalleryRequestFactory(InProgramOf, factory.django.DjangoModelFactory):
    """A mentee asks a mentor, waiting for the answer for the program's response days. `expired=True`: it went
    unanswered past them."""

    class Meta:
        model = GalleryRequest

    class Params:
        expired = False

    program = factory.SubFactory(ProgramFactory)
    mentee_application = factory.SubFactory(
        ApplicationFactory, program=factory.SelfAttribute("..program"), approved=True
    )
    mentor_application = factory.SubFactory(
        MentorApplicationFactory, program=factory.SelfAttribute("..program"), approved=True
    )
    message = "Would you mentor me?"
    status = factory.Maybe("expired", GalleryRequest.Status.EXPIRED, GalleryRequest.Status.PENDING)
    created_at = factory.Maybe(
        "expired",
        factory.LazyAttribute(lambda o: timezone.now() - dt.timedelta(days=o.program.gallery_response_days + 2)),
        factory.LazyFunction(timezone.now),
    )
    expires_at = factory.LazyAttribute(lambda o: o.created_at + dt.timedelta(days=o.program.gallery_response_days))
