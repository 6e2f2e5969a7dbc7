"""Resumes are private: the owner and the chair, nobody else, and never from a public URL."""

import pytest
from django.urls import reverse

from applications.models import Application
from applications.tests import pdfs

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(mentee, program) -> Application:
    application = Application.objects.create(program=program, applicant=mentee, role=Application.Role.MENTEE)
    application.resume.save("ignored-name.pdf", pdfs.valid_pdf())
    return application


def resume_url(application) -> str:
    return reverse("applications:resume", args=[application.pk])


def test_anonymous_is_sent_to_log_in(client, application):
    response = client.get(resume_url(application))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_another_member_gets_404(client, outsider, application):
    client.force_login(outsider)
    assert client.get(resume_url(application)).status_code == 404


def test_the_owner_gets_the_pdf(client, mentee, application):
    client.force_login(mentee)
    response = client.get(resume_url(application))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_chair_gets_the_pdf(client, chair, application):
    client.force_login(chair)
    assert client.get(resume_url(application)).status_code == 200


def test_no_resume_is_404(client, mentee, application):
    application.resume.delete()
    client.force_login(mentee)
    assert client.get(resume_url(application)).status_code == 404


def test_the_stored_name_is_not_reachable_under_static_or_media_urls(client, application):
    name = application.resume.name
    for prefix in ("/static/", "/media/", "/"):
        assert client.get(prefix + name).status_code == 404
