"""Factories for the associations that host programs."""

from __future__ import annotations

import factory

from associations.models import Association


class AssociationFactory(factory.django.DjangoModelFactory):
    """An association, fetched if one with the same short name exists: `AssociationFactory(short_name="BENCH")` is
    the same host however many times a seeder asks for it."""

    class Meta:
        model = Association
        django_get_or_create = ("short_name",)

    short_name = factory.Sequence(lambda n: f"ASSN{n}")
    name = factory.LazyAttribute(lambda o: f"{o.short_name} Municipal Management Association")
    slug = factory.LazyAttribute(lambda o: o.short_name.lower())
    region = "California"
    contact_email = factory.LazyAttribute(lambda o: f"info@{o.slug}.example.org")
