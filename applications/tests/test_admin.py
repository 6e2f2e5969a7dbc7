"""The chair's side: the applications list, its filters and actions, in a fixed number of queries."""

import csv
import io

import pytest
from django.urls import reverse

from applications.factories import ApplicationFactory, MentorApplicationFactory
from applications.models import Application

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:applications_application_changelist")


@pytest.fixture
def as_chair(committing_client, chair):
    committing_client.force_login(chair)
    return committing_client


def action(as_chair, name: str, applications) -> object:
    return as_chair.post(CHANGELIST, {"action": name, "_selected_action": [a.pk for a in applications]}, follow=False)


class TestAccess:
    def test_anonymous_is_sent_to_the_admin_login(self, client):
        response = client.get(CHANGELIST)
        assert response.status_code == 302
        assert "/admin/login/" in response.url

    def test_an_applicant_is_sent_to_the_admin_login(self, client, mentee):
        client.force_login(mentee)
        assert client.get(CHANGELIST).status_code == 302


class TestList:
    def test_the_list_shows_key_facts_and_a_resume_link(self, as_chair, program):
        application = MentorApplicationFactory(program=program)
        application.resume.save("x.pdf", io.BytesIO(b"%PDF-1.4"))
        page = as_chair.get(CHANGELIST)
        content = page.content.decode()
        assert application.applicant.full_name in content
        assert application.applicant.profile.organization in content
        assert "Finance, Management, Strategic Planning" in content
        assert reverse("applications:resume", args=[application.pk]) in content

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("role=mentor", {"mentor"}),
            ("expertise=management", {"mentor"}),
            ("expertise=finance", {"mentor", "mentee"}),
            ("membership__exact=student", {"mentee"}),
            ("fee_status__exact=due", {"mentee"}),
            ("frequency__exact=quarterly", {"mentee"}),
            ("status__exact=approved", {"mentor"}),
        ],
    )
    def test_filters(self, as_chair, program, query, expected):
        MentorApplicationFactory(program=program, status=Application.Status.APPROVED)
        ApplicationFactory(program=program, membership="student", fee_status="due", frequency="quarterly")
        page = as_chair.get(f"{CHANGELIST}?{query}")
        assert {a.role for a in page.context["cl"].result_list} == expected

    def test_search_by_name_email_and_organization(self, as_chair, program):
        target = ApplicationFactory(program=program)
        ApplicationFactory(program=program)
        for term in [target.applicant.full_name, target.applicant.email, target.applicant.profile.organization]:
            page = as_chair.get(CHANGELIST, {"q": term})
            assert list(page.context["cl"].result_list) == [target], term

    def test_the_list_runs_a_fixed_number_of_queries(self, as_chair, program, django_assert_max_num_queries):
        def count_queries(n: int) -> int:
            Application.objects.all().delete()
            ApplicationFactory.create_batch(n, program=program)
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                assert as_chair.get(CHANGELIST).status_code == 200
            return len(queries)

        assert count_queries(5) == count_queries(50)


class TestActions:
    @pytest.mark.parametrize(
        ("name", "status", "words"),
        [
            ("approve", "approved", "approved"),
            ("decline", "declined", "not able"),
            ("waitlist", "waitlisted", "waiting"),
        ],
    )
    def test_a_decision_emails_the_applicant_and_records_who_and_when(
        self, as_chair, chair, program, mailoutbox, name, status, words
    ):
        applications = ApplicationFactory.create_batch(2, program=program)
        action(as_chair, name, applications)
        for application in applications:
            application.refresh_from_db()
            assert application.status == status
            assert application.decided_by == chair
            assert application.decided_at is not None
            assert application.events.last().actor == chair
        assert sorted(m.to[0] for m in mailoutbox) == sorted(a.applicant.email for a in applications)
        assert words in mailoutbox[0].body
        assert program.name in mailoutbox[0].subject

    def test_drafts_and_withdrawn_applications_are_not_decided(self, as_chair, program, mailoutbox):
        draft = ApplicationFactory(program=program, status=Application.Status.DRAFT)
        withdrawn = ApplicationFactory(program=program, status=Application.Status.WITHDRAWN)
        action(as_chair, "approve", [draft, withdrawn])
        assert set(Application.objects.values_list("status", flat=True)) == {"draft", "withdrawn"}
        assert mailoutbox == []

    def test_approving_from_the_submitted_filter_reports_what_was_done_and_nothing_skipped(self, as_chair, program):
        applications = ApplicationFactory.create_batch(5, program=program)
        response = as_chair.post(
            f"{CHANGELIST}?status__exact=submitted",
            {"action": "approve", "_selected_action": [a.pk for a in applications]},
            follow=True,
        )
        said = [str(message) for message in response.context["messages"]]
        assert said == ["5 application(s) approved; the applicants were emailed."]

    def test_approving_a_non_member_whose_fee_is_due_warns_the_chair(self, as_chair, program):
        owing = ApplicationFactory(program=program, membership="nonmember", fee_status="due", fee_amount="50.00")
        response = as_chair.post(CHANGELIST, {"action": "approve", "_selected_action": [owing.pk]}, follow=True)
        said = [str(message) for message in response.context["messages"]]
        assert any(f"fee is still due from {owing.applicant.full_name}" in text for text in said)

    def test_deciding_twice_emails_once(self, as_chair, program, mailoutbox):
        application = ApplicationFactory(program=program)
        action(as_chair, "approve", [application])
        action(as_chair, "approve", [application])
        assert len(mailoutbox) == 1

    @pytest.mark.parametrize(("name", "fee"), [("mark_fee_paid", "paid"), ("mark_fee_waived", "waived")])
    def test_the_chair_records_a_fee(self, as_chair, chair, program, name, fee):
        owing = ApplicationFactory(program=program, membership="nonmember", fee_status="due", fee_amount="50.00")
        member = ApplicationFactory(program=program)
        action(as_chair, name, [owing, member])
        owing.refresh_from_db()
        member.refresh_from_db()
        assert owing.fee_status == fee
        assert owing.fee_recorded_by == chair
        assert member.fee_status == "none"

    def test_export_csv(self, as_chair, program):
        applications = [MentorApplicationFactory(program=program), ApplicationFactory(program=program)]
        applications[0].applicant.profile.organization = "=HYPERLINK(evil)"
        applications[0].applicant.profile.save()
        response = action(as_chair, "export_csv", applications)
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        assert len(rows) == 2
        by_role = {row["Role"]: row for row in rows}
        assert by_role["Mentor"]["Expertise"] == "Finance; Management; Strategic Planning"
        assert by_role["Mentor"]["Organization"] == "'=HYPERLINK(evil)"
        assert by_role["Mentee"]["Email"] == applications[1].applicant.email


def test_marking_under_review_records_who_and_sends_nothing(as_chair, chair, program, mailoutbox):
    application = ApplicationFactory(program=program)
    action(as_chair, "mark_under_review", [application])
    application.refresh_from_db()
    assert application.status == Application.Status.UNDER_REVIEW
    assert application.events.last().actor == chair
    assert mailoutbox == []
