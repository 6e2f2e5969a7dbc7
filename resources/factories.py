"""Factories for the coaching library (tests, the demo data)."""

from __future__ import annotations

import factory

from associations.factories import AssociationFactory
from resources.models import Resource


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    association = factory.SubFactory(AssociationFactory)
    kind = Resource.Kind.ARTICLE
    title = factory.Sequence(lambda n: f"Career Compass no. {n}")
    summary = "Monthly coaching column."
    body = "Take the long view of your career."


def resource_world(association) -> dict[type, object]:
    """One of each resources model for the access matrix."""
    return {Resource: ResourceFactory(association=association, kind=Resource.Kind.GUIDELINE, title="Guidelines")}
