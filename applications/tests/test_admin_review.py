"""One application's admin page, made for reading and deciding: the answers in words, the contact details, what is off,
the decision buttons with a message to the applicant, and the history."""

import io

import pytest
from django.urls import reverse

from applications import services
from applications.factories import ApplicationFactory, MentorApplicationFactory
from applications.models import Application, ApplicationEvent
from mentorship.tests.test_admin_reads_as_words import JSON_LIST, visible_text

pytestmark = pytest.mark.django_db


def page_url(application: Application) -> str:
    return reverse("admin:applications_application_change", args=[application.pk])


def decide_url(application: Application) -> str:
    return reverse("admin:applications_application_decide", args=[application.pk])


@pytest.fixture
def as_host_chair(committing_client, host_chair):
    committing_client.force_login(host_chair)
    return committing_client


@pytest.fixture
def mentee_application(program) -> Application:
    return ApplicationFactory(
        program=program,
        applicant__full_name="Riley Rivera",
        applicant__email="riley@example.org",
        applicant__profile__organization="City of Irvine",
        applicant__profile__title="Budget Analyst",
        applicant__profile__phone="949-555-0101",
        expertise=["finance", "council_manager_relations"],
        contact_forms=["in_person", "video"],
        frequency="every_other_month",
        goals="Learn how a city budget is built.",
    )


def decide(client, application: Application, decision: str, message: str = "", seen: str | None = None):
    data = {"decision": decision, "message": message, "seen_status": seen or application.status}
    return client.post(decide_url(application), data, follow=True)


class TestReading:
    def test_the_answers_read_as_words_with_contact_details_and_the_resume(self, as_host_chair, mentee_application):
        mentee_application.resume.save("cv.pdf", io.BytesIO(b"%PDF-1.4"))
        text = visible_text(as_host_chair.get(page_url(mentee_application)).content.decode())
        for words in (
            "Finance, Council-Manager Relations",
            "In person, Video",
            "Every other month",
            "Early career",
            "Learn how a city budget is built.",
            "riley@example.org",
            "949-555-0101",
            "Budget Analyst",
            "City of Irvine",
            "Irvine, CA",
            "Open the resume (PDF)",
        ):
            assert words in text, words
        assert not JSON_LIST.search(text)
        assert "council_manager_relations" not in text and "every_other_month" not in text

    def test_the_resume_is_one_click_away(self, as_host_chair, mentee_application):
        mentee_application.resume.save("cv.pdf", io.BytesIO(b"%PDF-1.4"))
        content = as_host_chair.get(page_url(mentee_application)).content.decode()
        assert f'href="{reverse("applications:resume", args=[mentee_application.pk])}"' in content

    def test_a_non_member_whose_fee_is_due_is_flagged(self, as_host_chair, program):
        application = ApplicationFactory(program=program, nonmember=True)
        text = visible_text(as_host_chair.get(page_url(application)).content.decode())
        assert "Check before deciding" in text
        assert f"the non-member fee of ${application.fee_amount} is still due" in text

    def test_the_page_is_named_after_the_applicant(self, as_host_chair, mentee_application):
        content = as_host_chair.get(page_url(mentee_application)).content.decode()
        assert "<h1>Riley Rivera&#x27;s mentee application</h1>" in content
        assert "Change application" not in content

    @pytest.mark.parametrize(("fee", "button"), [("paid", "Record fee paid"), ("waived", "Record fee waived")])
    def test_the_fee_is_recorded_from_the_warning(self, as_host_chair, host_chair, program, fee, button, mailoutbox):
        application = ApplicationFactory(program=program, nonmember=True)
        assert button in as_host_chair.get(page_url(application)).content.decode()
        page = as_host_chair.post(decide_url(application), {"fee": fee}, follow=True)
        application.refresh_from_db()
        assert (application.fee_status, application.fee_recorded_by) == (fee, host_chair)
        text = visible_text(page.content.decode())
        assert f"The non-member fee is recorded as {fee}." in text
        assert "Check before deciding" not in text
        assert f"The non-member fee of ${application.fee_amount} was {fee} by Harper Host" in text
        assert application.status == Application.Status.SUBMITTED and mailoutbox == []

    def test_recording_a_fee_on_a_member_changes_nothing(self, as_host_chair, mentee_application):
        page = as_host_chair.post(decide_url(mentee_application), {"fee": "paid"}, follow=True)
        mentee_application.refresh_from_db()
        assert mentee_application.fee_status == Application.Fee.NONE
        assert "Nothing was changed: no fee is due on this application." in page.content.decode()

    def test_a_mentor_below_the_programs_years_is_flagged(self, as_host_chair, program):
        application = MentorApplicationFactory(program=program, years_experience=1)
        text = visible_text(as_host_chair.get(page_url(application)).content.decode())
        assert "Check before deciding" in text
        assert f"Mentors need at least {program.mentor_min_years} years at a public agency, not 1." in text

    def test_an_eligible_member_reads_as_eligible(self, as_host_chair, mentee_application):
        text = visible_text(as_host_chair.get(page_url(mentee_application)).content.decode())
        assert "Eligible under the program's rules." in text
        assert "Check before deciding" not in text

    def test_a_view_only_account_sees_no_decision_buttons(self, client, viewer, mentee_application):
        client.force_login(viewer)
        content = client.get(page_url(mentee_application)).content.decode()
        assert "Riley Rivera" in content
        assert decide_url(mentee_application) not in content


class TestDeciding:
    def test_approving_with_a_message_emails_it_and_records_it(
        self, as_host_chair, host_chair, mentee_application, mailoutbox
    ):
        message = "Welcome aboard! Our kickoff is on March 3 at City Hall."
        page = decide(as_host_chair, mentee_application, "approved", message)
        mentee_application.refresh_from_db()
        assert mentee_application.status == Application.Status.APPROVED
        assert mentee_application.decided_by == host_chair
        assert "Riley Rivera&#x27;s application is approved; Riley Rivera was emailed." in page.content.decode()
        [email] = mailoutbox
        assert email.to == ["riley@example.org"]
        assert "A note from the chair:\n" + message in email.body
        html = email.alternatives[0][0]
        assert "Welcome aboard! Our kickoff is on March 3 at City Hall." in html
        event = mentee_application.events.last()
        assert (event.status, event.actor, event.note) == ("approved", host_chair, f"Message: {message}")
        assert f"Message: {message}" in visible_text(page.content.decode())  # the history shows it

    def test_the_message_is_escaped_in_the_html_email(self, as_host_chair, mentee_application, mailoutbox):
        decide(as_host_chair, mentee_application, "declined", "<b>Sorry</b> & thanks")
        html = mailoutbox[0].alternatives[0][0]
        assert "&lt;b&gt;Sorry&lt;/b&gt; &amp; thanks" in html
        assert "<b>Sorry</b> & thanks" in mailoutbox[0].body  # the text part is plain text

    def test_declining_without_a_message_sends_the_standard_email(self, as_host_chair, mentee_application, mailoutbox):
        decide(as_host_chair, mentee_application, "declined")
        mentee_application.refresh_from_db()
        assert mentee_application.status == Application.Status.DECLINED
        [email] = mailoutbox
        assert "not able to offer you a place" in email.body
        assert "A note from the chair" not in email.body

    def test_a_long_message_is_kept_whole_in_the_email_and_shortened_in_the_history(
        self, as_host_chair, mentee_application, mailoutbox
    ):
        message = "Thank you. " * 60
        decide(as_host_chair, mentee_application, "waitlisted", message)
        assert message.strip() in mailoutbox[0].body
        note = mentee_application.events.last().note
        assert len(note) == 200 and note.endswith("…")

    def test_deciding_twice_changes_nothing_and_says_so(self, as_host_chair, mentee_application, mailoutbox):
        decide(as_host_chair, mentee_application, "approved", seen="submitted")
        again = decide(as_host_chair, mentee_application, "declined", seen="submitted")  # the page as first opened
        mentee_application.refresh_from_db()
        assert mentee_application.status == Application.Status.APPROVED
        assert len(mailoutbox) == 1
        assert mentee_application.events.filter(status__in=Application.DECIDED).count() == 1
        text = visible_text(again.content.decode())
        assert "Nothing was changed" in text

    def test_a_double_click_decides_once(self, as_host_chair, mentee_application, mailoutbox):
        first = decide(as_host_chair, mentee_application, "approved", seen="submitted")
        second = decide(as_host_chair, mentee_application, "approved", seen="submitted")
        assert first.status_code == second.status_code == 200
        assert len(mailoutbox) == 1
        assert mentee_application.events.filter(status="approved").count() == 1
        assert "Nothing was changed. Already approved by Harper Host" in second.content.decode()

    def test_a_decision_made_since_the_page_was_opened_is_not_overridden(
        self, as_host_chair, mentee_application, mailoutbox
    ):
        decide(as_host_chair, mentee_application, "waitlisted", seen="submitted")  # another chair, a minute ago
        page = decide(as_host_chair, mentee_application, "approved", seen="submitted")
        mentee_application.refresh_from_db()
        assert mentee_application.status == Application.Status.WAITLISTED
        assert len(mailoutbox) == 1
        assert (
            "Nothing was changed and no email was sent: this application was waitlisted by Harper Host after you "
            "opened it." in page.content.decode()
        )

    def test_a_waitlisted_application_can_be_approved_when_a_place_opens(
        self, as_host_chair, mentee_application, mailoutbox
    ):
        decide(as_host_chair, mentee_application, "waitlisted")
        mentee_application.refresh_from_db()
        decide(as_host_chair, mentee_application, "approved")
        mentee_application.refresh_from_db()
        assert mentee_application.status == Application.Status.APPROVED
        assert len(mailoutbox) == 2

    @pytest.mark.parametrize(
        ("status", "words"),
        [
            ("draft", "This application is a draft"),
            ("withdrawn", "The applicant withdrew this application"),
            ("approved", "Already approved"),
            ("declined", "Already declined"),
        ],
    )
    def test_a_draft_withdrawn_or_decided_application_offers_no_decision_and_refuses_one(
        self, as_host_chair, program, status, words, mailoutbox
    ):
        application = ApplicationFactory(program=program, status=status)
        content = as_host_chair.get(page_url(application)).content.decode()
        assert words in content
        assert decide_url(application) not in content
        page = decide(as_host_chair, application, "waitlisted")
        application.refresh_from_db()
        assert application.status == status
        assert mailoutbox == []
        assert "Nothing was changed. " + words in page.content.decode()

    def test_an_unknown_decision_changes_nothing(self, as_host_chair, mentee_application, mailoutbox):
        page = decide(as_host_chair, mentee_application, "withdrawn")
        mentee_application.refresh_from_db()
        assert mentee_application.status == Application.Status.SUBMITTED
        assert mailoutbox == []
        assert "Nothing was changed" in page.content.decode()


class TestAccess:
    def test_a_get_is_refused_and_writes_nothing(self, as_host_chair, mentee_application):
        events = ApplicationEvent.objects.count()
        assert as_host_chair.get(decide_url(mentee_application)).status_code == 405
        assert ApplicationEvent.objects.count() == events

    def test_the_chair_of_another_association_is_not_found(self, committing_client, other_chair, mentee_application):
        committing_client.force_login(other_chair)
        response = committing_client.post(decide_url(mentee_application), {"decision": "approved"})
        assert response.status_code == 404
        mentee_application.refresh_from_db()
        assert mentee_application.status == Application.Status.SUBMITTED

    def test_a_view_only_account_is_forbidden(self, committing_client, viewer, mentee_application):
        committing_client.force_login(viewer)
        response = committing_client.post(
            decide_url(mentee_application), {"decision": "approved", "seen_status": "submitted"}
        )
        assert response.status_code == 403
        mentee_application.refresh_from_db()
        assert mentee_application.status == Application.Status.SUBMITTED

    def test_anonymous_is_sent_to_the_admin_login(self, client, mentee_application):
        response = client.post(decide_url(mentee_application), {"decision": "approved"})
        assert response.status_code == 302 and "/admin/login/" in response.url

    def test_the_decision_needs_the_csrf_token(self, host_chair, mentee_application):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(host_chair)
        response = client.post(decide_url(mentee_application), {"decision": "approved", "seen_status": "submitted"})
        assert response.status_code == 403
        mentee_application.refresh_from_db()
        assert mentee_application.status == Application.Status.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_from_the_same_page_decide_once(program, host_chair):
    """A double click (or two chairs) sends two requests at the same moment: the row is locked and read again, so
    the second is refused and the applicant gets one email."""
    from matching.tests.conftest import at_once
    from notifications.models import Notice

    application = ApplicationFactory(program=program)

    def decide_as(status: str):
        def call():
            fresh = Application.objects.select_related("program", "applicant").get(pk=application.pk)
            return services.application_decide(
                application=fresh, status=status, actor=host_chair, seen_status=Application.Status.SUBMITTED
            )

        return call

    results = at_once(decide_as("approved"), decide_as("declined"))
    assert sorted(type(result).__name__ for result in results) == ["ApplicationError", "bool"]
    application.refresh_from_db()
    assert application.events.filter(status__in=Application.DECIDED).count() == 1
    assert Notice.objects.filter(kind="application_decision").count() == 1
