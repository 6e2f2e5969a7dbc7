"""Forms that say what they need: required markers, a counted and linked error summary, every error on its own
field, and controls whose borders and focus ring keep 3:1 against white (WCAG 2.2 AA, non-text contrast)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import Application
from pairings.factories import PairingFactory
from pairings.models import CheckIn

pytestmark = pytest.mark.django_db

CSS = Path(settings.BASE_DIR, "static", "css", "forms.css").read_text()
WHITE = "#ffffff"


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def variable(name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)


def test_the_contrast_formula_matches_wcag_examples():
    assert round(contrast("#dee2e6", WHITE), 2) == 1.3  # Bootstrap's border, the one the issue measured
    assert round(contrast("#000000", WHITE), 0) == 21


@pytest.mark.parametrize("name", ["control-border", "control-focus", "control-invalid"])
def test_control_borders_and_the_focus_ring_keep_3_to_1_on_white(name):
    assert contrast(variable(name), WHITE) >= 3


def test_the_colours_are_the_ones_the_controls_use():
    rules = dict(re.findall(r"([^{}]+)\{([^}]*)\}", CSS))
    border = next(body for selector, body in rules.items() if ".form-check-input" in selector and ":" not in selector)
    assert "border-color: var(--control-border)" in border
    focus = next(body for selector, body in rules.items() if ".form-check-input:focus" in selector)
    assert "outline: 3px solid var(--control-focus)" in focus


def test_every_page_loads_the_form_styles_and_the_summary_script(client):
    page = client.get(reverse("home")).content.decode()
    assert "/static/css/forms.css" in page
    assert "/static/js/error-summary.js" in page
    assert "<script>" not in page  # nothing inline: the CSP allows only the site's own files


@pytest.fixture
def as_applicant(client, mentee):
    client.force_login(mentee)
    return client


def apply_url(program, role: str = "mentee") -> str:
    return reverse("applications:apply", args=[program.slug, role])


def test_questions_a_submission_needs_carry_the_required_marker(as_applicant, program):
    page = as_applicant.get(apply_url(program)).content.decode()
    goals = page.split('for="id_goals"')[1].split("</label>")[0]
    assert '<span class="asteriskField">*</span>' in goals
    (textarea,) = [tag for tag in re.findall(r"<textarea[^>]*>", page) if 'id="id_goals"' in tag]
    assert 'aria-required="true"' in textarea
    optional = page.split('for="id_additional_info"')[1].split("</label>")[0]
    assert "asteriskField" not in optional
    assert "Questions marked" in page


def test_the_error_summary_counts_the_problems_and_links_each_field(as_applicant, program):
    response = as_applicant.post(apply_url(program), {"contact-full_name": "", "submit": "1", "goals": "Budgets"})
    assert response.status_code == 400
    page = response.content.decode()
    summary = page.split("data-error-summary")[1].split("</div>")[0]
    links = re.findall(r'<a class="alert-link" href="#([\w-]+)" data-focus="\1">', summary)
    count = int(re.search(r"(\d+) problems? to fix", summary).group(1))
    assert count == len(links) >= 5  # the name, and the answers a submission needs
    assert "id_contact-full_name" in links
    assert "id_career_stage" in links
    assert "id_expertise_0" in links  # a group of checkboxes: its first box
    for target in links:
        assert f'id="{target}"' in page  # every link lands on a control
    assert "Career stage: Please answer this question to submit." in summary
    assert "Do you work at a public agency? Please answer this question to submit." in summary


def test_a_form_not_yet_sent_shows_no_summary(as_applicant, mentee, program):
    ApplicationFactory(program=program, applicant=mentee, status=Application.Status.DRAFT, goals="")
    page = as_applicant.get(apply_url(program)).content.decode()
    assert "data-error-summary" not in page  # blank answers of a draft are not errors until it is sent


def test_a_check_in_in_the_future_is_refused_once_on_the_date_field(client, mentee):
    pairing = PairingFactory(mentee_application__applicant=mentee)
    client.force_login(mentee)
    future = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(
        reverse("pairings:checkin", args=[pairing.pk]),
        {"date": future.isoformat(), "form": "video", "minutes": 45, "note": "Talked budgets."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    # On the date field, and in the error summary as the link to it: nowhere else.
    assert page.count("A check-in cannot be in the future.") == 2
    assert (
        '<a class="alert-link" href="#id_date" data-focus="id_date">Date: A check-in cannot be in the future.</a>'
        in page
    )
    date_field = page.split('id="div_id_date"')[1].split('id="div_id_form"')[0]
    assert "A check-in cannot be in the future." in date_field
    assert "Talked budgets." in page
    assert not CheckIn.objects.exists()
    assert Application.objects.count() == 2
