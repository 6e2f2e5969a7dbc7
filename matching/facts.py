"""What the scorer reads about each person: the plain facts of a mentor and a mentee, the vocabularies their
answers come from, and the few readers of them (normalised names, labels, experience bands) that the scorer,
the gallery's index and the reference share, so all of them read a person the same way. No Django here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Mirrors applications.vocabulary.Frequency; the order matters: it is the ordinal scale.
FREQUENCIES: tuple[str, ...] = ("monthly", "every_other_month", "quarterly", "semi_annually")
# Mirrors applications.vocabulary.ContactForm.
CONTACT_FORMS: tuple[str, ...] = ("in_person", "phone", "video", "email")
CAREER_STAGES: tuple[str, ...] = ("student", "early_career", "mid_career", "aspiring_manager")

# Lower bounds of the mentor experience bands: 0-4, 5-9, 10-19 and 20+ years.
EXPERIENCE_BANDS: tuple[int, ...] = (0, 5, 10, 20)
# Mirrors applications.vocabulary.Expertise.OTHER: an area the applicant names in words.
OTHER_AREA = "other"


@dataclass(frozen=True)
class MentorFacts:
    key: int  # the application's id
    person: int  # the applicant's user id: nobody mentors themselves
    organization: str
    city: str
    region: str
    expertise: tuple[str, ...]  # their three strongest areas, e.g. "finance"
    frequency: str  # one of FREQUENCIES, or "" when not given
    contact_forms: frozenset[str]  # a subset of CONTACT_FORMS
    statement: str  # why they mentor and how their experience helps
    years_experience: int
    jurisdiction_type: str = ""
    jurisdiction_size: str = ""
    capacity: int = 1
    mentored_before: str = ""  # their experience of mentoring, in words
    expertise_other: str = ""  # the "Other" area's text, when `expertise` holds OTHER_AREA

    def __post_init__(self) -> None:
        # Nonsense here would not fail later: a negative capacity or experience would just score or place oddly.
        if self.capacity < 0 or self.years_experience < 0:
            raise ValueError(f"mentor {self.key}: capacity and years of experience must be >= 0")


@dataclass(frozen=True)
class MenteeFacts:
    key: int
    person: int
    organization: str
    city: str
    region: str
    wanted: tuple[str, ...]  # up to three areas they want help in
    frequency: str
    contact_forms: frozenset[str]
    goals: str  # what they hope to gain
    preferences: str  # about the mentor's traits: not compared as text
    career_stage: str  # one of CAREER_STAGES, or ""
    jurisdiction_type: str = ""
    jurisdiction_size: str = ""
    interest: str = ""  # their interest in public service, in words
    wanted_other: str = ""  # the "Other" area's text, when `wanted` holds OTHER_AREA


def label_for(value: str, labels: Mapping[str, str] | None = None) -> str:
    if labels and value in labels:
        return labels[value]
    return value.replace("_", " ").title()


def normalise(text: str) -> str:
    """Case- and space-insensitive form of a place or organization name."""
    return " ".join(text.split()).casefold()


def experience_band(years: int) -> int:
    return sum(1 for lower in EXPERIENCE_BANDS[1:] if years >= lower)


def check_vocabulary(mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]) -> None:
    """Fail loudly on a value outside the vocabularies: a silent 0 would hide a bad import."""
    people: list[MentorFacts | MenteeFacts] = [*mentors, *mentees]
    for facts in people:
        if facts.frequency and facts.frequency not in FREQUENCIES:
            raise ValueError(f"unknown frequency {facts.frequency!r} (key {facts.key})")
        unknown_forms = set(facts.contact_forms) - set(CONTACT_FORMS)
        if unknown_forms:
            raise ValueError(f"unknown contact forms {sorted(unknown_forms)} (key {facts.key})")
    for mentee in mentees:
        if mentee.career_stage and mentee.career_stage not in CAREER_STAGES:
            raise ValueError(f"unknown career stage {mentee.career_stage!r} (key {mentee.key})")
