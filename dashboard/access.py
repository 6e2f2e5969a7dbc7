"""Who may open the chair's dashboard: the one rule the dashboard's views and the navigation's link both ask.

Staff holding the view permission on everything a dashboard shows (programs, applications, pairings), and on
whatever else a page adds (check-ins for their CSV); applications.access decides each permission."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.http import HttpRequest

from accounts.models import User
from applications.access import holds_permission
from applications.models import Application, Program
from pairings.models import Pairing

DASHBOARD_MODELS: tuple[type[Model], ...] = (Program, Application, Pairing)


def may_open_dashboard(user: User | AnonymousUser, *also: type[Model]) -> bool:
    return all(holds_permission(user, model) for model in (*DASHBOARD_MODELS, *also))


def dashboard_link(request: HttpRequest) -> dict[str, object]:
    """Context processor: `may_open_dashboard` for the templates' links. A callable, so the permissions are read
    only by a page that asks (a template calls it when it resolves the name)."""
    return {"may_open_dashboard": partial(may_open_dashboard, getattr(request, "user", AnonymousUser()))}
