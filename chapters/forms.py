from __future__ import annotations

from django import forms
from django.utils import timezone

from chapters.models import ChapterOffer


class OfferForm(forms.ModelForm):
    kind = forms.ChoiceField(choices=ChapterOffer.Kind.choices, widget=forms.RadioSelect, label="What you offer")

    class Meta:
        model = ChapterOffer
        fields = ["kind", "message", "suggested_dates"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}
        labels = {"message": "A message to the chapter", "suggested_dates": "Dates you suggest"}


class ScheduleForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), help_text="Local time at the place.")
    place = forms.CharField(
        max_length=300, label="Place or online link", help_text="An address, a room, or a video meeting link."
    )
    reply = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        label="A note to the manager (optional)",
    )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < timezone.localdate():
            raise forms.ValidationError("Choose a date from today on.")
        return date


class DeclineForm(forms.Form):
    reply = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        label="A note to the manager (optional)",
    )
