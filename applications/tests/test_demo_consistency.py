"""The demo reads like a real program wherever a page puts two of its facts side by side: the gallery program's
description and its setting, a person's organization and kind of agency, an application's dates and its pairing's."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from applications.demo import PEOPLE, load_demo
from applications.models import Application, ApplicationEvent, Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> Program:
    return load_demo()


def test_the_gallery_programs_description_states_the_days_its_mentors_have_to_answer(demo):
    program = Program.objects.get(slug="bscma-2025")
    assert program.gallery_response_days == 3
    assert f"within {program.gallery_response_days} days" in program.description
    assert "week" not in program.description


@pytest.mark.parametrize(
    ("organization", "kind"),
    [
        ("City of Almond Grove", "city"),
        ("Parish of Cypress Bend", "county"),
        ("Cypress Bend Parish", "county"),
        ("Town of Magnolia Ferry", "town"),
        ("County of Sierra Vista", "county"),
        ("Lone Pine County", "county"),
        ("State University of the Demo Coast", "school"),
        ("Regional Transit District", "special_district"),
        ("City of Elm Harbor (retired)", "city"),
    ],
)
def test_an_organizations_name_says_its_kind_of_agency(organization, kind):
    from applications.demo.build import jurisdiction_type

    assert jurisdiction_type(organization) == kind


def test_demo_profiles_are_of_the_kind_of_agency_their_organizations_name_says(demo):
    from applications.demo.build import jurisdiction_type

    kinds = dict(Profile.objects.values_list("organization", "jurisdiction_type"))
    assert all(kind == jurisdiction_type(organization) for organization, kind in kinds.items())
    assert kinds["Parish of Cypress Bend"] == kinds["County of Sierra Vista"] == "county"
    assert kinds["City of Almond Grove"] == "city"
    assert kinds["Town of Magnolia Ferry"] == kinds["Town of Willow Flats"] == "town"
    assert {"city", "county", "town", "school", "special_district"} <= set(kinds.values())


def test_demo_applications_changed_status_before_their_pairing_started_and_in_order(demo):
    from pairings.models import Pairing

    now = timezone.now()
    applications = list(Application.objects.select_related("program"))
    for application in applications:
        zone = application.program.time_zone
        assert 8 <= timezone.localtime(application.status_changed_at, zone).hour < 17  # in office hours
        events = list(ApplicationEvent.objects.filter(application=application).values_list("status", "at"))
        assert events[-1] == (application.status, application.status_changed_at), application
        assert [at for _, at in events] == sorted(at for _, at in events)
        assert application.created_at == events[0][1] < now
        if application.status != "draft":
            assert application.submitted_at == dict(events)["submitted"] <= application.status_changed_at
        if application.decided_at:
            assert application.decided_at == application.status_changed_at
    assert len({a.submitted_at.date() for a in applications if a.submitted_at}) > 10  # not all on one day
    for pairing in Pairing.objects.select_related("mentor_application", "mentee_application"):
        for application in (pairing.mentor_application, pairing.mentee_application):
            assert application.status_changed_at <= pairing.created_at - dt.timedelta(days=9)


def test_priyas_application_has_been_approved_since_before_her_pairing_started(demo, client):
    from pairings.models import Pairing

    priya = Application.objects.get(program=demo, applicant__email=PEOPLE[10].email)
    pairing = Pairing.objects.get(mentee_application=priya)
    client.force_login(priya.applicant)
    page = client.get(reverse("applications:mine")).content.decode()
    assert f'<time datetime="{timezone.localtime(priya.status_changed_at).isoformat()}">' in page
    assert timezone.localtime(priya.status_changed_at).date() < pairing.started_on
