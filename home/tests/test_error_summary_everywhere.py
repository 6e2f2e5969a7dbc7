"""Every form a participant fills in shows its errors the same way: counted and linked in the error summary at the
top of the form (home/templatetags/form_errors.py), and each on its own field, once. A template that prints a form's
fields (crispy-forms or the plain fields of mentorship/plain_forms.py) must print that form's summary too; crispy's
own block of the form's errors is left out (templates/bootstrap5/errors.html), so none is shown twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from pairings.forms import FeedbackForm

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# A form's fields printed: `{% crispy form %}`, `{{ form|crispy }}`, the plain fields with an explicit form, or
# the fields a view wrote in Python (agreements/form_html.py): `{{ form_fields }}` is `form`'s, `{{ sign_fields }}`
# is `sign_form`'s.
PRINTED = re.compile(
    r"{%\s*crispy\s+([\w.]+)\s*%}|{{\s*([\w.]+)\|crispy\s*}}|{%\s*include\s+\"forms/fields.html\"(?:\s+with\s+form=(\w+))?"
    r"|{{\s*(\w+)_fields\s*}}"
)
# The plain fields themselves, and the check-in partial (tested below).
OUTSIDE = {"forms/fields.html", "forms/field.html", "pairings/_checkin_form.html"}


def _forms_printed(text: str) -> set[str]:
    """The names of the forms a template prints ("form" for the plain fields' default)."""
    found = set()
    for match in PRINTED.finditer(text):
        if match.group(4):  # fields written in Python
            found.add("form" if match.group(4) == "form" else f"{match.group(4)}_form")
        else:
            found.add(next((name for name in match.groups() if name), "form"))
    return found


def _printing_templates() -> list[Path]:
    return [
        path
        for path in sorted(TEMPLATES.rglob("*.html"))
        if str(path.relative_to(TEMPLATES)) not in OUTSIDE and PRINTED.search(path.read_text())
    ]


@pytest.mark.parametrize("path", _printing_templates(), ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_every_printed_form_has_its_error_summary(path: Path):
    text = path.read_text()
    summarised = {name for names in re.findall(r"{%\s*error_summary\s+([\w. ]+?)\s*%}", text) for name in names.split()}
    if "pairings/_checkin_form.html" in text:
        summarised.add("checkin_form")  # the partial prints the check-in form with its summary
    assert _forms_printed(text) <= summarised, f"{path.name}: a form printed without {{% error_summary %}}"


def test_the_check_in_partial_prints_its_summary():
    assert "{% error_summary checkin_form %}" in (TEMPLATES / "pairings/_checkin_form.html").read_text()


def test_crispy_prints_no_second_copy_of_a_forms_errors():
    form = FeedbackForm({"rating": "3"})
    form.is_valid()
    form.add_error(None, "You already rated this match.")
    html = render_to_string("pairings/feedback.html", {"form": form, "pairing": None})
    assert html.count("You already rated this match.") == 1  # in the summary only
    assert "data-error-summary" in html
