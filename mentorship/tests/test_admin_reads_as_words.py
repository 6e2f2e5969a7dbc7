"""Every admin page a chair can open reads as words: no raw float longer than two decimals, no raw JSON list, no
field name where a label belongs. The pages are discovered from the admin registry (each model's list and the change
page of one of its rows), so a new model is walked too."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.html import strip_tags

from applications.factories import ProfileFactory
from mentorship.tests.worlds import pair, program_world

pytestmark = pytest.mark.django_db

LONG_FLOAT = re.compile(r"(?<![\w.])\d+\.\d{3,}(?![\w.])")
JSON_LIST = re.compile(r'\[\s*"[^"]*"\s*(,\s*"[^"]*"\s*)*\]')
FIELD_NAME_SCORE = re.compile(r"(?<!of )\b(expertise|frequency|contact|text|career|local_government) \d")


def visible_text(html: str) -> str:
    """The page's text without its scripts, styles and hidden inputs (what a person reads)."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    html = re.sub(r"<input[^>]*>", " ", html)
    return strip_tags(html)


@pytest.fixture
def admin_pages(settings, tmp_path, program, chair) -> list[str]:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }
    world = program_world(program, ProfileFactory().user, ProfileFactory().user, chair)
    pages = []
    for model_admin in admin.site._registry.values():
        if model_admin.installation_wide:
            continue  # the installation's own models are not the chair's
        opts = model_admin.model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        pages.append(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[world.objects[model_admin.model].pk])
        )
    return pages


def test_no_admin_page_shows_a_long_float_or_a_raw_json_list(client, host_chair, admin_pages):
    client.force_login(host_chair)
    found = {}
    for path in admin_pages:
        response = client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.content.decode())
        problems = [
            *LONG_FLOAT.findall(text),
            *(m.group(0) for m in JSON_LIST.finditer(text)),
            *(m.group(0) for m in FIELD_NAME_SCORE.finditer(text)),
        ]
        if problems:
            found[path] = problems[:3]
    assert found == {}


def test_a_pairings_reasons_read_one_per_line_escaped_as_a_proposals(client, host_chair, program, mentor, mentee):
    pairing = pair(program, mentor, mentee)
    pairing.reasons = ["Shared areas: Finance.", "Both write about <b>budgets</b>."]
    pairing.save(update_fields=["reasons"])
    client.force_login(host_chair)
    html = client.get(reverse("admin:pairings_pairing_change", args=[pairing.pk])).content.decode()
    assert "Shared areas: Finance.<br>Both write about &lt;b&gt;budgets&lt;/b&gt;.<br>" in html
    assert "<li>Shared areas" not in html  # a list item outside any list is invalid markup (axe-core: listitem)
