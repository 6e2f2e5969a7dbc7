"""Plain reasons for one pair's score, in words for the chair and the mentee (the proposals, the gallery): at most
five short sentences, each naming the shared areas or facts behind a part of the score that counted.

They read the same facts and text the scorer reads (`matching.facts`, `matching.text_similarity`). What they wrote is
named only by whole words that say something (a shared "city budget", "housing"), never by the function words and
everyday words any two applications share ("someone", "candid", "learn"); with nothing worth naming, the texts are
said to be close in meaning when the text component is high (as it is by meaning, `matching.semantic`), else no
reason is given for it. No Django here.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from itertools import pairwise

from matching.components import colocated
from matching.facts import CONTACT_FORMS, MenteeFacts, MentorFacts, label_for, normalise
from matching.text_similarity import EVERYDAY_WORDS, STOP_WORDS, mentee_document, mentor_document

MAX_REASONS = 5
MAX_TERMS = 3
# A word names a topic when it is letters only, this long or longer, and not an everyday word of applications.
MIN_TERM_LENGTH = 4
# A text component this high with no shared word worth naming still says something: the texts mean alike.
CLOSE_IN_MEANING = 0.5
WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")  # an apostrophe or a hyphen may join a word


# What a mentee did to wish for a mentor (matching.selectors.pool_wishes reads them).
FAVOURITE, ASKED = "favourite", "asked"

# How each way to meet reads after "Both can meet".
MEETING_WAYS = {"in_person": "in person", "phone": "by phone", "video": "by video", "email": "by email"}


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def shared_forms(mentor: MentorFacts, mentee: MenteeFacts) -> list[str]:
    together = colocated([mentor], [mentee])[0, 0]
    return [
        form
        for form in CONTACT_FORMS
        if form in mentee.contact_forms and form in mentor.contact_forms and (form != "in_person" or together)
    ]


def _is_term(word: str) -> bool:
    return len(word) >= MIN_TERM_LENGTH and word not in STOP_WORDS and word not in EVERYDAY_WORDS


def _phrases(text: str) -> list[str]:
    """The text's topic words and, where two stand side by side, the pair of them ("city budget")."""
    words = [word.casefold() for word in WORD_RE.findall(text)]
    terms = [word if _is_term(word) else "" for word in words]
    pairs = [f"{a} {b}" for a, b in pairwise(terms) if a and b]
    return [*pairs, *(term for term in terms if term)]


def shared_terms(mentor: MentorFacts, mentee: MenteeFacts, labels: Mapping[str, str] | None = None) -> list[str]:
    """Up to three whole terms both wrote, two-word ones first, none repeating a word already named."""
    mentor_phrases = set(_phrases(mentor_document(mentor, labels)))
    shared = [phrase for phrase in _phrases(mentee_document(mentee)) if phrase in mentor_phrases]
    ranked = sorted(dict.fromkeys(shared), key=lambda phrase: (-phrase.count(" "), -shared.count(phrase), phrase))
    chosen: list[str] = []
    named: set[str] = set()
    for phrase in ranked:
        words = set(phrase.split())
        if words & named:
            continue
        chosen.append(phrase)
        named |= words
        if len(chosen) == MAX_TERMS:
            break
    return chosen


def _place(mentor: MentorFacts, mentee: MenteeFacts) -> str:
    if mentor.region.strip() and normalise(mentor.region) == normalise(mentee.region):
        return mentee.region.strip()
    either_blank = not (mentor.region.strip() and mentee.region.strip())
    if either_blank and mentee.city.strip() and normalise(mentor.city) == normalise(mentee.city):
        return mentee.city.strip()
    return ""


def _where(mentor: MentorFacts, mentee: MenteeFacts, components: Mapping[str, float], labels) -> str | None:
    """Both work in one place, or at the same kind and size of agency: one sentence for all of it."""
    parts = []
    if "contact" in components or "local_government" in components:
        place = _place(mentor, mentee)
        if place:
            parts.append(f"in {place}")
    if "local_government" in components:
        for attribute, what in (("jurisdiction_type", "kind of agency"), ("jurisdiction_size", "community size")):
            value = getattr(mentee, attribute)
            if value.strip() and value != "other" and normalise(value) == normalise(getattr(mentor, attribute)):
                parts.append(f"the same {what} ({label_for(value, labels)})")
    if not parts:
        return None
    places = [part for part in parts if part.startswith("in ")]
    alike = [part for part in parts if not part.startswith("in ")]
    sentence = "Both work " + " ".join(places) if places else "Both have"
    if alike:
        sentence += (", with " if places else " ") + _join(alike)
    return f"{sentence}."


def _frequency(mentor: MentorFacts, mentee: MenteeFacts, components: Mapping[str, float], labels) -> str | None:
    if not (mentor.frequency and mentee.frequency):
        return None
    if "frequency" in components and mentor.frequency == mentee.frequency:
        return f"Both want to meet {label_for(mentee.frequency, labels).lower()}."
    if components.get("frequency", 0) >= 2 / 3:
        wishes = f"{label_for(mentee.frequency, labels).lower()} and {label_for(mentor.frequency, labels).lower()}"
        return f"Close on how often to meet ({wishes})."
    return None


def wish_reason(kinds: Collection[str]) -> str | None:
    """The mentee's own wish for this mentor, in words; None when there is none."""
    if ASKED in kinds and FAVOURITE in kinds:
        return "The mentee asked for this mentor in the gallery and marked them as a favourite."
    if ASKED in kinds:
        return "The mentee asked for this mentor in the gallery."
    if FAVOURITE in kinds:
        return "The mentee marked this mentor as a favourite in the gallery."
    return None


def team_reasons(mentor: MentorFacts, mentee: MenteeFacts, others: Sequence[MentorFacts], labels) -> list[str]:
    """What this mentor adds beside the mentee's other mentors (in the run or already paired): the areas only
    they cover, and those they repeat, which count for less."""
    if not others:
        return []
    theirs = "their other mentor" if len(others) == 1 else "their other mentors"
    fresh, repeated = [], []
    for area in dict.fromkeys(mentee.wanted):
        if area in mentor.expertise:
            (repeated if any(area in other.expertise for other in others) else fresh).append(label_for(area, labels))
    reasons = []
    if fresh:
        reasons.append(f"Covers {_join(fresh)}, which {theirs} {'does not' if len(others) == 1 else 'do not'}.")
    if repeated:
        reasons.append(
            f"Repeats {_join(repeated)}, which {theirs} already {'covers' if len(others) == 1 else 'cover'}, "
            "so it counts for less."
        )
    return reasons


def explain(
    mentor: MentorFacts,
    mentee: MenteeFacts,
    components: Mapping[str, float],
    labels: Mapping[str, str] | None = None,
    *,
    wish: Collection[str] = (),
    others: Sequence[MentorFacts] = (),
) -> list[str]:
    """Plain reasons for a pair's score, most telling first, at most five. `components` is the pair's values
    (`ScoreMatrix.pair`); only components present there give reasons. `wish`: what the mentee did to wish for this
    mentor (given only when the run counts wishes). `others`: the mentee's other mentors, in a run that gives
    several (dream teams)."""
    reasons: list[str | None] = [wish_reason(wish)]
    if components.get("expertise", 0) > 0:
        shared = [label_for(v, labels) for v in dict.fromkeys(mentee.wanted) if v in mentor.expertise]
        reasons.append(f"Shared {'area' if len(shared) == 1 else 'areas'}: {_join(shared)}.")
        reasons.extend(team_reasons(mentor, mentee, others, labels))
    if components.get("text", 0) > 0:
        terms = shared_terms(mentor, mentee, labels)
        if terms:
            reasons.append(f"Both write about {_join(terms)}.")
        elif components["text"] >= CLOSE_IN_MEANING:  # by meaning (matching.semantic), or by word stems alone
            reasons.append("What they write is close in meaning.")
    reasons.append(_frequency(mentor, mentee, components, labels))
    if components.get("contact", 0) > 0:
        forms = [MEETING_WAYS[form] for form in shared_forms(mentor, mentee)]
        reasons.append(f"Both can meet {_join(forms)}." if forms else None)
    if components.get("career", 0) >= 0.8 and mentee.career_stage:
        stage = label_for(mentee.career_stage, labels).lower()
        reasons.append(f"The mentor's {mentor.years_experience} years of experience suit the mentee's stage ({stage}).")
    reasons.append(_where(mentor, mentee, components, labels))
    return [reason for reason in reasons if reason][:MAX_REASONS]
