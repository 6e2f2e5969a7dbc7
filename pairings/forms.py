"""The forms of the relationship: a check-in, a pulse answer, an event attended, ending, feedback, a new match."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from agreements.forms import form_helper
from applications.vocabulary import ContactForm
from mentorship.plain_forms import PlainFields
from pairings.models import EventAttendance


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
        self.helper = form_helper()


class RematchForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=2000,
        label="Anything the chair should know for your next match (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class CheckInForm(PlainFields, forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Date")
    form = forms.ChoiceField(choices=ContactForm.choices, label="How you met")
    minutes = forms.IntegerField(min_value=5, max_value=600, label="Length (minutes)", initial=60)
    note = forms.CharField(
        required=False,
        max_length=5000,
        label="Private note (only the two of you see it)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_date(self) -> dt.date:
        # On the date field, where the person looks, not over the form (checkins.checkin_log refuses it too).
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("A check-in cannot be in the future.", code="future")
        return date


class GroupCheckInForm(CheckInForm):
    """A check-in logged on a group's page: its note is read by every member of the group."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].label = "Private note (only the group's members see it)"


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
        self.helper = form_helper()


class EventForm(PlainFields, forms.Form):
    kind = forms.ChoiceField(choices=EventAttendance.Kind.choices, label="Kind of event")
    name = forms.CharField(max_length=200, label="Event name")
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Date attended")


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
        self.helper = form_helper()
