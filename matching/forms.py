import copy
import functools

from django import forms
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from applications.vocabulary import Expertise, Frequency
from matching.models import MatchRun


class KeptChoiceField(forms.ChoiceField):
    """A ChoiceField whose copies share its list of choices, which is only ever replaced whole, never changed in
    place. A form deep-copies its fields on each request, and ChoiceField copies and re-normalises every choice
    (twice: the field's and its widget's): for the gallery's forty areas, more than the rest of the form took."""

    def __deepcopy__(self, memo):
        result = copy.copy(self)
        memo[id(self)] = result
        result.widget = copy.copy(self.widget)  # its choices: the same list as the field's, shared as well
        result.widget.attrs = self.widget.attrs.copy()
        result.error_messages = self.error_messages.copy()
        result.validators = self.validators[:]
        return result


class GalleryFilterForm(forms.Form):
    expertise = KeptChoiceField(choices=[("", "Any area"), *Expertise.choices], required=False, label="Expertise")
    region = KeptChoiceField(choices=[("", "Any region")], required=False, label="Region")
    frequency = KeptChoiceField(choices=[("", "Any frequency"), *Frequency.choices], required=False)

    def __init__(self, *args, regions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Any region"), *((r, r) for r in regions)]

    @cached_property
    def options(self) -> dict[str, SafeString]:
        """Each select's <option> tags, the chosen one selected: built here in one call per select, since the
        template engine spends milliseconds on the forty options of the busiest page."""
        return {name: _options(tuple(self.fields[name].choices), str(self[name].value() or "")) for name in self.fields}


@functools.lru_cache(maxsize=512)
def _options(choices: tuple[tuple[str, str], ...], chosen: str) -> SafeString:
    """A pure function of its arguments, so kept: the same choices and choice give the same tags."""
    marked = ((value, " selected" if value == chosen else "", label) for value, label in choices)
    return format_html_join("", '<option value="{}"{}>{}</option>', marked)


class RequestForm(forms.Form):
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        label="A short message to the mentor",
        help_text="Say who you are and what you hope to work on together.",
    )


class AnswerForm(forms.Form):
    ACTIONS = [("accept", "Accept"), ("decline", "Decline"), ("ask", "Ask for more information")]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect, label="Your answer")
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label="Message to the mentee",
        help_text="Required when you ask for more information.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "ask" and not cleaned.get("message", "").strip():
            self.add_error("message", "Write the question you want the mentee to answer.")
        return cleaned


class ReplyForm(forms.Form):
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label="Your answer")


class MatchRunForm(forms.ModelForm):
    """The chair's match run (admin): refuses several mentors per mentee where the program or the fairness chosen
    cannot have them, the reason on the field (MatchRun.teams_refusal, which a solve also reads)."""

    class Meta:
        model = MatchRun
        fields = ["program", *MatchRun.WEIGHT_FIELDS, "fairness", "teams", "objective", "min_score"]

    def clean(self):
        cleaned = super().clean()
        program = cleaned.get("program") or getattr(self.instance, "program", None)
        if program is None:
            return cleaned  # the program's own error says what to do
        teams, fairness = cleaned.get("teams", self.instance.teams), cleaned.get("fairness", self.instance.fairness)
        candidate = MatchRun(program=program, teams=teams, fairness=fairness)
        for field, message in candidate.teams_refusal().items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned
