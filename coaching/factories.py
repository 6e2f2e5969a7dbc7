"""Factories for speed coaching: a session of an association, coaches' sign-ups, learners' registrations with
their wishes, and seats (a seat's coach and learner belong to its session)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from accounts.factories import UserFactory
from applications.vocabulary import Expertise
from associations.factories import AssociationFactory
from coaching.models import CoachSignup, Feedback, LearnerRegistration, Seat, Session, Wish


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    association = factory.SubFactory(AssociationFactory)
    title = factory.Sequence(lambda n: f"Conference speed coaching {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    place = "Hall B, Convention Center"
    rounds = 3
    minutes_per_round = 10
    tables = 10


class CoachSignupFactory(factory.django.DjangoModelFactory):
    """A coach who can do every round of the session."""

    class Meta:
        model = CoachSignup

    session = factory.SubFactory(SessionFactory)
    user = factory.SubFactory(UserFactory)
    areas = factory.LazyFunction(lambda: [Expertise.FINANCE, Expertise.MANAGEMENT, Expertise.STRATEGIC_PLANNING])
    rounds = factory.LazyAttribute(lambda o: list(o.session.round_numbers()))


class LearnerRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerRegistration

    session = factory.SubFactory(SessionFactory)
    user = factory.SubFactory(UserFactory)
    areas = factory.LazyFunction(lambda: [Expertise.MANAGEMENT])


class WishFactory(factory.django.DjangoModelFactory):
    """A learner's first wish, a coach of the same session."""

    class Meta:
        model = Wish

    registration = factory.SubFactory(LearnerRegistrationFactory)
    coach = factory.SubFactory(CoachSignupFactory, session=factory.SelfAttribute("..registration.session"))
    rank = 1


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    session = factory.SubFactory(SessionFactory)
    round = 1
    table = 1
    coach = factory.SubFactory(CoachSignupFactory, session=factory.SelfAttribute("..session"))
    learner = factory.SubFactory(LearnerRegistrationFactory, session=factory.SelfAttribute("..session"))


class FeedbackFactory(factory.django.DjangoModelFactory):
    """A learner's word on a coach of the same session (the seat they shared is left to the test)."""

    class Meta:
        model = Feedback

    registration = factory.SubFactory(LearnerRegistrationFactory)
    coach = factory.SubFactory(CoachSignupFactory, session=factory.SelfAttribute("..registration.session"))
    useful = True
    comment = "Clear advice on budgets"
