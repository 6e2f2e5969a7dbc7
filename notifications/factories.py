"""Factories for the notification ledger: a notice waiting to be sent, and a person's opt-out of one kind."""

from __future__ import annotations

import factory

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from notifications.models import Notice, OptOut


class NoticeFactory(factory.django.DjangoModelFactory):
    """The queued "we received your application" email, keyed and with the ids in its context as
    notifications.services records it. Another kind: `application=None` with its own kind, key, user, program and
    context."""

    class Meta:
        model = Notice

    class Params:
        application = factory.SubFactory(ApplicationFactory)

    kind = "application_submitted"
    key = factory.LazyAttribute(lambda o: f"{o.kind}:application:{o.application.pk}:submitted")
    user = factory.SelfAttribute("application.applicant")
    to = factory.SelfAttribute("user.email")
    template = factory.SelfAttribute("kind")
    program = factory.SelfAttribute("application.program")
    association = factory.LazyAttribute(lambda o: o.program.host if o.program is not None else None)
    context = factory.LazyAttribute(
        lambda o: {
            "application": {"model": "applications.application", "pk": o.application.pk},
            "program": {"model": "applications.program", "pk": o.program.pk},
        }
    )


class OptOutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OptOut

    user = factory.SubFactory(UserFactory)
    kind = "checkin_due"
