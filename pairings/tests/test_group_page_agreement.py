"""The group's page on its one agreement: a member whose turn it is to sign is asked to; one who signed reads who the
group is still waiting for, in the agreement page's words, and is not asked to sign again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agreements import services
from agreements.models import Agreement
from agreements.tests.conftest import sign
from pairings.factories import MentoringGroupFactory
from pairings.models import MentoringGroup, Pairing

pytestmark = pytest.mark.django_db

SIGN = "Fill in and sign the agreement"
READ = "Read the agreement"


@pytest.fixture
def group() -> MentoringGroup:
    return MentoringGroupFactory(members=3, name="Cal State Long Beach MPA")


def members(group: MentoringGroup) -> list[Pairing]:
    return list(group.pairings.select_related("mentee").order_by("pk"))


@pytest.fixture
def agreement(group: MentoringGroup) -> Agreement:
    return services.agreement_for_pairing(pairing=members(group)[1])


def page(client, group: MentoringGroup, person) -> str:
    client.force_login(person)
    return client.get(reverse("pairings:group", args=[group.pk])).content.decode()


def test_before_the_agreement_starts_every_member_is_asked_to_fill_it_in_and_sign(client, group):
    for person in [group.mentor, *(p.mentee for p in members(group))]:
        content = page(client, group, person)
        assert "Status: Not started." in content
        assert SIGN in content


def test_a_mentor_who_signed_reads_it_and_is_told_who_the_group_waits_for(client, group, agreement):
    sign(agreement, group.mentor)
    content = page(client, group, group.mentor)
    assert SIGN not in content
    assert f'href="{reverse("agreements:agreement", args=[members(group)[0].pk])}">{READ}</a>' in content
    names = [p.mentee.full_name for p in members(group)]
    assert "You signed on " in content
    assert f"; waiting for {names[0]}, {names[1]} and {names[2]}." in content


def test_a_member_who_has_not_signed_is_still_asked_to(client, group, agreement):
    first, second, third = members(group)
    sign(agreement, group.mentor)
    sign(agreement, second.mentee)
    content = page(client, group, third.mentee)
    assert SIGN in content
    assert f"{group.mentor.full_name} and {second.mentee.full_name} signed; your turn" in content
    assert f"(also waiting for {first.mentee.full_name})." in content
    assert SIGN not in page(client, group, second.mentee)


def test_once_everyone_signed_everyone_reads_it(client, group, agreement):
    for person in [group.mentor, *(p.mentee for p in members(group))]:
        sign(Agreement.objects.get(pk=agreement.pk), person)
    for person in [group.mentor, *(p.mentee for p in members(group))]:
        content = page(client, group, person)
        assert "Status: Signed by everyone." in content
        assert READ in content and SIGN not in content
        assert "waiting for" not in content
