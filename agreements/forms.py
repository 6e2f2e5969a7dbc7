"""The agreement form and the signing form."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms

from accounts.models import User
from agreements import wording
from agreements.content import names_match
from agreements.models import Agreement
from agreements.services import EDITABLE_FIELDS, AgreementConflict
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


class AgreementForm(PlainFields, forms.ModelForm):
    """The items the pair fills in together. `version` is the version the partner was looking at."""

    frequency = forms.ChoiceField(choices=[("", "—"), *Frequency.choices], label=wording.ITEM_LABELS["frequency"])
    contact_forms = forms.MultipleChoiceField(
        choices=ContactForm.choices, widget=forms.CheckboxSelectMultiple, label=wording.ITEM_LABELS["contact_forms"]
    )
    roles = forms.MultipleChoiceField(
        choices=MentorRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=wording.ITEM_LABELS["roles"],
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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

    def show_conflict(self, conflict: AgreementConflict, saved: dict[str, Any]) -> None:
        """Another party saved first: keep the person's text, aim it at the saved version (saving again is then a
        deliberate choice), name who saved, and show their text under each item where it differs."""
        self.data = self.data.copy()
        self.data["version"] = str(conflict.version)
        texts = {name: item["text"] for (name, _label, _hint), item in zip(wording.ITEMS, saved["items"], strict=True)}
        who = conflict.editor.get_short_name() if conflict.editor is not None else "the other party"
        for name in conflict.fields:
            hint = f"Version {conflict.version}, as {who} saved it: {texts[name] or '(empty)'}"
            self.fields[name].help_text = self[name].help_text = hint  # the bound field keeps its own copy
        labels = ", ".join(str(self.fields[name].label) for name in conflict.fields)
        self.add_error(
            None,
            f"{conflict} Nothing was saved or signed. Your text is kept below; under {labels} you can read "
            f"{who}'s. Save again to replace their version with yours, or reload the page to start from theirs.",
        )


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
