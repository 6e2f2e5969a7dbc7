"""The agreement form and the signing form."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms

from accounts.models import User
from agreements import wording
from agreements.content import names_match
from agreements.models import Agreement
from agreements.services import EDITABLE_FIELDS
from applications.vocabulary import ContactForm, Frequency, MentorRole
from mentorship.plain_forms import PlainFields


def form_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def _clean_text(value: str) -> str:
    # Browsers send CRLF; the signed content (and its hash) must not depend on the browser.
    return value.replace("\r\n", "\n").strip()


class SharedChoices:
    """A choice field whose choices are the vocabulary's constants: each form's copy of it (Django deep-copies every
    field for every form made) shares the choices, which nothing changes in place, rather than copying them and
    normalising them again for the field and its widget. The rest is copied as Field.__deepcopy__ copies it."""

    def __deepcopy__(self, memo: dict[int, Any]) -> SharedChoices:
        result = copy.copy(self)
        memo[id(self)] = result
        result.widget = copy.copy(self.widget)
        result.widget.attrs = self.widget.attrs.copy()
        result.error_messages = self.error_messages.copy()
        result.validators = self.validators[:]
        return result


class SharedChoiceField(SharedChoices, forms.ChoiceField):
    pass


class SharedMultipleChoiceField(SharedChoices, forms.MultipleChoiceField):
    pass


class AgreementForm(PlainFields, forms.ModelForm):
    """The items the pair fills in together. `version` is the version the partner was looking at."""

    frequency = SharedChoiceField(choices=[("", "—"), *Frequency.choices], label=wording.ITEM_LABELS["frequency"])
    contact_forms = SharedMultipleChoiceField(
        choices=ContactForm.choices, widget=forms.CheckboxSelectMultiple, label=wording.ITEM_LABELS["contact_forms"]
    )
    roles = SharedMultipleChoiceField(
        choices=MentorRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=wording.ITEM_LABELS["roles"],
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Each item's fingerprint as the page showed it: after a conflict it tells the person's changes from the other's.
    base = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Agreement
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "confidentiality": forms.Textarea(attrs={"rows": 3}),
            "additional_points": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label, hint in wording.ITEMS:
            self.fields[name].label = label
            self.fields[name].help_text = hint
        self.fields["duration"].required = True
        self.fields["version"].initial = self.instance.version
        self.fields["base"].initial = _base_of(self.instance)

    def clean_confidentiality(self) -> str:
        return _clean_text(self.cleaned_data["confidentiality"])

    def clean_duration(self) -> str:
        return _clean_text(self.cleaned_data["duration"])

    def clean_mentor_time(self) -> str:
        return _clean_text(self.cleaned_data["mentor_time"])

    def clean_additional_points(self) -> str:
        return _clean_text(self.cleaned_data["additional_points"])

    def clean_contact_forms(self) -> list[str]:
        chosen = set(self.cleaned_data["contact_forms"])
        return [value for value in ContactForm.values if value in chosen]  # one order, whatever the browser sent

    def clean_roles(self) -> list[str]:
        chosen = set(self.cleaned_data["roles"])
        return [value for value in MentorRole.values if value in chosen]

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}

    def over_newer_version(self, saved: Agreement, editor: User | None, content: dict[str, Any]) -> AgreementForm:
        """Another party saved `saved` while the person edited: the form again, aimed at `saved` (saving again is a
        deliberate choice), with the other's changes taken in where the person left the item alone and the
        person's own changes kept; where both changed an item, the other's text is shown under it. `base` (each
        item's fingerprint as the person opened it) tells who changed what; without it every differing item counts
        as changed by both."""
        base = _read_base(self.data.get("base", ""))
        differing = {
            name
            for name in EDITABLE_FIELDS
            if _fingerprint(getattr(saved, name)) != _fingerprint(self.cleaned_data[name])
        }
        if base is None:
            theirs = mine = differing
        else:
            theirs = {name for name in differing if base.get(name) != _fingerprint(getattr(saved, name))}
            mine = {name for name in differing if base.get(name) != _fingerprint(self.cleaned_data[name])}
        data = self.data.copy()
        for name in theirs - mine:
            value = getattr(saved, name)
            if isinstance(value, list):
                data.setlist(name, value)
            else:
                data[name] = value
        data["version"], data["base"] = str(saved.version), _base_of(saved)
        form = AgreementForm(data, instance=Agreement.objects.get(pk=saved.pk))
        form.is_valid()
        who = editor.get_short_name() if editor is not None else "the other party"
        texts = {
            name: item["text"] for (name, _label, _hint), item in zip(wording.ITEMS, content["items"], strict=True)
        }
        for name in theirs & mine:
            hint = f"Version {saved.version}, as {who} saved it: {texts[name] or '(empty)'}"
            form.fields[name].help_text = form[name].help_text = hint  # the bound field keeps its own copy
        form.add_error(None, _conflict_message(form, saved, editor, sorted_items(theirs), sorted_items(theirs & mine)))
        return form


def sorted_items(names: set[str]) -> list[str]:
    return [name for name in EDITABLE_FIELDS if name in names]


def _conflict_message(
    form: AgreementForm, saved: Agreement, editor: User | None, theirs: list[str], both: list[str]
) -> str:
    who = editor.full_name if editor is not None else "Someone"
    label = lambda names: ", ".join(str(form.fields[name].label) for name in names)  # noqa: E731
    changed = f": {who.split(' ')[0]} changed {label(theirs)}" if theirs else ""
    message = f"{who} saved version {saved.version} while you were editing{changed}. Nothing was saved or signed. "
    message += "Their changes are now in the form below, with yours. " if set(theirs) - set(both) else ""
    if both:
        message += f"You both changed {label(both)}: your text is kept, theirs is shown under it. "
    return message + "Read it through, then save or sign again."


def _fingerprint(value: Any) -> str:
    return hashlib.sha256(json.dumps(value).encode()).hexdigest()[:16]


def _base_of(agreement: Agreement) -> str:
    return json.dumps({name: _fingerprint(getattr(agreement, name)) for name in EDITABLE_FIELDS})


def _read_base(text: str) -> dict[str, str] | None:
    try:
        base = json.loads(text)
    except ValueError:
        return None
    return base if isinstance(base, dict) else None


class SignForm(PlainFields, forms.Form):
    typed_name = forms.CharField(
        max_length=150,
        label="Type your full name to sign",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    consent = forms.BooleanField(
        label="I agree to sign this Statement of Mutual Understanding electronically, and that typing my name "
        "is my signature."
    )

    def __init__(self, *args: Any, signer: User, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "sign_%s")  # shares a form with the agreement's items: ids must differ
        super().__init__(*args, **kwargs)
        self.signer = signer
        typed_name = self.fields["typed_name"]
        typed_name.help_text = f"As on your profile: {signer.full_name}. Capitals and spacing don't count."

    def clean_typed_name(self) -> str:
        typed = self.cleaned_data["typed_name"]
        if not names_match(typed, self.signer.full_name):
            raise forms.ValidationError(
                f"This does not match the name on your profile. Type it as: {self.signer.full_name}.",
                code="name_mismatch",
            )
        return typed
