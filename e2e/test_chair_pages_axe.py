"""axe-core on every admin and dashboard page an association's chair can open, at a desktop's and a phone's width.

The pages are discovered, not listed: from the admin registry, each model the chair may view gives its list, the
change page of one of the chair's rows and, where the chair may add, its add page; the dashboard's URL patterns give
its HTML pages for the chair's program; and the admin home. So a new model or dashboard page is walked too. Reading
every one of them writes no row."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from playwright.sync_api import Page

from applications.factories import ProfileFactory
from e2e.checks import FAILING_IMPACTS, _axe, _describe, assert_no_page_problems
from e2e.conftest import DESKTOP, PHONE
from e2e.steps import admin_log_in
from mentorship.tests.refusals import database_state
from mentorship.tests.worlds import program_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def admin_pages(user) -> list[str]:
    """The list, one row's change page and the add page of every model `user` may view in the admin."""
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if (row := model_admin.get_queryset(request).first()) is not None:
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return pages


def dashboard_routes() -> list[str]:
    """The dashboard's URL patterns, as routes with "<slug:slug>" where the program goes."""
    [dashboard] = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "dashboard"]
    prefix = str(dashboard.pattern)
    return [prefix + str(p.pattern) for p in dashboard.url_patterns if isinstance(p, URLPattern)]


def dashboard_pages(page: Page, slug: str) -> list[str]:
    """The dashboard's pages for the program that answer with HTML (its CSV and PDF exports are files)."""
    pages = []
    for route in dashboard_routes():
        path = "/" + route.replace("<slug:slug>", slug)
        assert "<" not in path, f"the dashboard's {route} takes more than the program: say what to open it with"
        response = page.request.get(path, max_redirects=0)
        assert response.status == 200, f"{path}: {response.status}"
        if response.headers["content-type"].startswith("text/html"):
            pages.append(path)
    return pages


def violations(page: Page) -> list[str]:
    return [_describe(v) for v in _axe.run(page).response["violations"] if v["impact"] in FAILING_IMPACTS]


def test_every_admin_and_dashboard_page_a_chair_opens_passes_axe_at_both_widths(new_page, program, host_chair):
    world = program_world(program, ProfileFactory().user, ProfileFactory().user, host_chair)
    page = new_page("chair")
    admin_log_in(page, host_chair)
    pages = admin_pages(host_chair) + dashboard_pages(page, world.program.slug)
    assert "/admin/matching/matchrun/add/" in pages and f"/chair/{program.slug}/" in pages

    before = database_state()
    found: dict[str, list[str]] = {}
    for path in pages:
        page.set_viewport_size(DESKTOP)
        response = page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        assert urlsplit(page.url).path == path, f"{path} led to {page.url}"
        assert_no_page_problems(page)
        for label, size in (("1280", DESKTOP), ("375", PHONE)):
            page.set_viewport_size(size)
            if problems := violations(page):
                found[f"{path} at {label} px"] = problems
    assert not found, "\n".join(f"{where}:\n" + "\n".join(problems) for where, problems in found.items())
    assert database_state() == before, "opening a page wrote a row"
