"""An association's look: its logo served publicly with its own type (404 without one), its colour as a CSS accent
that can only ever be a colour, both on the program page, and only real PNG or JPEG files accepted as a logo."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.urls import reverse

from associations.models import Association
from associations.tests.logos import jpeg_bytes, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }


def test_the_logo_is_served_with_its_type(client, association):
    association.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    response = client.get(reverse("associations:logo", args=[association.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == png_bytes()


def test_a_jpeg_logo_is_served_as_a_jpeg(client, association):
    association.logo.save("logo.jpeg", ContentFile(jpeg_bytes()), save=True)
    response = client.get(reverse("associations:logo", args=[association.slug]))
    assert response["Content-Type"] == "image/jpeg"


def test_an_association_without_a_logo_answers_404(client, association):
    assert client.get(reverse("associations:logo", args=[association.slug])).status_code == 404
    assert client.get(reverse("associations:logo", args=["no-such-association"])).status_code == 404


def test_a_logo_whose_file_is_gone_answers_404(client, association):
    Association.objects.filter(pk=association.pk).update(logo="associations/logos/gone.png")
    assert client.get(reverse("associations:logo", args=[association.slug])).status_code == 404


def test_the_accent_is_the_associations_colour(client, association):
    Association.objects.filter(pk=association.pk).update(colour="#aa3300")
    response = client.get(reverse("associations:accent", args=[association.slug]))
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response.content.decode() == ".association-look{--association-colour:#aa3300}\n"


def test_a_colour_that_skipped_validation_never_reaches_the_css(client, association):
    Association.objects.filter(pk=association.pk).update(colour="red}*")
    css = client.get(reverse("associations:accent", args=[association.slug])).content.decode()
    assert css == ".association-look{--association-colour:#1f4e79}\n"


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "#12345g", "#123456;}"])
def test_the_admin_refuses_a_colour_that_is_not_hex(association, colour):
    form = modelform_factory(Association, fields=["colour"])({"colour": colour}, instance=association)
    assert "colour" in form.errors


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("logo.html", b"<script>alert(1)</script>"),
        ("logo.png", b"<html><script>alert(1)</script></html>"),  # a web page named like an image
        ("logo.png.html", png_bytes()),
    ],
)
def test_a_hostile_logo_upload_is_refused(association, name, content):
    form = modelform_factory(Association, fields=["logo"])(
        {}, {"logo": SimpleUploadedFile(name, content)}, instance=association
    )
    assert "logo" in form.errors
    association.refresh_from_db()
    assert not association.logo


def test_a_png_logo_upload_is_accepted(association):
    form = modelform_factory(Association, fields=["logo"])(
        {}, {"logo": SimpleUploadedFile("logo.png", png_bytes())}, instance=association
    )
    assert form.is_valid(), form.errors
    form.save()
    assert association.logo_content_type == "image/png"


def test_the_program_page_shows_the_hosts_logo_and_accent(client, program, association):
    association.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    page = client.get(program.get_absolute_url()).content.decode()
    assert f'src="{reverse("associations:logo", args=[association.slug])}"' in page
    assert f'alt="{association.name} logo"' in page
    assert reverse("associations:accent", args=[association.slug]) in page


def test_the_program_page_has_no_logo_when_the_host_has_none(client, program):
    page = client.get(program.get_absolute_url()).content.decode()
    assert "association-logo" not in page
