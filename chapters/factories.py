"""Factories for student chapters and the offers managers make them."""

from __future__ import annotations

import factory

from accounts.factories import UserFactory
from associations.factories import AssociationFactory
from chapters.models import ChapterOffer, StudentChapter


class StudentChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudentChapter

    association = factory.SubFactory(AssociationFactory)
    university = factory.Sequence(lambda n: f"State University {n}")
    program_name = "Master of Public Administration"
    city = "Long Beach"
    state = "CA"
    contact_name = "Pat Advisor"
    contact_email = factory.Sequence(lambda n: f"chapter{n}@university.example.edu")


class ChapterOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChapterOffer

    chapter = factory.SubFactory(StudentChapterFactory)
    manager = factory.SubFactory(UserFactory)
    kind = ChapterOffer.Kind.PANEL
    message = "I manage a mid-sized city and would gladly sit on a career panel."
    suggested_dates = "Any Thursday in March"
