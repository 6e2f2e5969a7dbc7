"""Factories for people: an account with its verified address, and the contact profile applications reuse.

Runtime code (the demo data, the synthetic programs, the bench seeders) builds from these as well as the tests.
For thousands of rows, `.build()` them with `password=UNUSABLE_PASSWORD, verified=None` and `bulk_create`:
hashing a password and saving an address one by one is what makes a seeder slow.
"""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from accounts.models import Profile, User

PASSWORD = "correct horse battery staple"  # noqa: S105 -- the tests' and the factories' sign-in password
# `password=UNUSABLE_PASSWORD`: an account that cannot sign in with a password (Django's "!" marker), stored as is:
# a plain value passed for `password` would be hashed, a second or so each with the production hasher.
UNUSABLE_PASSWORD = factory.Transformer.Force("!")


class UserFactory(factory.django.DjangoModelFactory):
    """A verified account. `chair=True`: a superuser who runs everything in the admin."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        chair = False

    # Flags as Maybe, not Trait: an unset trait costs a failed lookup whose message prints every value built so far.
    is_staff = factory.Maybe("chair", True, False)
    is_superuser = factory.Maybe("chair", True, False)

    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Applicant Number{n}")
    password = factory.django.Password(PASSWORD)
    verified = factory.RelatedFactory("accounts.factories.EmailAddressFactory", factory_related_name="user")


class EmailAddressFactory(factory.django.DjangoModelFactory):
    """The verified, primary address allauth lets a person sign in with."""

    class Meta:
        model = EmailAddress

    user = factory.SubFactory(UserFactory, verified=None)
    email = factory.SelfAttribute("user.email")
    verified = True
    primary = True


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    organization = factory.Sequence(lambda n: f"City of Example{n}")
    title = "Management Analyst"
    address = "1 Civic Center Plaza"
    city = "Irvine"
    state = "CA"
    zip_code = "92606"
    phone = "555-0100"
    region = "Orange County"


class ApplicantFactory(UserFactory):
    """A person who has applied once: an account and its contact profile."""

    profile = factory.RelatedFactory(ProfileFactory, factory_related_name="user")
