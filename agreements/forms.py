"""The agreement form, the signing form, and the forms that end a relationship or ask for a new match."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms

from accounts.models import User
from agreements import wording
from agreements.content import names_match
from agreements.models import Agreement, EventAttendance
from agreements.services import EDITABLE_FIELDS
from applications.vocabulary import ContactForm, Frequency, MentorRole


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def _clean_text(value: str) -> str:
    # Browsers send CRLF; the signed content (and its hash) must not depend on the browser.
    return value.replace("\r\n", "\n").strip()


class AgreementForm(forms.ModelForm):
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
        self.helper = _helper()

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


class SignForm(forms.Form):
    typed_name = forms.CharField(
        max_length=150,
        label="Type your full name to sign",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    consent = forms.BooleanField(
        label="I agree to sign this Statement of Mutual Understanding electronically, and that typing my name "
        "is my signature."
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, signer: User, version: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "sign_%s")  # shares a page with the agreement form: ids must differ
        super().__init__(*args, **kwargs)
        self.signer = signer
        typed_name = self.fields["typed_name"]
        typed_name.help_text = f"As on your profile: {signer.full_name}. Capitals and spacing don't count."
        self.fields["version"].initial = version
        self.helper = _helper()

    def clean_typed_name(self) -> str:
        typed = self.cleaned_data["typed_name"]
        if not names_match(typed, self.signer.full_name):
            raise forms.ValidationError(
                f"This does not match the name on your profile. Type it as: {self.signer.full_name}.",
                code="name_mismatch",
            )
        return typed


class EndForm(forms.Form):
    thanks = forms.CharField(
        required=False,
        max_length=2000,
        label="A note of thanks to your partner (optional)",
        help_text="Sent to your partner by email. Give thanks for whatever you have gained together.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(
        required=False,
        max_length=2000,
        label="Why the relationship is ending (optional, private to the chair)",
        help_text="Only the mentorship chair reads this. Your partner never sees it.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class RematchForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=2000,
        label="Anything the chair should know for your next match (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class CheckInForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Date")
    form = forms.ChoiceField(choices=ContactForm.choices, label="How you met")
    minutes = forms.IntegerField(min_value=5, max_value=600, label="Length (minutes)", initial=60)
    note = forms.CharField(
        required=False,
        max_length=5000,
        label="Private note (only the two of you see it)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class PulseForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[(n, label) for n, label in [(1, "1 (not well)"), (2, "2"), (3, "3"), (4, "4"), (5, "5 (very well)")]],
        coerce=int,
        widget=forms.RadioSelect,
        label="How is your mentorship going?",
    )
    comment = forms.CharField(
        required=False,
        max_length=2000,
        label="Anything to add? (optional; the chair sees only your score)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class EventForm(forms.Form):
    kind = forms.ChoiceField(choices=EventAttendance.Kind.choices, label="Kind of event")
    name = forms.CharField(max_length=200, label="Event name")
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Date attended")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        label="How good a match was this, from 1 (poor) to 5 (excellent)?",
    )
    comments = forms.CharField(
        required=False,
        max_length=3000,
        label="Why did it end, and what would have made it better? (for the chair)",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()
