"""The agreement page reads its pairing without the columns it never shows (agreements.selectors.LEFT_OUT): in every
state the page can be in, for every reader, and on the PDF's download, no column left out is loaded later (Django
would fetch it with a query of its own). Each state's query count is pinned at what it was when whole rows were
read, and no query may be a load of left-out columns."""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import selectors, services
from agreements.models import Agreement
from agreements.tests.conftest import form_data, sign
from agreements.tests.test_group_agreement import members
from pairings.factories import MentoringGroupFactory

pytestmark = pytest.mark.django_db


def columns(model) -> set[str]:
    return {f'"{model._meta.db_table}"."{field.column}"' for field in model._meta.concrete_fields}


def selected(sql: str) -> set[str]:
    return set(re.findall(r'"\w+"\."\w+"', sql.split(" FROM ")[0]))


def deferred_columns() -> set[str]:
    """Every `"table"."column"` the page's pairing query leaves out."""
    loaded = selected(str(selectors.pairing_queryset(pk=0).query))
    return set().union(*(columns(model) for model in selectors.PAIRING_MODELS)) - loaded


def deferred_loads(sql: str) -> bool:
    """A load of deferred columns (Model.refresh_from_db(fields=…)): some of a table's left-out columns, not its whole
    row (the rows the page reads whole, the agreement with its pairing, a group's pairings, select all of them)."""
    chosen, left_out = selected(sql), deferred_columns()
    return any(
        chosen & left_out & columns(model) and not columns(model) <= chosen for model in selectors.PAIRING_MODELS
    )


def test_the_query_leaves_out_columns_of_the_program_and_the_partners():
    left_out = deferred_columns()
    assert '"applications_program"."description"' in left_out and '"accounts_user"."password"' in left_out
    assert '"agreements_agreement"."signed_content"' not in left_out


def read(client, person, path: str, method: str = "get", data: dict | None = None):
    client.force_login(person)
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, data or {})
    assert [q["sql"] for q in queries.captured_queries if deferred_loads(q["sql"])] == []
    return response, len(queries)


def page(pairing) -> str:
    return reverse("agreements:agreement", args=[pairing.pk])


def pdf(pairing) -> str:
    return reverse("agreements:pdf", args=[pairing.pk])


# Each state's queries when the page read whole rows (before selectors.LEFT_OUT): a deferred column loaded later
# would add one.
COUNTS = {
    "draft mentee": 9,
    "draft chair": 10,
    "started mentor": 6,
    "started chair": 7,
    "refused save": 8,
    "refused sign": 10,
    "save": 10,
    "conflict": 20,
    "signed by one: signer": 6,
    "signed by one: other": 6,
    "executed": 6,
    "executed chair": 7,
    "pdf": 3,
    "executed no pdf": 6,
    "pdf not ready": 3,
    "pdf refused": 6,
    "ended": 6,
    "ended chair": 7,
    "group draft": 16,
    # A group's agreement read with its first pairing's program, host and partners joined, and the reader's group
    # reused: six queries fewer for a member, one for the first pairing's reader.
    "group started: anchor": 9,
    "group started: member": 9,
    "group signed by one": 9,
}


def check(state: str, response, count: int, status: int = 200) -> None:
    assert (response.status_code, count) == (status, COUNTS[state])


def test_a_draft(client, mentor, mentee, pairing, chair):
    check("draft mentee", *read(client, mentee, page(pairing)))
    check("draft chair", *read(client, chair, page(pairing)))


def test_a_started_agreement(client, mentor, chair, agreement):
    check("started mentor", *read(client, mentor, page(agreement.pairing)))
    check("started chair", *read(client, chair, page(agreement.pairing)))


def test_a_refused_save_and_a_refused_sign(client, mentor, agreement):
    bad = form_data(agreement, duration="", frequency="never")
    check("refused save", *read(client, mentor, page(agreement.pairing), "post", bad), status=400)
    sign_url = reverse("agreements:sign", args=[agreement.pairing.pk])
    check("refused sign", *read(client, mentor, sign_url, "post", {**bad, "typed_name": "x"}), status=400)


def test_a_save_and_a_conflict(client, mentor, agreement):
    check("save", *read(client, mentor, page(agreement.pairing), "post", form_data(agreement, duration="A year")), 302)
    stale = form_data(agreement, duration="Two years")  # still version 1
    check("conflict", *read(client, mentor, page(agreement.pairing), "post", stale), status=409)


def test_signed_by_one(client, mentor, mentee, agreement):
    sign(agreement, mentor)
    check("signed by one: signer", *read(client, mentor, page(agreement.pairing)))
    check("signed by one: other", *read(client, mentee, page(agreement.pairing)))


def test_executed_with_its_pdf(client, mentor, chair, executed):
    check("executed", *read(client, mentor, page(executed.pairing)))
    check("executed chair", *read(client, chair, page(executed.pairing)))
    check("pdf", *read(client, mentor, pdf(executed.pairing)))


def test_executed_with_a_pdf_that_fails_its_check(client, chair, executed):
    with default_storage.open(executed.pdf.name, "wb") as file:
        file.write(b"%PDF-1.7 not the file that was signed")
    check("pdf refused", *read(client, chair, pdf(executed.pairing)), status=409)


def test_executed_before_its_pdf(client, mentee, executed):
    Agreement.objects.filter(pk=executed.pk).update(pdf="")
    check("executed no pdf", *read(client, mentee, page(executed.pairing)))
    check("pdf not ready", *read(client, mentee, pdf(executed.pairing)), status=302)


def test_an_ended_pairing(client, mentor, ended, chair):
    services.agreement_for_pairing(pairing=ended)
    check("ended", *read(client, mentor, page(ended)))
    check("ended chair", *read(client, chair, page(ended)))


def test_a_group(client):
    group = MentoringGroupFactory(members=3, name="Cal State Long Beach MPA")
    first, second, _third = members(group)
    check("group draft", *read(client, second.mentee, page(second)))
    agreement = services.agreement_for_pairing(pairing=second)
    check("group started: anchor", *read(client, first.mentor, page(first)))
    check("group started: member", *read(client, second.mentee, page(second)))
    sign(agreement, group.mentor)
    check("group signed by one", *read(client, second.mentee, page(second)))
