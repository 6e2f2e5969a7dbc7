"""A mentoring group on its members' homes: every member's pairing works under the group's one agreement (kept on
the group's first pairing) and its shared check-ins, so what each pairing asks of a member is read through the
group, not through the pairing's own rows (of which a member's pairing has none)."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import Agreement
from agreements.tests.conftest import sign
from applications.factories import MentorApplicationFactory
from applications.vocabulary import Frequency
from home.selectors import home_for
from home.tests.test_home import nav_count
from pairings import groups
from pairings.factories import MentoringGroupFactory, PairingFactory
from pairings.models import MentoringGroup, Pairing

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> MentoringGroup:
    return MentoringGroupFactory(members=3, name="Cal State Long Beach MPA")


def members(group: MentoringGroup) -> list[Pairing]:
    return list(group.pairings.select_related("program", "mentor", "mentee").order_by("pk"))


@pytest.fixture
def agreement(group: MentoringGroup) -> Agreement:
    """The group's agreement, opened by a member whose pairing is not its anchor (the group's first pairing)."""
    return services.agreement_for_pairing(pairing=members(group)[1])


def signing(user) -> list[str]:
    return [todo.text for todo in home_for(user).todos if todo.kind == "agreement"]


def test_a_group_mentor_who_signed_has_nothing_to_sign_on_any_of_his_groups_pairings(client, group, agreement):
    assert len(signing(group.mentor)) == 3  # one a pairing, as before he signs
    sign(agreement, group.mentor)
    home = home_for(group.mentor)
    assert signing(group.mentor) == []
    assert len(home.pairings) == 3
    assert not any(glance.next_step.startswith("Sign") for glance in home.pairings)
    client.force_login(group.mentor)
    page = client.get(reverse("home")).content.decode()
    assert "Sign your agreement" not in page
    assert nav_count(page) is None


def test_a_group_member_who_has_not_signed_still_has_it_and_loses_it_once_she_signs(group, agreement):
    first, second, third = members(group)
    sign(agreement, group.mentor)
    for pairing in (first, second, third):
        assert signing(pairing.mentee) == [f"Sign your agreement with {group.mentor.full_name}"]
        (glance,) = home_for(pairing.mentee).pairings
        assert glance.next_step == f"Sign your agreement with {group.mentor.full_name}"
        assert glance.next_url == reverse("agreements:agreement", args=[pairing.pk])
    sign(agreement, third.mentee)  # not the anchor's mentee
    assert signing(third.mentee) == []
    assert len(signing(second.mentee)) == 1


def test_a_group_mentor_who_has_not_signed_still_has_it(group, agreement):
    first, *_ = members(group)
    sign(agreement, first.mentee)
    assert len(signing(group.mentor)) == 3


def test_an_executed_group_agreement_leaves_nothing_to_sign_and_sets_every_members_frequency(group, agreement):
    Agreement.objects.filter(pk=agreement.pk).update(frequency=Frequency.QUARTERLY)
    for person in [group.mentor, *(p.mentee for p in members(group))]:
        sign(Agreement.objects.get(pk=agreement.pk), person)
    assert Agreement.objects.get(pk=agreement.pk).is_executed
    for pairing in members(group):
        assert signing(pairing.mentee) == []
        (glance,) = home_for(pairing.mentee).pairings
        assert glance.pairing.executed
        assert glance.pairing.agreed_frequency == Frequency.QUARTERLY
        assert glance.next_step == f"Next check-in by {pairing.started_on + relativedelta(months=3):%B %-d, %Y}"
    assert signing(group.mentor) == []


def test_a_check_in_logged_on_the_group_page_counts_for_every_member(group, agreement):
    # Monthly, started 29 days ago: each pairing's check-in is due tomorrow, inside the reminder's days.
    created = timezone.now() - dt.timedelta(days=29)
    Pairing.objects.filter(group=group).update(created_at=created, started_on=timezone.localdate(created))
    Agreement.objects.filter(pk=agreement.pk).update(frequency=Frequency.MONTHLY)

    def checkins_due(user) -> int:
        return sum(todo.kind == "checkin" for todo in home_for(user).todos)

    assert checkins_due(group.mentor) == 3
    groups.group_checkin_log(group=group, actor=group.mentor, date=timezone.localdate(), form="video", minutes=45)
    assert checkins_due(group.mentor) == 0
    assert all(checkins_due(p.mentee) == 0 for p in members(group))


def test_a_pairs_signature_is_not_read_as_signing_another_pair_of_the_same_mentor(mentor, program):
    mine = MentorApplicationFactory(program=program, applicant=mentor, approved=True)
    signed, unsigned = (PairingFactory(program=program, mentor_application=mine) for _ in range(2))
    sign(services.agreement_for_pairing(pairing=signed), mentor)
    services.agreement_for_pairing(pairing=unsigned)
    assert signing(mentor) == [f"Sign your agreement with {unsigned.mentee.full_name}"]
