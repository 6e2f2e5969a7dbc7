"""A program that asks for no agreement (Program.requires_agreement off): no agreement step, link or nudge."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from agreements.services import agreement_for_pairing
from applications.factories import ApplicationFactory, MentorApplicationFactory
from applications.models import Application
from notifications.models import Notice
from pairings.jobs import agreement_nudges
from pairings.models import Pairing
from pairings.services import pairing_create

pytestmark = pytest.mark.django_db


def _no_agreement(pairing: Pairing) -> Pairing:
    pairing.program.requires_agreement = False
    pairing.program.save()
    return pairing


def _twenty_days_old(pairing: Pairing) -> None:
    Pairing.objects.filter(pk=pairing.pk).update(created_at=timezone.now() - dt.timedelta(days=20))


def test_an_unsigned_pair_is_nudged_where_the_program_asks_for_an_agreement(pairing):
    _twenty_days_old(pairing)
    assert agreement_nudges(timezone.now()) == 3  # both partners, and the chair's weekly list
    nudges = Notice.objects.exclude(kind="pairing_created")
    assert set(nudges.values_list("kind", flat=True)) == {"agreement_unsigned", "chair_digest"}


def test_no_partner_or_chair_is_nudged_where_the_program_asks_for_none(pairing):
    _no_agreement(pairing)
    _twenty_days_old(pairing)
    assert agreement_nudges(timezone.now()) == 0
    assert not Notice.objects.filter(kind__in=["agreement_unsigned", "chair_digest"]).exists()


def test_the_pair_page_has_no_agreement_step_where_the_program_asks_for_none(client, mentee, pairing):
    client.force_login(mentee)
    with_agreement = client.get(pairing.get_absolute_url()).content.decode()
    assert "Fill in and sign the agreement" in with_agreement
    _no_agreement(pairing)
    page = client.get(pairing.get_absolute_url()).content.decode()
    assert "Statement of Mutual Understanding" not in page
    assert reverse("agreements:agreement", args=[pairing.pk]) not in page
    assert "Not needed" in client.get(reverse("pairings:mine")).content.decode()


def test_the_agreement_pages_are_not_found_where_the_program_asks_for_none(client, mentee, pairing):
    _no_agreement(pairing)
    client.force_login(mentee)
    assert client.get(reverse("agreements:agreement", args=[pairing.pk])).status_code == 404
    sign = client.post(reverse("agreements:sign", args=[pairing.pk]), {"typed_name": mentee.full_name})
    assert sign.status_code == 404
    assert not Agreement.objects.exists()


def test_an_agreement_started_before_the_switch_was_turned_off_stays_readable(client, mentee, pairing):
    client.force_login(mentee)
    agreement_for_pairing(pairing=pairing)  # started: a partner saved or signed it
    _no_agreement(pairing)
    assert client.get(reverse("agreements:agreement", args=[pairing.pk])).status_code == 200
    assert "Statement of Mutual Understanding" in client.get(pairing.get_absolute_url()).content.decode()


def test_the_pairing_email_asks_for_no_agreement_where_the_program_asks_for_none(
    mentor, mentee, program, mailoutbox, django_capture_on_commit_callbacks
):
    program.requires_agreement = False
    program.save()
    with django_capture_on_commit_callbacks(execute=True):
        pairing_create(
            mentor_application=MentorApplicationFactory(program=program, applicant=mentor, status="approved"),
            mentee_application=ApplicationFactory(program=program, applicant=mentee, status="approved"),
            source=Pairing.Source.CHAIR,
            approved_by=None,
        )
    assert Application.objects.count() == 2
    assert mailoutbox and all("Statement of Mutual Understanding" not in m.body for m in mailoutbox)
    assert all("get in touch and agree when to talk" in m.body for m in mailoutbox)
