"""The way to the student chapters: the directory names the associations that list chapters, and a program's page
links its host's chapters; nothing is shown for an association that lists none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chapters.factories import StudentChapterFactory

pytestmark = pytest.mark.django_db


def test_the_directory_links_the_chapters_of_the_associations_that_list_some(client, program, other_association):
    StudentChapterFactory(association=program.host)
    StudentChapterFactory(association=other_association, active=False)  # not listed: no link
    page = client.get(reverse("applications:directory")).content.decode()
    assert f'href="{reverse("chapters:list", args=[program.host.slug])}"' in page
    assert reverse("chapters:list", args=[other_association.slug]) not in page
    assert reverse("chapters:mine") not in page  # a visitor has no offers


def test_a_signed_in_manager_finds_their_offers_from_the_directory(client, program, mentor):
    StudentChapterFactory(association=program.host)
    client.force_login(mentor)
    assert reverse("chapters:mine") in client.get(reverse("applications:directory")).content.decode()


def test_the_program_page_links_its_hosts_chapters_only_when_there_are_some(client, program):
    url = reverse("chapters:list", args=[program.host.slug])
    assert url not in client.get(program.get_absolute_url()).content.decode()
    StudentChapterFactory(association=program.host)
    assert url in client.get(program.get_absolute_url()).content.decode()
