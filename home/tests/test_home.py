"""The personal home: a signed-in person's to-dos across programs, most urgent first, their pairings at a glance,
what happens next, and the count of to-dos in the navigation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from agreements.factories import AgreementFactory, ExecutedAgreementFactory, SignatureFactory
from agreements.models import Signature
from applications.factories import ApplicationFactory, MentorApplicationFactory, ProgramFactory
from applications.models import Application
from home.selectors import home_for
from matching.factories import GalleryRequestFactory
from matching.models import GalleryRequest
from pairings.factories import CheckInFactory, MatchFeedbackFactory, PairingFactory, PulseResponseFactory

pytestmark = pytest.mark.django_db


def kinds(user) -> list[str]:
    return [todo.kind for todo in home_for(user).todos]


def days_ago(n: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=n)


def nav_count(html: str) -> int | None:
    found = re.search(r"data-todo-count>(\d+)<", html)
    return int(found.group(1)) if found else None


def test_a_visitor_sees_the_programs_and_no_to_do_list(client, program):
    response = client.get(reverse("home"))
    assert b"Mentorship programs" in response.content
    assert b"To do" not in response.content
    assert program.name.encode() in response.content


def test_a_new_person_is_told_what_to_do_next(client, mentee, program):
    client.force_login(mentee)
    page = client.get(reverse("home")).content.decode()
    assert "Your home" in page
    assert "Nothing to do right now" in page
    assert "Your account is ready." in page
    assert "choose a program below and apply" in page
    assert program.name in page
    assert nav_count(page) is None


def test_a_chair_who_has_not_applied_is_pointed_to_their_programs_not_told_to_apply(client, host_chair, program):
    client.force_login(host_chair)
    page = client.get(reverse("home")).content.decode()
    assert "You run programs here." in page and "Your account is ready." not in page
    assert f'href="{reverse("dashboard:index")}">Your programs' in page
    assert f'href="{reverse("admin:index")}">Chair admin</a>' in page


def test_a_draft_before_its_deadline_is_a_to_do_with_a_button_to_the_form(client, mentee, program):
    ApplicationFactory(program=program, applicant=mentee, status=Application.Status.DRAFT)
    client.force_login(mentee)
    page = client.get(reverse("home")).content.decode()
    assert "Finish and submit your mentee application" in page
    assert f'Due by <time datetime="{program.deadline:%Y-%m-%d}">' in page
    assert reverse("applications:apply", args=[program.slug, "mentee"]) in page
    assert nav_count(page) == 1


def test_a_draft_past_its_deadline_is_no_longer_a_to_do(mentee, program):
    closed = ProgramFactory(deadline=timezone.localdate() - dt.timedelta(days=3))
    ApplicationFactory(program=closed, applicant=mentee, status=Application.Status.DRAFT)
    assert kinds(mentee) == []


def test_after_submitting_the_home_says_what_happens_next(client, mentee, program):
    ApplicationFactory(program=program, applicant=mentee)
    client.force_login(mentee)
    page = client.get(reverse("home")).content.decode()
    assert f"Your mentee application to {program.name} is submitted." in page
    assert f"after the deadline ({program.deadline:%B %-d, %Y})" in page
    assert "emails you the decision" in page


def test_a_mentor_answers_the_requests_waiting_in_the_window(mentor, program):
    mine = MentorApplicationFactory(program=program, applicant=mentor, approved=True)
    soon = GalleryRequestFactory(mentor_application=mine, created_at=days_ago(2))
    GalleryRequestFactory(mentor_application=mine)
    GalleryRequestFactory(mentor_application=mine, expired=True)  # past its window: gone from the list
    GalleryRequestFactory(mentor_application=mine, status=GalleryRequest.Status.DECLINED)
    (todo,) = home_for(mentor).todos
    assert todo.kind == "gallery_request"
    assert todo.text == "Answer 2 mentees who asked you to be their mentor"
    assert todo.due == timezone.localdate(soon.expires_at)
    assert todo.url == reverse("matching:inbox")


def test_a_mentee_answers_the_mentors_question(mentee, program):
    mine = ApplicationFactory(program=program, applicant=mentee, approved=True)
    GalleryRequestFactory(mentee_application=mine, status=GalleryRequest.Status.INFO_REQUESTED)
    assert kinds(mentee) == ["gallery_question"]


def test_each_partner_signs_until_they_have_signed(mentor, mentee, program):
    pairing = PairingFactory(
        program=program, mentor_application__applicant=mentor, mentee_application__applicant=mentee
    )
    SignatureFactory(agreement=AgreementFactory(pairing=pairing), role=Signature.Role.MENTOR)
    assert kinds(mentor) == []
    (todo,) = home_for(mentee).todos
    assert (todo.kind, todo.text) == ("agreement", "Sign your agreement with Morgan Mentor")
    assert todo.url == reverse("agreements:agreement", args=[pairing.pk])
    assert todo.due == timezone.localdate() + dt.timedelta(days=7)


def test_no_agreement_to_sign_where_the_program_asks_for_none_or_it_is_executed(mentee, program):
    program.requires_agreement = False
    program.save()
    PairingFactory(program=program, mentee_application__applicant=mentee)
    executed = PairingFactory(mentee_application__applicant=mentee)
    ExecutedAgreementFactory(pairing=executed)
    assert kinds(mentee) == []


def test_the_check_in_is_due_when_the_reminder_goes_out_and_stays_until_logged(mentee, program):
    # Monthly, started 29 days ago: due tomorrow, inside the reminder's days.
    pairing = PairingFactory(program=program, mentee_application__applicant=mentee, created_at=days_ago(29))
    ExecutedAgreementFactory(pairing=pairing)
    (todo,) = home_for(mentee).todos
    assert todo.kind == "checkin"
    assert todo.due == pairing.started_on + relativedelta(months=1)
    CheckInFactory(pairing=pairing, logged_by=pairing.mentor)
    assert kinds(mentee) == []  # either partner's check-in counts


def test_an_overdue_check_in_comes_first(mentee, program):
    late = PairingFactory(program=program, mentee_application__applicant=mentee, created_at=days_ago(45))
    ExecutedAgreementFactory(pairing=late)
    PulseResponseFactory(pairing=late)  # answered the pulse of day 30
    ApplicationFactory(applicant=mentee, status=Application.Status.DRAFT)  # due in 30 days
    todos = home_for(mentee).todos
    assert [t.kind for t in todos] == ["checkin", "draft"]
    assert todos[0].overdue_on(timezone.localdate())


def test_the_pulse_is_asked_once_a_round(mentee, mentor, program):
    pairing = PairingFactory(
        program=program,
        mentor_application__applicant=mentor,
        mentee_application__applicant=mentee,
        created_at=days_ago(31),
    )
    ExecutedAgreementFactory(pairing=pairing)
    CheckInFactory(pairing=pairing)
    (todo,) = home_for(mentee).todos
    assert todo.kind == "pulse"
    assert todo.url == reverse("pairings:pulse", args=[pairing.pk, 0])
    PulseResponseFactory(pairing=pairing, respondent=mentee, round=0)
    assert kinds(mentee) == []
    assert kinds(mentor) == ["pulse"]  # each partner answers for themselves


def test_an_ended_pairing_asks_for_feedback_until_given(mentee, mentor):
    pairing = PairingFactory(ended=True, mentor_application__applicant=mentor, mentee_application__applicant=mentee)
    (todo,) = home_for(mentee).todos
    assert (todo.kind, todo.url) == ("feedback", reverse("pairings:feedback", args=[pairing.pk]))
    MatchFeedbackFactory(pairing=pairing, author=mentee)
    assert kinds(mentee) == []
    assert kinds(mentor) == ["feedback"]


def test_feedback_is_asked_for_a_month_after_the_end(mentee):
    PairingFactory(ended=True, ended_at=days_ago(40), mentee_application__applicant=mentee)
    assert kinds(mentee) == []


def test_the_home_lists_current_pairings_with_their_next_step(client, mentee, mentor, program):
    pairing = PairingFactory(
        program=program, mentor_application__applicant=mentor, mentee_application__applicant=mentee
    )
    client.force_login(mentee)
    page = client.get(reverse("home")).content.decode()
    assert "Your pairings" in page
    assert 'Morgan Mentor</a> <span class="text-body-secondary fs-6">your mentor' in page
    assert f"{pairing.started_on:%b %-d, %Y} \u2013 {pairing.ends_on:%b %-d, %Y}" in page
    assert 'Next step: <a href="/pairings/' in page and "Sign your agreement with Morgan Mentor" in page


def test_a_pairing_with_nothing_due_shows_its_next_check_in(mentee, program):
    pairing = PairingFactory(program=program, mentee_application__applicant=mentee)
    ExecutedAgreementFactory(pairing=pairing)
    (glance,) = home_for(mentee).pairings
    assert glance.next_step.startswith("Next check-in by ")
    assert glance.next_url == pairing.get_absolute_url()


def test_the_navigation_counts_the_to_dos_on_every_page(client, mentee, program):
    ApplicationFactory(program=program, applicant=mentee, status=Application.Status.DRAFT)
    PairingFactory(ended=True, mentee_application__applicant=mentee)
    client.force_login(mentee)
    assert nav_count(client.get(reverse("applications:mine")).content.decode()) == 2
    assert nav_count(client.get(reverse("pairings:mine")).content.decode()) == 2


def test_the_to_dos_are_only_the_persons_own(outsider, mentee, program):
    ApplicationFactory(program=program, applicant=mentee, status=Application.Status.DRAFT)
    PairingFactory(mentee_application__applicant=mentee)
    assert kinds(mentee) == ["agreement", "draft"]  # the earliest due first
    assert kinds(outsider) == []


def test_after_verifying_their_email_a_person_lands_on_a_home_that_says_what_to_do_next(client, mailoutbox, program):
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Nadia Newcomer",
            "email": "newcomer@example.org",
            "password1": "a long pass phrase for tests",
            "password2": "a long pass phrase for tests",
        },
    )
    confirm = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[0].body).group(1)
    page = client.post(confirm, follow=True).content.decode()
    assert "You have confirmed newcomer@example.org" in page
    assert "Your home" in page
    assert "Your account is ready." in page
    assert program.name in page


@pytest.mark.parametrize("name", ["applications", "pairings"])
def test_the_queries_compiled_once_read_what_the_orm_reads_for_each_person(name, mentor, mentee, program):
    from home import selectors

    mine = MentorApplicationFactory(program=program, applicant=mentor, approved=True)
    GalleryRequestFactory(mentor_application=mine)
    PairingFactory(mentor_application=mine, created_at=days_ago(40))
    PairingFactory(ended=True, ended_at=days_ago(10), mentee_application__applicant=mentee)
    PairingFactory(ended=True, ended_at=days_ago(50), mentee_application__applicant=mentee)
    ApplicationFactory(applicant=mentee, status=Application.Status.DRAFT)
    values = {
        "applications": {"now": timezone.now()},
        "pairings": {"since": timezone.localdate() - dt.timedelta(days=30)},
    }
    query, columns = selectors.QUERIES[name], selectors.COLUMNS[name]
    for person in (mentor, mentee):
        expected = [dict(zip(columns, row, strict=True)) for row in query.build(user_id=person.pk, **values[name])]
        assert expected  # each person has rows of each kind here
        rows = selectors._rows(name, user_id=person.pk, **values[name])
        assert rows == expected
