"""Every page of every registered admin, for tests that look for text that must never show (private or hostile)."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse


def registered() -> Iterator[tuple[type, admin.ModelAdmin]]:
    yield from admin.site._registry.items()


def admin_url(model: type, view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def admin_pages(request: HttpRequest) -> Iterator[str]:
    """The index, each app's index, and per admin: the list, the list sorted by each column, and every object's
    change, history and delete pages."""
    yield reverse("admin:index")
    for app_label in sorted({model._meta.app_label for model, _ in registered()}):
        yield reverse("admin:app_list", args=[app_label])
    for model, model_admin in registered():
        yield admin_url(model, "changelist")
        for index in range(1, len(model_admin.get_list_display(request)) + 1):
            yield admin_url(model, "changelist") + f"?o={index}"
        for pk in model._default_manager.values_list("pk", flat=True):
            for view in ("change", "history", "delete"):
                yield admin_url(model, view, pk)
