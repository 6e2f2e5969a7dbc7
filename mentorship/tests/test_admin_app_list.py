"""The admin's list of models (the sidebar of every admin page, the admin's home) written by `{% app_list_html %}`
reads, to the byte, as Django's own admin/app_list.html writes it."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.template import Context, Engine
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOSTILE = [
    {
        "app_label": 'a"b',
        "app_url": "/admin/a/",
        "name": "<b>Apps</b> & co",
        "models": [
            {"object_name": "Odd<One>", "name": "<i>odd</i>", "admin_url": "/admin/a/odd/?x=1&y=2", "view_only": True},
            {"object_name": "Plain", "name": "Plain", "admin_url": "", "add_url": "/admin/a/plain/add/"},
            {"object_name": "Seen", "name": "Seen", "admin_url": "/admin/a/seen/", "add_url": "/admin/a/seen/add/"},
            {"object_name": "Hidden", "name": "Hidden"},
        ],
    }
]


def _templates():
    engine = Engine.get_default()
    ours = engine.get_template("admin/app_list.html")
    djangos, _ = engine.find_template("admin/app_list.html", skip=[ours.origin])
    assert "{% app_list_html %}" in ours.source and "{% for app in app_list %}" in djangos.source
    return ours, djangos


def _both(path: str, app_list: list, show_changelinks: bool) -> tuple[str, str]:
    request = RequestFactory().get(path)
    values = {"request": request, "app_list": app_list, "show_changelinks": show_changelinks}
    ours, djangos = _templates()
    return ours.render(Context(values)), djangos.render(Context(values))


@pytest.mark.parametrize("show_changelinks", [True, False])
@pytest.mark.parametrize("person", ["chair", "viewer"])
def test_every_model_reads_as_in_djangos_list(request, person, show_changelinks):
    user = request.getfixturevalue(person)
    at = RequestFactory().get(reverse("admin:applications_application_changelist"))
    at.user = user
    apps = admin.site.get_app_list(at)
    assert apps
    for path in (reverse("admin:index"), reverse("admin:applications_application_changelist") + "?role=mentee"):
        ours, djangos = _both(path, apps, show_changelinks)
        assert ours == djangos
    assert 'aria-current="page"' in ours and "current-model" in ours and "current-app" in ours


@pytest.mark.parametrize("show_changelinks", [True, False])
def test_hostile_names_are_escaped_as_django_escapes_them(show_changelinks):
    ours, djangos = _both("/admin/a/seen/", HOSTILE, show_changelinks)
    assert ours == djangos
    assert "&lt;b&gt;Apps&lt;/b&gt; &amp; co" in ours and "&lt;i&gt;odd&lt;/i&gt;" in ours and "a&quot;b" in ours


def test_with_nothing_to_show_the_list_says_so_as_django_does():
    ours, djangos = _both("/admin/", [], True)
    assert ours == djangos and "permission to view or edit anything" in ours


def test_the_admin_pages_show_the_list(client, chair):
    client.force_login(chair)
    page = client.get(reverse("admin:applications_application_changelist")).content.decode()
    home = client.get(reverse("admin:index")).content.decode()
    link = reverse("admin:applications_application_changelist")
    assert f'<a href="{link}" aria-current="page">Applications</a>' in page
    assert 'class="changelink"' in home and 'id="nav-sidebar"' in page
