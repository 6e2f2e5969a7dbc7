"""The admin's applications list never counts a whole table: its count stops past a bound."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.tests.factories import ApplicationFactory
from mentorship import paging

pytestmark = pytest.mark.django_db


def test_the_count_stops_one_past_the_bound_and_the_rows_shown_are_whole(client, chair, program, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
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
