"""Applying as a mentor or mentee: drafts, submission, eligibility, deadline, and every refusal."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from applications import services
from applications.models import Application
from applications.tests import pdfs

pytestmark = pytest.mark.django_db

STATEMENT = "Twenty years of council-manager work; I want to help people new to the region."
GOALS = "I hope to learn how an assistant city manager prepares a budget."

CONTACT = {
    "contact-full_name": "Morgan Mentor",
    "contact-organization": "City of Harbor Bend",
    "contact-title": "Assistant City Manager",
    "contact-address": "1 Civic Center Plaza",
    "contact-city": "Harbor Bend",
    "contact-state": "CA",
    "contact-zip_code": "92000",
    "contact-phone": "555-0100",
    "contact-region": "Orange County",
    "contact-jurisdiction_type": "city",
    "contact-jurisdiction_size": "medium",
}


def mentor_data(**overrides) -> dict:
    data = {
        **CONTACT,
        "membership": "full",
        "years_experience": "12",
        "education": "MPA, State University",
        "statement": STATEMENT,
        "mentored_before": "Two analysts through the association's program.",
        "expertise": ["finance", "council_manager_relations", "strategic_planning"],
        "frequency": "monthly",
        "preferences": "Someone curious.",
        "capacity": "2",
        "contact_forms": ["in_person", "video"],
        "additional_info": "",
        "resume": pdfs.valid_pdf(),
        "submit": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def mentee_data(**overrides) -> dict:
    data = {
        **CONTACT,
        "contact-full_name": "Avery Mentee",
        "contact-title": "Management Analyst",
        "membership": "student",
        "public_agency": "yes",
        "career_stage": "early_career",
        "goals": GOALS,
        "expertise": ["finance", "strategic_planning"],
        "frequency": "monthly",
        "preferences": "",
        "contact_forms": ["video", "email"],
        "mentored_before": "",
        "resume": pdfs.valid_pdf(),
        "submit": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def apply_url(program, role: str) -> str:
    return reverse("applications:apply", args=[program.slug, role])


@pytest.fixture
def as_mentor(committing_client, mentor):
    committing_client.force_login(mentor)
    return committing_client


@pytest.fixture
def as_mentee(committing_client, mentee):
    committing_client.force_login(mentee)
    return committing_client


class TestAccess:
    @pytest.mark.parametrize("name", ["mine"])
    def test_anonymous_is_sent_to_log_in(self, client, name):
        response = client.get(reverse(f"applications:{name}"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    def test_anonymous_cannot_open_the_form(self, client, program):
        response = client.get(apply_url(program, "mentor"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    def test_an_unknown_role_is_404(self, as_mentor, program):
        assert as_mentor.get(apply_url(program, "chair")).status_code == 404

    def test_another_member_cannot_read_or_withdraw_an_application(self, client, as_mentor, program, outsider):
        as_mentor.post(apply_url(program, "mentor"), mentor_data())
        application = Application.objects.get()
        client.force_login(outsider)
        assert client.get(application.get_absolute_url()).status_code == 404
        assert client.post(reverse("applications:withdraw", args=[application.pk])).status_code == 404
        application.refresh_from_db()
        assert application.status == Application.Status.SUBMITTED


class TestMentorApplication:
    def test_submitting_records_the_application_the_profile_and_sends_a_confirmation(
        self, as_mentor, mentor, program, mailoutbox
    ):
        response = as_mentor.post(apply_url(program, "mentor"), mentor_data())
        application = Application.objects.get()
        assert response.status_code == 302
        assert response.url == application.get_absolute_url()
        assert application.status == Application.Status.SUBMITTED
        assert application.submitted_at is not None
        assert application.expertise == ["finance", "council_manager_relations", "strategic_planning"]
        assert application.contact_forms == ["in_person", "video"]
        assert application.years_experience == 12
        assert application.fee_status == Application.Fee.NONE
        assert [e.status for e in application.events.all()] == ["draft", "submitted"]
        mentor.refresh_from_db()
        assert mentor.profile.organization == "City of Harbor Bend"
        assert len(mailoutbox) == 1
        assert mailoutbox[0].to == [mentor.email]
        assert program.name in mailoutbox[0].subject
        assert mailoutbox[0].alternatives[0][1] == "text/html"

    def test_the_resume_is_stored_privately_under_an_unguessable_name(self, as_mentor, program):
        as_mentor.post(apply_url(program, "mentor"), mentor_data())
        name = Application.objects.get().resume.name
        assert name.startswith("resumes/") and name.endswith(".pdf")
        assert len(Path(name).stem) == 32
        assert Path(default_storage.path(name)).is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
        assert not name.startswith(settings.STATIC_URL)

    def test_a_draft_saves_with_answers_missing_and_sends_nothing(self, as_mentor, program, mailoutbox):
        data = mentor_data(submit=None, draft="1", years_experience="", expertise=["finance"], resume=None)
        response = as_mentor.post(apply_url(program, "mentor"), data)
        assert response.status_code == 302
        application = Application.objects.get()
        assert application.status == Application.Status.DRAFT
        assert application.expertise == ["finance"]
        assert mailoutbox == []

    def test_the_second_application_reuses_the_profile(self, as_mentor, mentor, program):
        as_mentor.post(apply_url(program, "mentor"), mentor_data())
        page = as_mentor.get(apply_url(program, "mentee"))
        assert b'value="City of Harbor Bend"' in page.content

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"expertise": ["finance", "police"]}, "expertise", "Mentors choose exactly three areas, not 2."),
            (
                {"expertise": ["finance", "police", "engineering", "management"]},
                "expertise",
                "Choose at most three areas, not 4.",
            ),
            ({"years_experience": "2"}, "years_experience", "Mentors need at least 3 years"),
            ({"membership": "student"}, "membership", "Mentors must be Full members"),
            ({"capacity": "5"}, "capacity", "Choose between 1 and 2 mentees, not 5."),
            (
                {"expertise": ["finance", "police", "other"], "expertise_other": ""},
                "expertise_other",
                "please name the area",
            ),
            ({"statement": ""}, "statement", "Please answer this question to submit."),
        ],
    )
    def test_eligibility_is_refused_on_the_field_and_nothing_typed_is_lost(
        self, as_mentor, program, overrides, field, message
    ):
        response = as_mentor.post(apply_url(program, "mentor"), mentor_data(**overrides))
        assert response.status_code == 400
        form = response.context["form"]
        assert any(message in error for error in form.errors[field]), form.errors
        assert not Application.objects.exists()
        assert b"City of Harbor Bend" in response.content
        assert b"MPA, State University" in response.content
        if field != "statement":
            assert STATEMENT.encode() in response.content


class TestResumeRefusals:
    @pytest.mark.parametrize(
        ("make_file", "message"),
        [
            (pdfs.png_renamed_to_pdf, "This file is not a PDF."),
            (lambda: pdfs.oversized_pdf(settings.RESUME_MAX_BYTES), "resumes can be at most 5,242,880 bytes"),
            (pdfs.corrupt_pdf, "appears to be damaged"),
            (pdfs.encrypted_pdf, "password-protected"),
        ],
        ids=["wrong type renamed to .pdf", "oversized", "corrupt", "encrypted"],
    )
    def test_a_bad_file_is_refused_on_the_field_and_everything_else_stays(self, as_mentee, program, make_file, message):
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(resume=make_file()))
        assert response.status_code == 400
        errors = response.context["form"].errors["resume"]
        assert any(message in error for error in errors), errors
        assert not Application.objects.exists()
        assert GOALS.encode() in response.content
        assert b'value="Avery Mentee"' in response.content
        assert b'value="early_career" checked' in response.content or b"checked" in response.content

    def test_a_bad_file_is_refused_on_a_draft_too(self, as_mentee, program):
        data = mentee_data(submit=None, draft="1", resume=pdfs.png_renamed_to_pdf())
        response = as_mentee.post(apply_url(program, "mentee"), data)
        assert response.status_code == 400
        assert not Application.objects.exists()

    def test_replacing_a_resume_deletes_the_old_file(self, as_mentee, program):
        as_mentee.post(apply_url(program, "mentee"), mentee_data(submit=None, draft="1"))
        old = Application.objects.get().resume.name
        assert default_storage.exists(old)
        as_mentee.post(apply_url(program, "mentee"), mentee_data(submit=None, draft="1"))
        new = Application.objects.get().resume.name
        assert new != old
        assert default_storage.exists(new)
        assert not default_storage.exists(old)

    def test_submitting_without_a_resume_is_refused(self, as_mentee, program):
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(resume=None))
        assert response.status_code == 400
        assert "Please upload your resume as a PDF." in response.context["form"].errors["resume"]

    def test_a_resume_already_on_file_counts_when_submitting_a_draft(self, as_mentee, program):
        as_mentee.post(apply_url(program, "mentee"), mentee_data(submit=None, draft="1"))
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(resume=None))
        assert response.status_code == 302
        assert Application.objects.get().status == Application.Status.SUBMITTED


class TestMenteeApplication:
    def test_a_mentee_submits(self, as_mentee, mentee, program, mailoutbox):
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data())
        assert response.status_code == 302
        application = Application.objects.get()
        assert application.role == Application.Role.MENTEE
        assert application.works_at_public_agency is True
        assert application.career_stage == "early_career"
        assert application.goals == GOALS
        assert len(mailoutbox) == 1

    def test_a_mentee_not_at_an_agency_must_say_what_interests_them_in_public_service(self, as_mentee, program):
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(public_agency="no"))
        assert response.status_code == 400
        assert "public_service_interest" in response.context["form"].errors
        response = as_mentee.post(
            apply_url(program, "mentee"),
            mentee_data(public_agency="no", public_service_interest="An MPA student drawn to city work."),
        )
        assert response.status_code == 302
        assert Application.objects.get().works_at_public_agency is False

    def test_more_than_three_wanted_areas_is_refused(self, as_mentee, program):
        data = mentee_data(expertise=["finance", "police", "engineering", "management"])
        response = as_mentee.post(apply_url(program, "mentee"), data)
        assert "Choose at most three areas, not 4." in response.context["form"].errors["expertise"]

    def test_a_student_member_may_be_a_mentee(self, as_mentee, program):
        assert as_mentee.post(apply_url(program, "mentee"), mentee_data(membership="student")).status_code == 302


class TestFee:
    def test_non_members_see_the_fee_before_submitting(self, as_mentee, program):
        page = as_mentee.get(apply_url(program, "mentee"))
        assert b"$50.00" in page.content

    def test_a_non_member_owes_the_fee_until_the_chair_records_it(self, as_mentee, program, mailoutbox):
        as_mentee.post(apply_url(program, "mentee"), mentee_data(membership="nonmember"))
        application = Application.objects.get()
        assert application.fee_status == Application.Fee.DUE
        assert str(application.fee_amount) == "50.00"
        assert "$50.00 application fee is due" in mailoutbox[0].body


class TestDeadline:
    def test_after_the_deadline_the_form_is_closed_and_says_so(self, as_mentee, mentee, program):
        after = dt.datetime.combine(program.deadline + dt.timedelta(days=1), dt.time(0, 1), tzinfo=program.time_zone)
        with time_machine.travel(after):
            as_mentee.force_login(mentee)
            response = as_mentee.post(apply_url(program, "mentee"), mentee_data(), follow=True)
        assert not Application.objects.exists()
        assert b"closed at 11:59 PM" in response.content

    def test_at_1159_pm_on_the_deadline_day_a_submission_is_accepted(self, as_mentee, mentee, program):
        last_minute = dt.datetime.combine(program.deadline, dt.time(23, 59), tzinfo=program.time_zone)
        with time_machine.travel(last_minute):
            as_mentee.force_login(mentee)
            response = as_mentee.post(apply_url(program, "mentee"), mentee_data())
        assert response.status_code == 302
        assert Application.objects.get().status == Application.Status.SUBMITTED

    def test_a_draft_stays_readable_after_the_deadline_but_cannot_change(self, as_mentee, mentee, program):
        as_mentee.post(apply_url(program, "mentee"), mentee_data(submit=None, draft="1"))
        application = Application.objects.get()
        after = dt.datetime.combine(program.deadline + dt.timedelta(days=2), dt.time(9), tzinfo=program.time_zone)
        with time_machine.travel(after):
            as_mentee.force_login(mentee)  # the earlier session has expired by then
            page = as_mentee.get(application.get_absolute_url())
            assert page.status_code == 200
            assert GOALS.encode() in page.content
            assert b"The deadline has passed" in page.content
            response = as_mentee.post(apply_url(program, "mentee"), mentee_data())
            assert response.status_code == 302
            assert response.url == application.get_absolute_url()
        application.refresh_from_db()
        assert application.status == Application.Status.DRAFT

    def test_the_service_refuses_a_late_change_even_if_the_page_was_open(self, mentee, program):
        application = Application(program=program, applicant=mentee, role=Application.Role.MENTEE)
        program.deadline = dt.date(2020, 1, 1)
        with pytest.raises(services.ApplicationError, match="deadline"):
            services.application_save(application=application, submit=False, actor=mentee)


class TestOnePerRole:
    def test_a_second_application_for_the_same_role_is_refused(self, as_mentee, mentee, program):
        as_mentee.post(apply_url(program, "mentee"), mentee_data())
        duplicate = Application(program=program, applicant=mentee, role=Application.Role.MENTEE)
        with pytest.raises(services.ApplicationError, match="already have a mentee application"):
            services.application_save(application=duplicate, submit=True, actor=mentee)
        assert Application.objects.count() == 1

    def test_posting_the_form_again_edits_the_one_application(self, as_mentee, program):
        as_mentee.post(apply_url(program, "mentee"), mentee_data(submit=None, draft="1"))
        as_mentee.post(apply_url(program, "mentee"), mentee_data(goals="A new goal."))
        application = Application.objects.get()
        assert application.goals == "A new goal."

    def test_the_same_person_may_apply_in_both_roles(self, as_mentor, program):
        as_mentor.post(apply_url(program, "mentor"), mentor_data())
        as_mentor.post(apply_url(program, "mentee"), mentee_data(**{"contact-full_name": "Morgan Mentor"}))
        assert sorted(Application.objects.values_list("role", flat=True)) == ["mentee", "mentor"]


class TestWithdrawAndStatus:
    def test_the_applicant_withdraws(self, as_mentee, program):
        as_mentee.post(apply_url(program, "mentee"), mentee_data())
        application = Application.objects.get()
        as_mentee.post(reverse("applications:withdraw", args=[application.pk]))
        application.refresh_from_db()
        assert application.status == Application.Status.WITHDRAWN
        assert application.events.last().status == "withdrawn"

    def test_withdraw_needs_a_post(self, as_mentee, program):
        as_mentee.post(apply_url(program, "mentee"), mentee_data())
        application = Application.objects.get()
        assert as_mentee.get(reverse("applications:withdraw", args=[application.pk])).status_code == 405

    def test_my_applications_shows_each_status_and_when_it_changed(self, as_mentor, program):
        as_mentor.post(apply_url(program, "mentor"), mentor_data())
        as_mentor.post(apply_url(program, "mentee"), mentee_data(submit=None, draft="1"))
        page = as_mentor.get(reverse("applications:mine"))
        assert b"Submitted" in page.content
        assert b"Draft" in page.content
        assert b"<time datetime=" in page.content
