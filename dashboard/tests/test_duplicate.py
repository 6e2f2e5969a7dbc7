"""Next year's cohort: the rules and content of this one, its dates a year later, none of its people."""

import datetime as dt

import pytest
from django.urls import reverse

from agreements.models import ProgramGuidance
from applications.models import Application, Program
from associations.models import Association
from dashboard.duplication import DuplicationError, next_year_text, program_duplicate
from pairings.models import Pairing

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year(known) -> Program:
    program = known.program
    program.opens_on = dt.date(2024, 1, 2)
    program.deadline = dt.date(2024, 2, 29)
    program.pairing_mode = Program.PairingMode.BOTH
    program.mentor_max_mentees = 3
    program.term_description = "An initial term of 3 to 6 months"
    program.recommended_frequency = "quarterly"
    program.save()
    program.partners.add(Association.objects.create(name="Partner association", short_name="PA", slug="pa"))
    ProgramGuidance.objects.create(program=program, title="Coaching in our association", steps="Meet.\n\nListen.")
    return program


def test_the_year_in_a_name_moves_on_by_one():
    assert next_year_text("2024 Mentorship Program") == "2025 Mentorship Program"
    assert next_year_text("mentorship-2024") == "mentorship-2025"
    assert next_year_text("Coaching network") == "Coaching network"


def test_a_duplicate_copies_rules_and_guidance_shifts_dates_and_takes_no_people(last_year):
    copy = program_duplicate(program=last_year, name="2025 Mentorship Program", slug="2025")
    assert (copy.name, copy.slug) == ("2025 Mentorship Program", "2025")
    assert (copy.opens_on, copy.deadline) == (dt.date(2025, 1, 2), dt.date(2025, 2, 28))
    for field in (
        "pairing_mode",
        "mentor_max_mentees",
        "term_description",
        "recommended_frequency",
        "chair_email",
        "required_regional_events",
        "host",
        "time_zone",
    ):
        assert getattr(copy, field) == getattr(last_year, field), field
    assert set(copy.partners.all()) == set(last_year.partners.all())
    assert copy.guidance.title == "Coaching in our association"
    assert copy.guidance.steps == "Meet.\n\nListen."
    assert last_year.guidance.pk != copy.guidance.pk
    assert not Application.objects.filter(program=copy).exists()
    assert not Pairing.objects.filter(program=copy).exists()


def test_the_chair_duplicates_from_the_form_with_next_years_name_suggested(client, chair, last_year):
    client.force_login(chair)
    url = reverse("dashboard:duplicate", args=[last_year.slug])
    form = client.get(url)
    assert form.context["form"].initial["name"] == "2025 Mentorship Program"
    assert form.context["form"].initial["slug"] == "2025"
    response = client.post(url, {"name": "2025 Mentorship Program", "slug": "2025"})
    copy = Program.objects.get(slug="2025")
    assert response.status_code == 302
    assert response.url == reverse("admin:applications_program_change", args=[copy.pk])
    assert copy.deadline == dt.date(2025, 2, 28)


def test_a_slug_already_taken_is_refused_on_the_field(client, chair, last_year):
    Program.objects.create(
        name="Other", slug="2025", host=last_year.host, deadline=dt.date(2025, 1, 1), chair_email="c@example.org"
    )
    client.force_login(chair)
    response = client.post(reverse("dashboard:duplicate", args=[last_year.slug]), {"name": "Copy", "slug": "2025"})
    assert response.status_code == 200
    assert "already uses this name" in str(response.context["form"].errors["slug"])
    assert Program.objects.filter(slug="2025").count() == 1


@pytest.fixture
def network(known) -> Program:
    """The known program turned always open: no deadline, the gallery."""
    program = known.program
    program.kind = Program.Kind.ALWAYS_OPEN
    program.deadline = None
    program.pairing_mode = Program.PairingMode.GALLERY
    program.save()
    return program


def test_an_always_open_program_is_not_duplicated_for_next_year(network):
    with pytest.raises(DuplicationError, match="has no next year"):
        program_duplicate(program=network, name="Coaching network 2", slug="network-2")
    assert Program.objects.count() == 1


def test_the_duplicate_page_refuses_an_always_open_program_clearly_and_the_button_is_hidden(client, chair, network):
    client.force_login(chair)
    url = reverse("dashboard:duplicate", args=[network.slug])
    for response in (client.get(url, follow=True), client.post(url, {"name": "Copy", "slug": "copy"}, follow=True)):
        assert response.redirect_chain[-1][0] == reverse("dashboard:program", args=[network.slug])
        page = response.content.decode()
        assert "is not a yearly cohort (always open): it has no next year" in page
        assert url not in page
    assert not Program.objects.filter(slug="copy").exists()
    admin_page = client.get(reverse("admin:applications_program_change", args=[network.pk])).content.decode()
    assert url not in admin_page


def test_the_dashboard_of_an_always_open_program_counts_intake_up_to_today(client, chair, network):
    client.force_login(chair)
    response = client.get(reverse("dashboard:program", args=[network.slug]))
    assert response.status_code == 200
    assert response.context["d"].intake.days[-1].day == dt.date.today()
    assert "no deadline" in response.content.decode()
    assert "No deadline (always open)" in client.get(reverse("dashboard:index")).content.decode()
