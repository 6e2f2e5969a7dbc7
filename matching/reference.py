"""The scorer's formulas written the plain way: one pair at a time, Python loops, no numpy.

Used only as the test oracle for matching.scoring and as the benchmark's baseline, with a
greedy assigner (best remaining pair first) to compare against the optimal one. The text
is read the same way (`analyse`, the document builders); everything after is redone here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

from matching.components import CAREER_FIT, NEUTRAL
from matching.facts import FREQUENCIES, OTHER_AREA, MenteeFacts, MentorFacts, experience_band, normalise
from matching.scoring import SCORE_DECIMALS, Weights, settled_minimum
from matching.text_similarity import STRONG_MATCH, analyse, mentee_document, mentor_document


def _together(mentor: MentorFacts, mentee: MenteeFacts) -> bool:
    if normalise(mentor.region) and normalise(mentee.region):
        return normalise(mentor.region) == normalise(mentee.region)
    return bool(normalise(mentee.city)) and normalise(mentee.city) == normalise(mentor.city)


def _expertise(mentor: MentorFacts, mentee: MenteeFacts) -> float:
    wanted = set(mentee.wanted)
    if not wanted:
        return 0.0
    shared = len(wanted & set(mentor.expertise) - {OTHER_AREA})
    if OTHER_AREA in wanted and OTHER_AREA in mentor.expertise:
        mine, theirs = set(analyse(mentee.wanted_other)), set(analyse(mentor.expertise_other))
        if mine and theirs:
            shared += len(mine & theirs) / math.sqrt(len(mine) * len(theirs))
    return shared / len(wanted)


def _frequency(mentor: MentorFacts, mentee: MenteeFacts) -> float:
    if not mentor.frequency or not mentee.frequency:
        return NEUTRAL
    distance = abs(FREQUENCIES.index(mentor.frequency) - FREQUENCIES.index(mentee.frequency))
    return 1.0 - distance / 3


def _contact(mentor: MentorFacts, mentee: MenteeFacts) -> float:
    if not mentee.contact_forms:
        return 0.0
    shared = 0
    for form in mentee.contact_forms:
        if form in mentor.contact_forms and (form != "in_person" or _together(mentor, mentee)):
            shared += 1
    return shared / len(mentee.contact_forms)


def _career(mentor: MentorFacts, mentee: MenteeFacts) -> float:
    if not mentee.career_stage:
        return NEUTRAL
    return CAREER_FIT[mentee.career_stage][experience_band(mentor.years_experience)]


def _local_government(mentor: MentorFacts, mentee: MenteeFacts) -> float:
    known = same = 0
    for attribute in ("region", "jurisdiction_type", "jurisdiction_size"):
        mine, theirs = normalise(getattr(mentee, attribute)), normalise(getattr(mentor, attribute))
        if mine and theirs:
            known += 1
            same += mine == theirs
    return same / known if known else NEUTRAL


def _tfidf_vectors(documents: list[str]) -> list[dict[str, float]]:
    counted = [Counter(analyse(document)) for document in documents]
    document_frequency: Counter[str] = Counter()
    for counts in counted:
        document_frequency.update(counts.keys())
    n = len(documents)
    vectors = []
    for counts in counted:
        vector = {
            term: count * (math.log((1 + n) / (1 + document_frequency[term])) + 1) for term, count in counts.items()
        }
        norm = math.sqrt(sum(value * value for value in vector.values()))
        vectors.append({term: value / norm for term, value in vector.items()} if norm else {})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return min(1.0, max(0.0, sum(value * b.get(term, 0.0) for term, value in a.items()) / STRONG_MATCH))


def reference_scores(
    mentors: Sequence[MentorFacts],
    mentees: Sequence[MenteeFacts],
    weights: Weights | None = None,
    local_government_fit: bool = True,
    labels: Mapping[str, str] | None = None,
    *,
    component: str | None = None,
) -> list[list[float]]:
    """scores[mentee][mentor], the weighted total, or one raw component when `component` is given."""
    active = (weights or Weights()).active(local_government_fit=local_government_fit)
    vectors = _tfidf_vectors([mentee_document(m) for m in mentees] + [mentor_document(m, labels) for m in mentors])
    rules = {
        "expertise": _expertise,
        "frequency": _frequency,
        "contact": _contact,
        "career": _career,
        "local_government": _local_government,
    }
    scores = []
    for i, mentee in enumerate(mentees):
        row = []
        for j, mentor in enumerate(mentors):
            values = {name: rule(mentor, mentee) for name, rule in rules.items()}
            values["text"] = _cosine(vectors[i], vectors[len(mentees) + j])
            if component is not None:
                row.append(values[component])
            else:
                total = min(1.0, max(0.0, sum(weight * values[name] for name, weight in active.items())))
                row.append(round(total, SCORE_DECIMALS))
        scores.append(row)
    return scores


def reference_feasible(
    mentors: Sequence[MentorFacts],
    mentees: Sequence[MenteeFacts],
    *,
    exclude_same_organization: bool,
    forbidden: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset(),
) -> list[list[bool]]:
    rows = []
    for mentee in mentees:
        row = []
        for mentor in mentors:
            same_org = bool(normalise(mentee.organization)) and normalise(mentee.organization) == normalise(
                mentor.organization
            )
            row.append(
                mentee.person != mentor.person
                and not (exclude_same_organization and same_org)
                and (mentee.key, mentor.key) not in forbidden
            )
        rows.append(row)
    return rows


def greedy_assign(
    scores: Sequence[Sequence[float]],
    capacities: Sequence[int],
    feasible: Sequence[Sequence[bool]],
    min_score: float = 0.0,
) -> list[tuple[int, int]]:
    """Best remaining pair first: fast to explain, but it can lock in a pair that blocks two
    better ones, which is why the product uses matching.assignment instead."""
    candidates = [
        (-score, i, j)
        for i, row in enumerate(scores)
        for j, score in enumerate(row)
        if feasible[i][j] and score >= settled_minimum(min_score)
    ]
    candidates.sort()
    left = list(capacities)
    taken: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in taken and left[j] > 0:
            taken.add(i)
            left[j] -= 1
            pairs.append((i, j))
    return sorted(pairs)
