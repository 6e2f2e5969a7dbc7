"""The page runs a fixed number of queries whatever the program's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.synthetic import build_program

pytestmark = pytest.mark.django_db

# The user (1; the session comes from the cache), the program (1), the figures (10: applications counted by status
# and day in one), the failed emails (1), and the navigation's count of the chair's own to-dos (2, home.selectors).
PAGE_QUERIES = 15


def page_queries(client, pairs: int, applications: int) -> int:
    program = build_program(applications=applications, pairs=pairs, seed=pairs)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("dashboard:program", args=[program.slug]))
    assert response.status_code == 200
    assert response.context["d"].relationships.active + response.context["d"].relationships.ended_count > 0
    return len(captured)


def test_the_page_runs_the_same_queries_for_10_and_300_pairs(client, chair):
    client.force_login(chair)
    small = page_queries(client, pairs=10, applications=40)
    large = page_queries(client, pairs=300, applications=1000)
    assert small == large == PAGE_QUERIES


def test_the_exports_run_a_fixed_number_of_queries(client, chair):
    client.force_login(chair)
    counts = []
    for pairs, applications in ((10, 40), (120, 300)):
        program = build_program(applications=applications, pairs=pairs, seed=pairs)
        for name in ("dashboard:applications_csv", "dashboard:pairings_csv", "dashboard:checkins_csv"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse(name, args=[program.slug])).status_code == 200
            counts.append((name, len(captured)))
    assert counts[:3] == counts[3:]
