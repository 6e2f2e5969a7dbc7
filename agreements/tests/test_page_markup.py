"""The agreement page's markup written in Python (agreements/form_html.py, agreements/page_html.py) is the markup the
templates it replaced gave: the fields as templates/forms/field.html prints them (kept: other pages use it), the
guidance and the signatures as the page's loops printed them; every typed value escaped, every label, id, error and
aria-describedby in place."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy

from accounts.models import User
from agreements import services
from agreements.content import agreement_content
from agreements.form_html import _escaped, fields_html
from agreements.forms import AgreementForm, SignForm
from agreements.models import Agreement, ProgramGuidance, Signature
from agreements.page_html import (
    FIXED_CLAUSES_HTML,
    guidance_html,
    guidelines_html,
    items_html,
    signatures_html,
    signing_state_html,
)
from agreements.signing_state import signing_state
from agreements.tests.conftest import form_data, sign
from mentorship.plain_forms import PlainFields
from resources.factories import ResourceFactory
from resources.models import Resource

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"

# The page's loops as they were in templates/agreements/agreement.html.
OLD_GUIDANCE = """<div class="card bg-body-tertiary">
      <div class="card-body">
        <h2 class="h5 card-title" id="guidance-title">{{ guidance.title }}</h2>
        <ol class="small ps-3">
          {% for step, explanation in guidance.step_list %}
            <li class="mb-2"><strong>{{ step }}</strong> {{ explanation }}</li>
          {% endfor %}
        </ol>
        <h3 class="h6">Good coaches…</h3>
        <ul class="small ps-3">{% for point in guidance.coach_points %}<li>{{ point }}</li>{% endfor %}</ul>
        <h3 class="h6">Good protégés…</h3>
        <ul class="small ps-3 mb-0">{% for point in guidance.protege_points %}<li>{{ point }}</li>{% endfor %}</ul>
      </div>
    </div>"""
OLD_SIGNATURES = """{% for signature in signatures %}
          <li>{{ signature.get_role_display }}: <strong>{{ signature.typed_name }}</strong> signed version
            {{ signature.agreement_version }} on <time datetime="{{ signature.signed_at|date:'c' }}">{{ signature.signed_at|date:"F j, Y, g:i A" }}</time></li>
        {% endfor %}"""  # noqa: E501
# templates/agreements/_fixed_clauses.html and _signing_state.html, and the read-only items' loop, as they were.
OLD_FIXED_CLAUSES = """<h2 class="h5">We also agree</h2>
<ul>
  {% for clause in content.fixed_clauses %}<li>{{ clause }}</li>{% endfor %}
</ul>"""
OLD_SIGNING_STATE = """<div class="alert {% if state.readers_turn %}alert-warning{% else %}alert-info{% endif %}" id="signing-state">
  <p class="mb-0"><strong>{{ state.headline }}.</strong>{% if state.readers_turn and sign_form %} Read it, change what you
    like, then <a class="alert-link" href="#sign-title">sign below</a>.{% endif %}</p>
  {% if group %}
    <ul class="mb-0 mt-2">
      {% for signer in state.signers %}<li>{{ signer.role }}: <strong>{{ signer.name }}</strong>, {{ signer.line }}</li>{% endfor %}
    </ul>
  {% endif %}
</div>"""  # noqa: E501
OLD_ITEMS = """<dl>
  {% for item in content.items %}
    <dt>{{ item.label }}</dt>
    <dd>{{ item.text|linebreaksbr|default:"—" }}</dd>
  {% endfor %}
</dl>"""


def same_markup(html: str) -> str:
    """Markup with the whitespace between tags (which the browser ignores) taken out, and runs of spaces as one."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


def old_fields(form) -> str:
    return render_to_string("forms/fields.html", {"form": form})


def assert_escaped(html: str) -> None:
    assert "<script>" not in html and "<img src=x" not in html


@pytest.fixture
def hostile_agreement(agreement: Agreement) -> Agreement:
    for name in ("confidentiality", "duration", "mentor_time", "additional_points"):
        setattr(agreement, name, HOSTILE)
    agreement.save()
    return agreement


@pytest.fixture
def hostile_signer(mentor: User) -> User:
    mentor.full_name = f"Morgan {HOSTILE}"
    mentor.save(update_fields=["full_name"])
    return mentor


class TestFields:
    def test_an_opened_agreement_form_is_the_templates_markup_with_typed_text_escaped(self, hostile_agreement):
        form = AgreementForm(instance=hostile_agreement)
        html = fields_html(form)
        assert same_markup(html) == same_markup(old_fields(form))
        assert_escaped(html)
        assert f'value="{ESCAPED}"' in html  # a text input's value
        assert f'id="id_confidentiality">\n{ESCAPED}</textarea>' in html
        for name in ("confidentiality", "duration", "frequency", "mentor_time", "additional_points"):
            assert f'<label for="id_{name}" class="form-label">' in html
            assert f'aria-describedby="id_{name}_helptext"' in html and f'id="id_{name}_helptext"' in html
        assert '<fieldset aria-describedby="id_contact_forms_helptext">' in html
        assert 'value="video" id="id_contact_forms_2" checked>' in html
        assert '<option value="every_other_month" selected>Every other month</option>' in html
        assert '<input type="hidden" name="version" value="1" id="id_version">' in html

    def test_a_refused_agreement_form_shows_each_error_on_its_field(self, hostile_agreement):
        posted = form_data(hostile_agreement, duration="", frequency=HOSTILE, contact_forms=[], roles=[HOSTILE])
        form = AgreementForm({**posted, "version": HOSTILE, "base": HOSTILE}, instance=hostile_agreement)
        assert not form.is_valid()
        html = fields_html(form)
        assert same_markup(html) == same_markup(old_fields(form))
        assert_escaped(html)
        assert 'class="form-control is-invalid" required aria-invalid="true"' in html
        assert 'aria-describedby="id_duration_helptext id_duration_error" id="id_duration">' in html
        assert '<div id="id_duration_error" class="invalid-feedback d-block"><strong>' in html
        assert 'class="form-check-input is-invalid" name="contact_forms"' in html
        assert f'name="base" value="{ESCAPED}"' in html

    def test_after_a_conflict_the_partners_text_under_an_item_is_escaped(self, agreement, mentor, mentee):
        mentee.full_name = f"Avery {HOSTILE}"
        mentee.save(update_fields=["full_name"])
        opened = form_data(agreement, mentor_time="Mine")
        saved = services.agreement_update(agreement=agreement, actor=mentee, changes={"mentor_time": HOSTILE})
        form = AgreementForm(opened, instance=Agreement.objects.get(pk=agreement.pk))
        assert form.is_valid()
        conflicted = form.over_newer_version(saved, mentee, agreement_content(saved))
        html = fields_html(conflicted)
        assert same_markup(html) == same_markup(old_fields(conflicted))
        assert_escaped(html)
        assert f"Version 2, as Avery saved it: {ESCAPED}</div>" in html

    def test_the_sign_form_opened_and_refused(self, hostile_signer):
        opened = SignForm(signer=hostile_signer)
        refused = SignForm({"typed_name": HOSTILE}, signer=hostile_signer)
        assert not refused.is_valid()
        for form in (opened, refused):
            html = fields_html(form)
            assert same_markup(html) == same_markup(old_fields(form))
            assert_escaped(html)
            assert f"As on your profile: Morgan {ESCAPED}." in html
        html = fields_html(refused)
        assert f'name="typed_name" value="{ESCAPED}"' in html
        assert 'autocomplete="name"' in html
        assert '<div id="div_sign_consent" class="form-check">' in html
        assert 'id="sign_consent_error" class="invalid-feedback d-block"' in html


def test_a_fields_pieces_are_escaped_as_conditional_escape_escapes_them():
    for value in (HOSTILE, format_html("<b>{}</b>", HOSTILE), gettext_lazy("<i>Lazy</i> & co"), 3, None, ""):
        assert _escaped(value) == conditional_escape(value)


def test_the_guidance_is_the_templates_markup_with_the_chairs_text_escaped(program):
    default = ProgramGuidance(program=program)
    chairs = ProgramGuidance(
        program=program, title=HOSTILE, steps=f"{HOSTILE}\n{HOSTILE}\n\nListen.", good_coaches=HOSTILE
    )
    for guidance in (default, chairs):
        old = Template(OLD_GUIDANCE).render(Context({"guidance": guidance}))
        assert same_markup(guidance_html(guidance)) == same_markup(old)
    html = guidance_html(chairs)
    assert_escaped(html)
    assert f'id="guidance-title">{ESCAPED}</h2>' in html
    assert f'<li class="mb-2"><strong>{ESCAPED}</strong> {ESCAPED}</li>' in html


def test_the_signatures_are_the_templates_markup_in_the_readers_time_zone(agreement, mentor, mentee):
    at = dt.datetime(2025, 3, 3, 23, 30, tzinfo=dt.UTC)
    signatures = [
        Signature(agreement=agreement, signer=mentor, role="mentor", typed_name=HOSTILE, signed_at=at,
                  agreement_version=12, content_sha256="x"),
        Signature(agreement=agreement, signer=mentee, role="mentee", typed_name="Avery Mentee", signed_at=at,
                  agreement_version=12, content_sha256="x"),
    ]  # fmt: skip
    with timezone.override("America/Los_Angeles"):
        html = signatures_html(signatures)
        old = Template(OLD_SIGNATURES).render(Context({"signatures": signatures}))
    assert same_markup(html) == same_markup(old)
    assert_escaped(html)
    assert f"Mentor: <strong>{ESCAPED}</strong> signed version" in html
    assert '<time datetime="2025-03-03T15:30:00-08:00">March 3, 2025, 3:30 PM</time>' in html
    assert signatures_html([]) == ""


def test_the_page_keeps_its_form_labels_and_error_summary(client, mentor, agreement):
    client.force_login(mentor)
    url = reverse("agreements:agreement", args=[agreement.pairing_id])
    page = client.get(url).content.decode()
    assert "data-agreement-form" in page and "data-error-summary" not in page
    assert '<label for="id_duration" class="form-label">' in page
    assert '<label for="sign_typed_name" class="form-label">Type your full name to sign' in page
    assert ">Save without signing</button>" in page and ">Save and sign</button>" in page
    refused = client.post(reverse("agreements:sign", args=[agreement.pairing_id]), form_data(agreement, duration=""))
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "3 problems to fix before this can be saved" in page
    for target in ("id_duration", "sign_typed_name", "sign_consent"):
        assert f'href="#{target}" data-focus="{target}"' in page
        assert f'id="{target}_error" class="invalid-feedback d-block"' in page


def test_the_read_only_items_and_fixed_clauses_are_the_templates_markup_with_typed_text_escaped(hostile_agreement):
    content = agreement_content(hostile_agreement)
    content["items"][1]["text"] = f"{HOSTILE}\r\nsecond line"
    old = Template(OLD_ITEMS + "\n" + OLD_FIXED_CLAUSES).render(Context({"content": content}))
    html = items_html(content)
    assert same_markup(html) == same_markup(old)
    assert_escaped(html)
    assert f"<dd>{ESCAPED}<br>second line</dd>" in html
    assert "<dd>—</dd>" in html  # an empty item
    clauses = Template(OLD_FIXED_CLAUSES).render(Context({"content": content}))
    assert same_markup(FIXED_CLAUSES_HTML) == same_markup(clauses)


@pytest.mark.parametrize("in_group", [False, True])
@pytest.mark.parametrize("can_sign", [False, True])
def test_the_signing_state_is_the_templates_markup_with_names_escaped(agreement, mentor, mentee, in_group, can_sign):
    mentor.full_name = f"Morgan {HOSTILE}"
    parties = [(mentor.full_name, "Mentor", mentor.pk), ("Avery Mentee", "Mentee", mentee.pk)]
    if in_group:
        parties.append((HOSTILE, "Mentee", -1))
    sign(agreement, mentor)
    state = signing_state(parties, list(Signature.objects.filter(agreement=agreement)), mentee.pk)
    assert state.readers_turn
    group = agreement.pairing if in_group else None  # anything truthy stands for the group
    old = Template(OLD_SIGNING_STATE).render(
        Context({"state": state, "group": group, "sign_form": object() if can_sign else None})
    )
    html = signing_state_html(state, group=group, can_sign=can_sign)
    assert same_markup(html) == same_markup(old)
    assert_escaped(html)
    assert ('href="#sign-title">sign below</a>' in html) is can_sign
    assert (f"Mentee: <strong>{ESCAPED}</strong>, not signed yet" in html) is in_group


def test_the_guidelines_are_the_resources_templates_markup_with_their_text_escaped(association):
    listed = [
        ResourceFactory(association=association, kind=Resource.Kind.GUIDELINE, title=HOSTILE, summary=HOSTILE),
        ResourceFactory(association=association, kind=Resource.Kind.GUIDELINE, title="Listening", summary=""),
    ]
    html = guidelines_html(listed)
    assert html == render_to_string("resources/_guidelines.html", {"resources": listed})
    assert_escaped(html)
    assert f'<a href="{listed[0].get_absolute_url()}">{ESCAPED}</a>' in html
    assert guidelines_html([]) == ""


def test_each_agreement_form_has_its_own_choice_fields_sharing_the_vocabularys_choices(agreement):
    first, second = AgreementForm(instance=agreement), AgreementForm(instance=agreement)
    for name in ("frequency", "contact_forms", "roles"):
        declared, mine, theirs = AgreementForm.base_fields[name], first.fields[name], second.fields[name]
        assert mine is not theirs and mine.widget is not theirs.widget and mine.widget is not declared.widget
        assert list(mine.choices) == list(declared.choices) and list(mine.widget.choices) == list(declared.choices)
        mine.help_text, mine.widget.attrs["data-x"] = "Mine", "1"
        mine.error_messages["required"] = "Mine"
        assert theirs.help_text != "Mine" and declared.help_text != "Mine"
        assert "data-x" not in theirs.widget.attrs and "data-x" not in declared.widget.attrs
        assert theirs.error_messages["required"] != "Mine" != declared.error_messages["required"]
    assert first.fields["frequency"].widget.attrs["class"] == "form-select"  # PlainFields' class, on the copy
    assert "class" not in AgreementForm.base_fields["frequency"].widget.attrs


class OtherWidgets(PlainFields, forms.Form):
    """Widgets the agreement's forms do not use, which fields_html writes all the same (or leaves to Django)."""

    radio = forms.ChoiceField(choices=[("a", HOSTILE), ("b", "B")], widget=forms.RadioSelect, help_text=HOSTILE)
    grouped = forms.MultipleChoiceField(
        choices=[("Group", [("x", "X"), ("y", "Y")]), ("z", "Z")], widget=forms.CheckboxSelectMultiple
    )
    grouped_select = forms.ChoiceField(choices=[("Group", [("x", "X")]), ("z", "Z")])
    number = forms.IntegerField(required=False)
    when = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    agree = forms.BooleanField(required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"radio": "a", "grouped": ["y", "z"], "grouped_select": "x", "number": "7", "when": "2025-03-03", "agree": "1"},
        {"radio": HOSTILE, "grouped": [HOSTILE], "number": HOSTILE, "when": HOSTILE},
    ],
)
def test_other_widgets_are_the_templates_markup(data):
    form = OtherWidgets(data, initial={"radio": "b", "grouped": ["x"], "number": 3})
    form.is_valid()
    html = fields_html(form)
    assert same_markup(html) == same_markup(old_fields(form))
    assert_escaped(html)


def test_a_chairs_edit_of_the_guidance_shows_on_the_next_page(client, mentee, pairing):
    client.force_login(mentee)
    url = reverse("agreements:agreement", args=[pairing.pk])
    assert 'id="guidance-title">How to create a great coaching relationship</h2>' in client.get(url).content.decode()
    guidance = ProgramGuidance.objects.create(program=pairing.program, title="Our way", good_coaches="Listen well")
    page = client.get(url).content.decode()
    assert 'id="guidance-title">Our way</h2>' in page and "<li>Listen well</li>" in page
    guidance.title = HOSTILE
    guidance.save()
    assert f'id="guidance-title">{ESCAPED}</h2>' in client.get(url).content.decode()
