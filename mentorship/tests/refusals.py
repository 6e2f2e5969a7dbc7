"""Shared by the service-rule tests: a refusal must raise AND leave every row of the project's tables as it was."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core import mail

from mentorship.tests.project import project_apps


def _project_apps() -> list[str]:
    """The apps of this repository (found, not listed: a new app's tables are watched too), and allauth's accounts."""
    return [*(app.label for app in project_apps()), "account"]


def database_state() -> dict[str, list[tuple]]:
    """Every row of every table of the project's apps (and the email addresses), in a stable order."""
    return {
        model._meta.label: sorted(model.objects.values_list(), key=repr)
        for label in _project_apps()
        for model in apps.get_app_config(label).get_models()
    }


@contextmanager
def refused(error: type[Exception], match: str) -> Iterator[None]:
    """The block raises `error` (its message matching `match`), changes no row and sends no email."""
    before, sent = database_state(), len(mail.outbox)
    with pytest.raises(error, match=match):
        yield
    assert database_state() == before
    assert len(mail.outbox) == sent
