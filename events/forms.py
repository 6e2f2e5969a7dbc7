from __future__ import annotations

from django import forms

from events.models import CODE_LENGTH


class CheckInForm(forms.Form):
    code = forms.CharField(
        label="Check-in code",
        max_length=CODE_LENGTH + 4,  # room for the spaces or dash someone types between the halves
        help_text="The code shown at the door, e.g. 7KQ4 M2XP.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
