"""A person's last application prefills the next one in the same role (any program, any year), editable."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from applications.factories import ApplicationFactory, MentorApplicationFactory, ProgramFactory
from applications.models import Application
from applications.tests.test_apply import CONTACT

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year(association):
    return ProgramFactory(name="2023 Mentorship Program", slug="2023", host=association, deadline=dt.date(2023, 1, 12))


def apply_page(client, program, role: str):
    return client.get(reverse("applications:apply", args=[program.slug, role]))


def test_a_mentor_finds_last_years_background_answers_filled_in(client, mentor, program, last_year):
    MentorApplicationFactory(
        program=last_year,
        applicant=mentor,
        statement="Twenty years of city budgets.",
        education="MPA, State University",
        years_experience=21,
        expertise=["finance", "management", "police"],
        contact_forms=["video"],
    )
    client.force_login(mentor)
    response = apply_page(client, program, "mentor")
    form = response.context["form"]
    assert form.prefilled_from.program == last_year
    page = response.content.decode()
    assert "Twenty years of city budgets." in page
    assert "MPA, State University" in page
    assert 'value="21"' in page
    (police,) = [tag for tag in re.findall(r"<input[^>]*>", page) if 'name="expertise"' in tag and '"police"' in tag]
    assert "checked" in police
    assert "We filled in your answers from your mentor application to 2023 Mentorship Program" in page
    assert form.initial.get("membership") in (None, "")  # each program's sponsors decide that anew
    assert not Application.objects.filter(program=program).exists()  # nothing saved until the person saves


def test_the_prefilled_answers_stay_editable(client, mentor, program, last_year):
    MentorApplicationFactory(program=last_year, applicant=mentor, statement="Old statement.")
    client.force_login(mentor)
    response = client.post(
        reverse("applications:apply", args=[program.slug, "mentor"]),
        {**CONTACT, "membership": "full", "statement": "A new statement.", "draft": "1"},
    )
    assert response.status_code == 302
    assert Application.objects.get(program=program).statement == "A new statement."


def test_a_mentee_gets_their_own_last_mentee_answers_not_another_role(client, mentee, program, last_year):
    ApplicationFactory(program=last_year, applicant=mentee, goals="Learn budgets.", works_at_public_agency=False)
    MentorApplicationFactory(program=last_year, applicant=mentee, statement="I mentor too.")
    client.force_login(mentee)
    response = apply_page(client, program, "mentee")
    assert response.context["form"].initial["goals"] == "Learn budgets."
    assert response.context["form"].initial["public_agency"] == "no"
    assert "I mentor too." not in response.content.decode()


def test_nothing_is_prefilled_without_an_earlier_application_or_over_one_in_progress(client, mentee, program):
    client.force_login(mentee)
    assert apply_page(client, program, "mentee").context["form"].prefilled_from is None
    ApplicationFactory(program=program, applicant=mentee, goals="This year's goals.", status="draft")
    ApplicationFactory(program=ProgramFactory(), applicant=mentee, goals="Other goals.")
    response = apply_page(client, program, "mentee")
    assert response.context["form"].prefilled_from is None
    assert "This year&#x27;s goals." in response.content.decode()


def test_nobody_elses_answers_are_used(client, mentee, outsider, program, last_year):
    ApplicationFactory(program=last_year, applicant=outsider, goals="Secret goals of another person.")
    client.force_login(mentee)
    assert "Secret goals" not in apply_page(client, program, "mentee").content.decode()
