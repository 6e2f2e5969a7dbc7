"""Plain reasons for one pair's score, in words for the chair and the mentee (the proposals, the gallery).

They read the same facts and text the scorer reads (`matching.facts`, `matching.text_similarity`), and give a
reason only for a component that counted. No Django here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matching.components import colocated
from matching.facts import CONTACT_FORMS, MenteeFacts, MentorFacts, label_for, normalise
from matching.text_similarity import mentee_document, mentor_document, tokens


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def shared_forms(mentor: MentorFacts, mentee: MenteeFacts) -> list[str]:
    together = colocated([mentor], [mentee])[0, 0]
    return [
        form
        for form in CONTACT_FORMS
        if form in mentee.contact_forms and form in mentor.contact_forms and (form != "in_person" or together)
    ]


def _place_reason(mentor: MentorFacts, mentee: MenteeFacts) -> str | None:
    if mentor.region.strip() and normalise(mentor.region) == normalise(mentee.region):
        return f"both in {mentee.region.strip()}"
    either_blank = not (mentor.region.strip() and mentee.region.strip())
    if either_blank and mentee.city.strip() and normalise(mentor.city) == normalise(mentee.city):
        return f"both in {mentee.city.strip()}"
    return None


def _shared_words(mentor: MentorFacts, mentee: MenteeFacts, labels: Mapping[str, str] | None) -> list[str]:
    mentor_words = set(tokens(mentor_document(mentor, labels)))
    shared = [word for word in tokens(mentee_document(mentee)) if word in mentor_words]
    # Most repeated first, then alphabetical, so the reason is stable.
    return sorted(set(shared), key=lambda word: (-shared.count(word), word))[:3]


def explain(
    mentor: MentorFacts,
    mentee: MenteeFacts,
    components: Mapping[str, float],
    labels: Mapping[str, str] | None = None,
) -> list[str]:
    """Plain reasons for a pair's score, for the chair. `components` is the pair's values
    (`ScoreMatrix.pair`); only components present there give reasons."""
    reasons: list[str] = []
    if components.get("expertise", 0) > 0:
        shared = [label_for(v, labels) for v in dict.fromkeys(mentee.wanted) if v in mentor.expertise]
        reasons.append(f"shares {_join(shared)}")
    if "frequency" in components and mentor.frequency and mentor.frequency == mentee.frequency:
        reasons.append(f"both chose {label_for(mentee.frequency, labels)}")
    elif components.get("frequency", 0) >= 2 / 3 and mentor.frequency and mentee.frequency:
        pair = f"{label_for(mentee.frequency, labels)} and {label_for(mentor.frequency, labels)}"
        reasons.append(f"close meeting frequency ({pair})")
    if components.get("contact", 0) > 0:
        forms = [label_for(form, labels).lower() for form in shared_forms(mentor, mentee)]
        reasons.append(f"both accept {_join(forms)}")
    if "contact" in components or "local_government" in components:
        place = _place_reason(mentor, mentee)
        if place:
            reasons.append(place)
    if components.get("text", 0) > 0:
        words = _shared_words(mentor, mentee, labels)
        if words:
            reasons.append(f"goals and statement both mention {_join(words)}")
    if components.get("career", 0) >= 0.8 and mentee.career_stage:
        stage = label_for(mentee.career_stage, labels)
        reasons.append(f"{mentor.years_experience} years of experience fit the mentee's stage ({stage})")
    if "local_government" in components:
        for attribute, what in (("jurisdiction_type", "kind of agency"), ("jurisdiction_size", "community size")):
            value = getattr(mentee, attribute)
            if value.strip() and normalise(value) == normalise(getattr(mentor, attribute)):
                reasons.append(f"same {what}: {label_for(value, labels)}")
    return reasons
