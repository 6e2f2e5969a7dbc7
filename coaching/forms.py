"""The participants' forms (a coach's sign-up, a learner's registration with ranked wishes, feedback) and the door's
(a walk-in, a re-plan). They turn input into domain values; coaching.services decides and refuses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from agreements.forms import form_helper
from applications.vocabulary import Expertise
from coaching.models import MAX_WISHES, CoachSignup, Session

RANK_WORDS = ("First", "Second", "Third", "Fourth", "Fifth")


def _areas(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=Expertise.choices, widget=forms.CheckboxSelectMultiple, required=False, label=label
    )


class CoachSignupForm(forms.Form):
    areas = _areas("Your areas of strength")
    rounds = forms.TypedMultipleChoiceField(
        coerce=int, widget=forms.CheckboxSelectMultiple, label="The rounds you can do", required=True
    )

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rounds"].choices = [(r, f"Round {r}, {time}") for r, time in round_times(session)]
        self.fields["rounds"].error_messages["required"] = "Choose at least one round you can do."
        self.helper = form_helper()


def round_times(session: Session) -> list[tuple[int, str]]:
    """Each round with its start time in the session's time zone, e.g. (2, "9:10 AM")."""
    return [
        (r, f"{session.round_starts_at(r).astimezone(session.time_zone):%-I:%M %p}") for r in session.round_numbers()
    ]


class CoachChoice(forms.ModelChoiceField):
    def label_from_instance(self, coach: CoachSignup) -> str:
        return coach.name


class LearnerRegistrationForm(forms.Form):
    areas = _areas("Areas you want to talk about")

    def __init__(self, *args: Any, coaches: QuerySet[CoachSignup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, word in enumerate(RANK_WORDS[:MAX_WISHES], start=1):
            self.fields[f"wish_{index}"] = CoachChoice(
                queryset=coaches,
                required=False,
                label=f"{word} choice",
                empty_label="(no coach)",
                error_messages={"invalid_choice": "Choose a coach signed up for this session."},
            )
        self.helper = form_helper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        wishes: list[CoachSignup] = []
        for index in range(1, MAX_WISHES + 1):
            coach = cleaned.get(f"wish_{index}")
            if coach is None:
                continue
            if coach in wishes:
                self.add_error(f"wish_{index}", "You named this coach already; name each coach once.")
            else:
                wishes.append(coach)
        cleaned["wishes"] = wishes
        return cleaned

    @staticmethod
    def initial_for(areas: list[str], wished: list[CoachSignup]) -> dict[str, Any]:
        return {"areas": areas, **{f"wish_{rank}": coach.pk for rank, coach in enumerate(wished, start=1)}}


class WalkInForm(forms.Form):
    name = forms.CharField(max_length=200, label="Walk-in's name")
    areas = _areas("Areas they want to talk about")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="walk_in", **kwargs)
        self.helper = form_helper()


class ReplanForm(forms.Form):
    kept_through = forms.TypedChoiceField(
        coerce=int,
        label="Keep every seat up to and including",
        help_text="The round under way and those before it stay exactly as they are.",
    )
    confirm = forms.BooleanField(
        label="Yes, re-plan the rounds after it: learners there may get a different coach.",
        error_messages={"required": "Tick the box to confirm the re-plan."},
    )

    def __init__(self, *args: Any, session: Session, under_way: int, **kwargs: Any) -> None:
        super().__init__(*args, prefix="replan", **kwargs)
        field = self.fields["kept_through"]
        field.choices = [(0, "No round yet (re-plan them all)")] + [
            (r, f"Round {r}, {time}") for r, time in round_times(session) if r < session.rounds
        ]
        field.initial = min(under_way, session.rounds - 1)
        self.helper = form_helper()


class FeedbackForm(forms.Form):
    """Per coach met: was it useful (yes/no) and a short comment."""

    def __init__(self, *args: Any, coaches: list[CoachSignup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.coaches = coaches
        for coach in coaches:
            self.fields[f"useful_{coach.pk}"] = forms.TypedChoiceField(
                choices=[("yes", "Yes"), ("no", "No")],
                coerce=lambda value: value == "yes",
                widget=forms.RadioSelect,
                label=f"Was your conversation with {coach.name} useful?",
            )
            self.fields[f"comment_{coach.pk}"] = forms.CharField(
                required=False, max_length=300, label=f"A short comment on {coach.name} (optional)"
            )
        self.helper = form_helper()

    def answers(self) -> dict[int, tuple[bool, str]]:
        data = self.cleaned_data
        return {coach.pk: (data[f"useful_{coach.pk}"], data[f"comment_{coach.pk}"]) for coach in self.coaches}


class OngoingRequestForm(forms.Form):
    message = forms.CharField(
        max_length=2000,
        label="A note to the coach",
        initial="Thank you for our conversation at the speed coaching session. Would you be my coach?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper()
