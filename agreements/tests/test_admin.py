"""The chair's admin: agreements and signatures can be read there, never changed or deleted; guidance can be edited."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, ProgramGuidance, Signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_chair(client, chair):
    client.force_login(chair)
    return client


def test_the_chair_lists_agreements_with_their_signatures_and_pdf_link(as_chair, executed):
    response = as_chair.get(reverse("admin:agreements_agreement_changelist"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Morgan Mentor mentors Avery Mentee" in content
    assert "2 of 2" in content
    assert reverse("agreements:pdf", args=[executed.pairing_id]) in content


def test_an_executed_agreement_opens_read_only(as_chair, executed):
    response = as_chair.get(reverse("admin:agreements_agreement_change", args=[executed.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="duration"' not in content
    assert 'name="_save"' not in content


def test_a_change_posted_to_the_admin_is_refused(as_chair, executed):
    url = reverse("admin:agreements_agreement_change", args=[executed.pk])
    response = as_chair.post(url, {"duration": "Forever", "confidentiality": "None"})
    assert response.status_code == 403
    executed.refresh_from_db()
    assert executed.duration == "One year"


def test_agreements_and_signatures_cannot_be_deleted_or_added(as_chair, executed):
    signature = Signature.objects.first()
    for url in (
        reverse("admin:agreements_agreement_delete", args=[executed.pk]),
        reverse("admin:agreements_signature_delete", args=[signature.pk]),
        reverse("admin:agreements_agreement_add"),
        reverse("admin:agreements_signature_add"),
    ):
        assert as_chair.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:agreements_agreement_changelist")
    response = as_chair.post(changelist, {"action": "delete_selected", "_selected_action": [executed.pk]})
    assert Agreement.objects.filter(pk=executed.pk).exists()
    assert response.status_code in (200, 302)


def test_a_signature_posted_to_the_admin_is_refused(as_chair, executed):
    signature = Signature.objects.first()
    url = reverse("admin:agreements_signature_change", args=[signature.pk])
    assert as_chair.post(url, {"typed_name": "Someone Else"}).status_code == 403
    signature.refresh_from_db()
    assert signature.typed_name != "Someone Else"


def test_the_chair_edits_the_programs_coaching_guidance(as_chair, program):
    guidance = ProgramGuidance.objects.create(program=program)
    url = reverse("admin:agreements_programguidance_change", args=[guidance.pk])
    response = as_chair.post(
        url,
        {
            "title": "Coaching well",
            "steps": "Ask.\nListen.",
            "good_coaches": "Listen",
            "good_proteges": "Prepare",
        },
    )
    assert response.status_code == 302
    guidance.refresh_from_db()
    assert guidance.step_list() == [("Ask.", "Listen.")]


def test_an_applicant_cannot_open_the_agreements_admin(client, mentee, executed):
    client.force_login(mentee)
    response = client.get(reverse("admin:agreements_agreement_change", args=[executed.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response.url
