"""The host association's look on the executed agreement's PDF: its logo (inline from the stored file) and colour,
never signed content, and the PDF's fetcher takes no other inline data."""

from __future__ import annotations

import base64
import io

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from agreements import pdf
from agreements.content import agreement_sha256, letterhead
from agreements.tests.conftest import sign
from associations.tests.logos import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }


def image_sizes(data: bytes) -> set[tuple[int, int]]:
    return {image.image.size for page in PdfReader(io.BytesIO(data)).pages for image in page.images}


@pytest.fixture
def executed(agreement, mentor, mentee):
    sign(agreement, mentor)
    sign(agreement, mentee)
    agreement.refresh_from_db()
    return agreement


def test_the_pdf_carries_the_hosts_logo(executed, association):
    assert image_sizes(pdf.render_agreement_pdf(executed)) == set()
    association.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    executed.pairing.program.host.refresh_from_db()
    assert image_sizes(pdf.render_agreement_pdf(executed)) == {(120, 40)}  # the logo, as stored


def test_the_letterhead_is_the_hosts_name_colour_and_logo_as_a_data_uri(program, association):
    association.colour = "#aa3300"
    association.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    head = letterhead(program)
    assert (head["name"], head["colour"]) == (association.name, "#aa3300")
    assert head["logo"] == "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


def test_a_new_logo_changes_no_signed_content(agreement, association):
    before = agreement_sha256(agreement)
    association.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    assert agreement_sha256(agreement) == before


def test_the_fetcher_takes_an_inline_png_and_nothing_else_inline():
    png = png_bytes()
    fetched = pdf.StaticFilesOnlyFetcher().fetch("data:image/png;base64," + base64.b64encode(png).decode())
    assert fetched.read() == png
    for url in (
        "data:image/svg+xml;base64," + base64.b64encode(b"<svg/>").decode(),
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/png;base64,not base64!",
    ):
        with pytest.raises(ValueError, match="Refused"):
            pdf.StaticFilesOnlyFetcher().fetch(url)
