"""The Mentors Gallery in a real browser: a mentee favourites and requests a mentor, who accepts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.factories import ApplicationFactory, MentorApplicationFactory, ProfileFactory
from applications.models import Application, Program
from associations.models import Association
from conftest import PASSWORD
from e2e import steps
from e2e.checks import check_page
from matching.models import Favourite, GalleryRequest
from pairings.models import Pairing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gallery_program() -> Program:
    return Program.objects.create(
        name="2025 Coaching Gallery",
        slug="gallery-2025",
        host=Association.objects.create(name="Cities Coaching Program", short_name="CCP", slug="ccp"),
        time_zone="America/Los_Angeles",
        deadline=dt.date.today() + dt.timedelta(days=30),
        chair_email="chair@example.org",
        pairing_mode=Program.PairingMode.GALLERY,
    )


@pytest.fixture
def mentor_application(gallery_program) -> Application:
    profile = ProfileFactory(
        user__email="rosa.mentor@example.org", user__full_name="Rosa Mentor", organization="City of Tustin"
    )
    return MentorApplicationFactory(
        program=gallery_program,
        applicant=profile.user,
        status=Application.Status.APPROVED,
        expertise=["finance", "strategic_planning", "management"],
        capacity=1,
    )


@pytest.fixture
def mentee_application(gallery_program) -> Application:
    profile = ProfileFactory(
        user__email="ian.mentee@example.org", user__full_name="Ian Mentee", organization="City of Irvine"
    )
    return ApplicationFactory(
        program=gallery_program,
        applicant=profile.user,
        status=Application.Status.APPROVED,
        expertise=["finance", "strategic_planning"],
    )


def test_a_mentee_requests_a_mentor_from_the_gallery_and_the_mentor_accepts(
    new_page, gallery_program, mentor_application, mentee_application
):
    mentor_name = mentor_application.applicant.full_name
    page = new_page("mentee", phone=True)
    page.goto(gallery_program.get_absolute_url())
    page.get_by_role("main").get_by_role("link", name="log in").click()
    steps.log_in(page, email=mentee_application.applicant.email, password=PASSWORD, phone=True)
    page.get_by_role("link", name="Browse the Mentors Gallery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentors Gallery")
    card = page.get_by_role("article", name=mentor_name)
    expect(card).to_contain_text("Finance")
    check_page(page, phone=True)

    card.get_by_role("button", name=f"Add to favourites ({mentor_name})").click()
    expect(page.locator(".alert-success")).to_contain_text(f"{mentor_name} added to your favourites")
    expect(card.get_by_role("heading")).to_contain_text("Favourite")
    assert Favourite.objects.filter(mentor_application=mentor_application).count() == 1
    check_page(page, phone=True)

    card.get_by_role("link", name=f"Request as mentor ({mentor_name})").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ask {mentor_name} to be your mentor")
    check_page(page, phone=True)
    page.get_by_label(steps.exactly("A short message to the mentor")).fill(
        "I am working on my first budget and would value your guidance."
    )
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".alert-success")).to_contain_text(f"Your request was sent to {mentor_name}")
    check_page(page, phone=True)
    assert [m.to for m in mail.outbox if m.to == [mentor_application.applicant.email]]

    mentor = new_page("mentor")
    mentor.goto("/mentoring/requests/")
    steps.log_in(mentor, email=mentor_application.applicant.email, password=PASSWORD, phone=True)
    expect(mentor.get_by_role("heading", level=1)).to_have_text("Requests from mentees")
    request = mentor.get_by_role("article").filter(has_text=mentee_application.applicant.full_name)
    expect(request).to_contain_text("I am working on my first budget")
    check_page(mentor, phone=True)
    request.get_by_role("radio", name="Accept").check()
    request.get_by_role("button", name="Send answer").click()
    expect(mentor.locator(".alert-success")).to_contain_text("Accepted. You are paired")
    check_page(mentor, phone=True)

    pairing = Pairing.objects.get(program=gallery_program)
    assert (pairing.mentor_application, pairing.mentee_application) == (mentor_application, mentee_application)
    assert pairing.source == Pairing.Source.GALLERY
    assert GalleryRequest.objects.get(program=gallery_program).status == GalleryRequest.Status.ACCEPTED
    assert re.search(rf"/pairings/{pairing.pk}/$", mentor.url)


@pytest.mark.parametrize("phone", [False, True], ids=["1280px", "375px"])
def test_a_mentee_reads_a_mentors_profile_and_both_find_their_requests_in_the_navigation(
    new_page, gallery_program, mentor_application, mentee_application, phone
):
    mentor_name = mentor_application.applicant.full_name
    Application.objects.filter(pk=mentor_application.pk).update(
        statement="Budgets and long-range plans are my craft.", frequency="monthly", years_experience=24
    )
    page = new_page("mentee", phone=phone)
    page.goto(f"/programs/{gallery_program.slug}/gallery/")
    steps.log_in(page, email=mentee_application.applicant.email, password=PASSWORD, phone=phone)
    card = page.get_by_role("article", name=mentor_name)
    expect(card).to_contain_text(re.compile(r"(Strong|Good|Fair|Weak) match · \d{1,3}%\."))
    expect(card).to_contain_text("Shared areas: Finance and Strategic Planning.")
    expect(card).not_to_contain_text("Match 0.")

    card.get_by_role("link", name=mentor_name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(mentor_name)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="How well you match")).to_be_visible()
    expect(main).to_contain_text("Budgets and long-range plans are my craft.")
    expect(main).to_contain_text("Up to 1 mentee at once; 1 place free now")
    expect(main).not_to_contain_text(mentor_application.applicant.email)
    check_page(page, phone=phone)
    main.get_by_role("button", name="Add to favourites").click()
    expect(page.locator(".alert-success")).to_contain_text(f"{mentor_name} added to your favourites")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Favourite")  # back on the profile
    main.get_by_role("link", name="Request as mentor").click()
    page.get_by_label(steps.exactly("A short message to the mentor")).fill("Your statement on budgets spoke to me.")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".alert-success")).to_contain_text(f"Your request was sent to {mentor_name}")

    steps.open_menu(page)
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Requests from mentees")).to_have_count(0)
    navigation.get_by_role("link", name="My mentor requests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My mentor requests")
    expect(page.get_by_role("main")).to_contain_text("Your statement on budgets spoke to me.")
    check_page(page, phone=phone)

    mentor = new_page("mentor", phone=phone)
    mentor.goto(f"/programs/{gallery_program.slug}/gallery/{mentor_application.pk}/")
    steps.log_in(mentor, email=mentor_application.applicant.email, password=PASSWORD, phone=phone)
    expect(mentor.get_by_role("main")).to_contain_text("This is how mentees who may browse")
    expect(mentor.get_by_role("heading", name="How well you match")).to_have_count(0)
    steps.open_menu(mentor)
    navigation = mentor.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="My mentor requests")).to_have_count(0)
    navigation.get_by_role("link", name="Requests from mentees").click()
    expect(mentor.get_by_role("heading", level=1)).to_have_text("Requests from mentees")
    expect(mentor.get_by_role("article").filter(has_text=mentee_application.applicant.full_name)).to_contain_text(
        "Your statement on budgets spoke to me."
    )
    check_page(mentor, phone=phone)
