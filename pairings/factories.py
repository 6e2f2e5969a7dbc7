"""Factories for a pairing and its life: the history, check-ins, pulses, events attended, feedback, the thanks
at the end and a request for a new match.

A pairing's applications are approved and in its program, its term is the program's from `started_on`, and its
partners are the applicants: what `pairing_create` makes. `ended=True` is a pairing the mentee ended early,
`completed=True` one whose term ran out.
"""

from __future__ import annotations

import datetime as dt

import factory
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from applications.factories import ApplicationFactory, InProgramOf, MentorApplicationFactory, ProgramFactory
from pairings.models import (
    CheckIn,
    EventAttendance,
    MatchFeedback,
    MentoringGroup,
    Pairing,
    PairingEvent,
    PulseResponse,
    RematchRequest,
    ThankYouNote,
)

END_REASON = "Moved to another state for a new job."


class PairingFactory(InProgramOf, factory.django.DjangoModelFactory):
    class Meta:
        model = Pairing
        skip_postgeneration_save = True

    class Params:
        ended = False
        completed = False

    program = factory.SubFactory(ProgramFactory)
    mentor_application = factory.SubFactory(
        MentorApplicationFactory, program=factory.SelfAttribute("..program"), approved=True
    )
    mentee_application = factory.SubFactory(
        ApplicationFactory, program=factory.SelfAttribute("..program"), approved=True
    )
    mentor = factory.SelfAttribute("mentor_application.applicant")
    mentee = factory.SelfAttribute("mentee_application.applicant")
    # A completed pairing's term ended yesterday.
    created_at = factory.Maybe(
        "completed",
        factory.LazyAttribute(lambda o: timezone.now() - relativedelta(months=o.program.term_months)),
        factory.LazyFunction(timezone.now),
    )
    started_on = factory.LazyAttribute(lambda o: timezone.localdate(o.created_at))
    ends_on = factory.LazyAttribute(lambda o: Pairing.term_for(o.program, o.started_on)[1])
    status = factory.Maybe(
        "ended", Pairing.Status.ENDED, factory.Maybe("completed", Pairing.Status.COMPLETED, Pairing.Status.ACTIVE)
    )
    ended_at = factory.Maybe("ended", factory.LazyFunction(timezone.now), None)
    ended_by = factory.Maybe("ended", factory.SelfAttribute("mentee"), None)
    end_reason = factory.Maybe("ended", END_REASON, "")
    # What pairing_create records; `history=None` leaves it out.
    history = factory.RelatedFactory(
        "pairings.factories.PairingEventFactory",
        factory_related_name="pairing",
        kind=PairingEvent.Kind.CREATED,
        at=factory.LazyAttribute(lambda o: o.pairing.created_at),
        actor=factory.LazyAttribute(lambda o: o.pairing.approved_by),
    )


class MentoringGroupFactory(factory.django.DjangoModelFactory):
    """A mentor and two mentees (`members=3` for three) mentored as one group, in a program that allows groups:
    what `pairings.groups.group_form` makes of a mentor's pairings."""

    class Meta:
        model = MentoringGroup
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory, allows_groups=True)
    mentor_application = factory.SubFactory(
        MentorApplicationFactory, program=factory.SelfAttribute("..program"), approved=True
    )
    mentor = factory.SelfAttribute("mentor_application.applicant")
    name = factory.Sequence(lambda n: f"Student chapter group {n}")

    @factory.post_generation
    def members(self, create: bool, extracted: int | None, **kwargs) -> None:
        if create:
            for _ in range(2 if extracted is None else extracted):
                PairingFactory(program=self.program, mentor_application=self.mentor_application, group=self)


class PairingEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PairingEvent

    pairing = factory.SubFactory(PairingFactory, history=None)
    kind = PairingEvent.Kind.CREATED
    actor = None


class CheckInFactory(factory.django.DjangoModelFactory):
    """A video call the mentee logged today."""

    class Meta:
        model = CheckIn

    pairing = factory.SubFactory(PairingFactory)
    logged_by = factory.SelfAttribute("pairing.mentee")
    date = factory.LazyFunction(timezone.localdate)
    form = "video"
    minutes = 45


class PulseResponseFactory(factory.django.DjangoModelFactory):
    """The mentee's answer to the first pulse."""

    class Meta:
        model = PulseResponse

    pairing = factory.SubFactory(PairingFactory)
    respondent = factory.SelfAttribute("pairing.mentee")
    round = 0
    score = 4


class EventAttendanceFactory(factory.django.DjangoModelFactory):
    """A regional event the mentee logged; `confirmed=True` once the chair confirmed it."""

    class Meta:
        model = EventAttendance

    class Params:
        confirmed = False

    pairing = factory.SubFactory(PairingFactory)
    kind = EventAttendance.Kind.REGIONAL
    name = factory.LazyAttribute(lambda o: f"{o.kind.title()} event")
    date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    confirmed_at = factory.Maybe("confirmed", factory.LazyFunction(timezone.now), None)


class MatchFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchFeedback

    pairing = factory.SubFactory(PairingFactory, ended=True)
    author = factory.SelfAttribute("pairing.mentee")
    rating = 4
    comments = "We met every month and it helped."


class ThankYouNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThankYouNote

    pairing = factory.SubFactory(PairingFactory, ended=True)
    author = factory.SelfAttribute("pairing.mentee")
    message = "Thank you for a year of good advice."


class RematchRequestFactory(factory.django.DjangoModelFactory):
    """A mentee whose pairing ended asks for a new match."""

    class Meta:
        model = RematchRequest

    pairing = factory.SubFactory(PairingFactory, ended=True)
    mentee = factory.SelfAttribute("pairing.mentee")
    program = factory.SelfAttribute("pairing.program")
    reason = "My mentor moved away."
