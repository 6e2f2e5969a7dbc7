"""The admin's applications list never counts a whole table: its count stops past a bound."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.factories import ApplicationFactory
from mentorship import admin_lists

pytestmark = pytest.mark.django_db


def test_the_count_stops_one_past_the_bound_and_the_rows_shown_are_whole(client, chair, program, monkeypatch):
    monkeypatch.setattr(admin_lists, "COUNT_LIMIT", 3)
    applications = ApplicationFactory.create_batch(5, program=program)
    client.force_login(chair)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:applications_application_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 4  # "more than 3": the chair narrows with a filter
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 4" in sql for sql in counts)
    assert all(a.applicant.full_name in response.content.decode() for a in applications[:4])


def test_under_the_bound_the_count_is_exact(client, chair, program):
    ApplicationFactory.create_batch(3, program=program)
    client.force_login(chair)
    assert client.get(reverse("admin:applications_application_changelist")).context["cl"].result_count == 3


def test_each_row_has_its_action_checkbox_and_an_action_reaches_the_rows_ticked(client, chair, program):
    ticked, left = ApplicationFactory.create_batch(2, program=program)
    client.force_login(chair)
    url = reverse("admin:applications_application_changelist")

    content = client.get(url).content.decode()
    response = client.post(url, {"action": "mark_under_review", "_selected_action": [ticked.pk]}, follow=True)

    assert f'<input type="checkbox" name="_selected_action" value="{ticked.pk}" class="action-select"' in content
    assert '<input type="checkbox" id="action-toggle"' in content
    assert response.status_code == 200
    ticked.refresh_from_db()
    left.refresh_from_db()
    assert (ticked.status, left.status) == ("under_review", "submitted")
