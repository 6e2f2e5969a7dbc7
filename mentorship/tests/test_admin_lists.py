"""The admin's long lists never count a whole table (the count stops past a bound) and read only the page's rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.admin import ApplicationAdmin
from applications.factories import ApplicationFactory
from matching.factories import ProposalFactory
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


def test_a_page_is_read_by_its_keys_first_in_the_order_asked_and_its_links_keep_the_filters(
    client, chair, program, monkeypatch
):
    monkeypatch.setattr(ApplicationAdmin, "list_per_page", 2)
    names = ["Blake Mentee", "Avery Mentee", "Casey Mentee"]
    applications = [ApplicationFactory(program=program, applicant__full_name=name) for name in names]
    client.force_login(chair)
    url = reverse("admin:applications_application_changelist")

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"o": "1", "role__exact": "mentee"})  # sorted by name, filtered

    assert [row.applicant.full_name for row in response.context["cl"].result_list] == sorted(names)[:2]
    rows = [q["sql"] for q in captured if "accounts_profile" in q["sql"] and "IN (SELECT" in q["sql"]]
    assert len(rows) == 1 and "LIMIT 2" in rows[0]  # the wide join reads the page's rows only
    link = reverse("admin:applications_application_change", args=[applications[1].pk])
    assert f'href="{link}?_changelist_filters=o%3D1%26role__exact%3Dmentee"' in response.content.decode()


def test_the_proposals_list_names_each_side_with_their_organization_as_the_proposal_page_does(client, chair):
    proposal = ProposalFactory(
        mentee_application__applicant__full_name="Mona Mentee",
        mentee_application__applicant__profile__organization="City of Irvine",
        mentor_application__applicant__full_name="Milo Mentor",
        mentor_application__applicant__profile__organization="County of Orange",
        score=0.91,
    )
    client.force_login(chair)

    listed = client.get(reverse("admin:matching_proposal_changelist"), {"run__id__exact": proposal.run_id})
    page = client.get(reverse("admin:matching_proposal_change", args=[proposal.pk]))
    alternatives = client.get(reverse("admin:matching_proposal_changelist") + f"{proposal.pk}/alternatives/")

    content = listed.content.decode()
    assert "Mona Mentee (City of Irvine)" in content and "Milo Mentor (County of Orange)" in content
    assert "Select this object for an action - Milo Mentor + Mona Mentee (0.91)" in content
    assert f'href="{proposal.pk}/alternatives/"' in content and alternatives.status_code == 200
    assert "Mona Mentee (City of Irvine)" in page.content.decode()


def _table(content: str) -> str:
    start = content.index('<table id="result_list">')
    return content[start : content.index("</table>", start)]


@pytest.mark.parametrize("query", [{}, {"o": "-11.2", "status__exact": "approved"}])
def test_the_rows_written_once_per_column_read_exactly_as_djangos(client, chair, program, monkeypatch, query):
    """Every kind of column: choices, a relation, a date and time, the admin's callables (empty, escaped, a link), the
    checkbox, and the row's link keeping the list's filters, against Django's own items_for_result."""
    ApplicationFactory(program=program, status="approved", applicant__full_name="<b>Ana</b> & Co", resume="r/a.pdf")
    ApplicationFactory(program=program, status="approved", applicant__profile=None, expertise_other="  ")
    ApplicationFactory.create_batch(3, program=program)
    ProposalFactory(run__program=program, reasons=["shares <Finance>"], not_published="Mentor is full")
    client.force_login(chair)
    pages = [
        (reverse("admin:applications_application_changelist"), query),
        (reverse("admin:matching_proposal_changelist"), {}),
    ]

    fast = [_table(client.get(url, data).content.decode()) for url, data in pages]
    monkeypatch.setattr(admin_lists, "_cells", lambda cl: None)  # Django's rendering
    slow = [_table(client.get(url, data).content.decode()) for url, data in pages]

    assert fast == slow
    assert "&lt;b&gt;Ana&lt;/b&gt; &amp; Co" in fast[0] and "shares &lt;Finance&gt;" in fast[1]


def test_the_runs_filter_names_every_run_in_one_query(client, chair, program):
    client.force_login(chair)
    url = reverse("admin:matching_proposal_changelist")
    ProposalFactory(run__program=program)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        counts.append(len(captured))
        ProposalFactory.create_batch(3, run__program=program)  # three runs more

    assert counts[0] == counts[1]
    assert response.content.decode().count(f"for {program.name} (") >= 4  # every run, named with its program


def test_the_run_names_each_mentee_left_without_a_proposal_as_text(client, chair, program):
    proposal = ProposalFactory(run__program=program)
    ApplicationFactory(program=program, approved=True, applicant__full_name="<b>Zed</b> & Co")
    ApplicationFactory(program=program, approved=True, applicant__full_name="Yara Waiting")
    client.force_login(chair)

    page = client.get(reverse("admin:matching_proposal_changelist"), {"run__id__exact": proposal.run_id})

    content = page.content.decode()
    assert "2 mentee(s) without a proposal" in content
    assert "<ul><li>&lt;b&gt;Zed&lt;/b&gt; &amp; Co</li><li>Yara Waiting</li></ul>" in content
