"""The pair page's agreement button asks a partner to sign only while it is their turn: one who has signed the
current version reads it while the other is asked; an edit (a new version) asks both again. In a group too."""

from __future__ import annotations

import pytest

from agreements import services
from agreements.tests.conftest import sign
from pairings.factories import MentoringGroupFactory

pytestmark = pytest.mark.django_db

SIGN = "Fill in and sign the agreement"
READ = "Read the agreement"


def button(client, person, pairing) -> str:
    client.force_login(person)
    page = client.get(pairing.get_absolute_url()).content.decode()
    assert (SIGN in page) != (READ in page)
    return SIGN if SIGN in page else READ


def test_a_partner_who_signed_reads_while_the_other_is_asked(client, pairing, mentor, mentee):
    agreement = services.agreement_for_pairing(pairing=pairing)
    assert (button(client, mentor, pairing), button(client, mentee, pairing)) == (SIGN, SIGN)
    sign(agreement, mentor)
    assert (button(client, mentor, pairing), button(client, mentee, pairing)) == (READ, SIGN)
    services.agreement_update(
        agreement=agreement, actor=mentee, changes={"mentor_time": "Two hours a month"}, expected_version=1
    )
    assert (button(client, mentor, pairing), button(client, mentee, pairing)) == (SIGN, SIGN)  # the new version


def test_in_a_group_the_signature_on_the_groups_agreement_counts_on_every_members_page(client):
    group = MentoringGroupFactory(members=3)
    first, second, _third = group.pairings.select_related("mentee").order_by("pk")
    sign(services.agreement_for_pairing(pairing=first), group.mentor)
    assert button(client, group.mentor, second) == READ  # the agreement hangs on the first pairing
    assert button(client, second.mentee, second) == SIGN
