"""From which width the top bar lays out its items in a row: the narrowest breakpoint whose container holds them all
(e2e/test_navigation_layout.py checks the result in Chromium)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory, MentorApplicationFactory, ProgramFactory
from applications.models import Program

pytestmark = pytest.mark.django_db


def navbar_class(client, path: str = "/programs/") -> str:
    html = client.get(path).content.decode()
    return re.search(r'<nav class="([^"]*)" aria-label="Main">', html).group(1)


def expands_at(client) -> str | None:
    found = re.search(r"navbar-expand-(\w+)", navbar_class(client))
    return found.group(1) if found else None


def test_a_guests_three_links_stay_in_a_row_from_a_tablet(client):
    assert expands_at(client) == "md"


def test_a_mentees_bar_stays_in_a_row_from_a_small_laptop(client, mentee):
    client.force_login(mentee)
    assert expands_at(client) == "lg"


def test_a_chairs_bar_needs_a_laptop(client, host_chair, program):
    client.force_login(host_chair)
    assert expands_at(client) == "xl"
    assert reverse("admin:index") in client.get("/programs/").content.decode()


def test_a_chair_who_also_mentors_in_the_gallery_needs_a_wide_screen(client, host_chair, program):
    gallery = ProgramFactory(host=program.host, pairing_mode=Program.PairingMode.GALLERY)
    MentorApplicationFactory(program=gallery, applicant=host_chair, approved=True)
    client.force_login(host_chair)
    assert expands_at(client) == "xxl"


def test_the_longest_bar_stays_folded_at_every_width(client, host_chair, program):
    host_chair.full_name = "Harper Alexandra Hostington-Smythe"
    host_chair.save()
    for side in (MentorApplicationFactory, ApplicationFactory):
        side(
            program=ProgramFactory(host=program.host, pairing_mode=Program.PairingMode.GALLERY),
            applicant=host_chair,
            approved=True,
        )
    client.force_login(host_chair)
    assert expands_at(client) is None


def test_a_long_name_is_whole_in_its_title(client):
    user = UserFactory(email="long@example.org", full_name="Maximiliana Bartholomew-Featherstonehaugh")
    client.force_login(user)
    html = client.get("/programs/").content.decode()
    assert 'class="navbar-text navbar-person me-2" title="Maximiliana Bartholomew-Featherstonehaugh">' in html
