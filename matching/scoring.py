"""How well a mentee and a mentor fit, for every pair of a program at once: the score assembly.

Plain data in (the frozen dataclasses of `matching.facts`), numpy arrays out; no Django here so the scorer can
be tested and benchmarked alone. This module owns the weights, the weighted total of the components (each a
matrix of shape [n_mentees, n_mentors] with values in [0, 1]: the text one in `matching.text_similarity`, the
others in `matching.components`) and which pairs may be proposed at all. The plain reasons for one pair are in
`matching.reasons`; `matching.reference` holds the same formulas as plain loops, as the test oracle.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np

from applications.policy import DEFAULT_WEIGHTS
from matching.components import (
    career_component,
    codes,
    contact_component,
    expertise_component,
    frequency_component,
    local_government_component,
    same,
)
from matching.facts import MenteeFacts, MentorFacts, check_vocabulary
from matching.semantic import TextVectors
from matching.text_similarity import text_component

COMPONENTS: tuple[str, ...] = ("expertise", "frequency", "contact", "text", "career", "local_government")
# Totals are kept to this many decimals. A weighted sum in floating point lands an ulp or two off the decimal it
# stands for (0.5 x 0.35 + 0.5 x 0.15 + 1 x 0.10 + 0 x 0.20 + 1 x 0.10 + 0.5 x 0.10 is 0.49999999999999994), which
# would drop a pair exactly on the chair's minimum score; rounded, it is 0.5 wherever it is computed.
SCORE_DECIMALS = 9


def settled(total: np.ndarray) -> np.ndarray:
    """Totals clipped to [0, 1] (rounding can step a hair outside) and rounded to SCORE_DECIMALS, in place: the
    one way every scorer (a match run, its preview, the gallery) finishes a total, so all compare alike."""
    np.clip(total, 0.0, 1.0, out=total)
    return np.round(total, SCORE_DECIMALS, out=total)


def settled_minimum(min_score: float) -> float:
    """A minimum score as the totals are kept, so a pair exactly on it is kept."""
    return round(float(min_score), SCORE_DECIMALS)


@dataclass(frozen=True)
class Weights:
    """How much each component counts. The total divides by the sum of the active weights, so
    weights need not add up to 1 and the total stays in [0, 1]; a weight of 0 drops a component."""

    expertise: float = DEFAULT_WEIGHTS["expertise"]
    frequency: float = DEFAULT_WEIGHTS["frequency"]
    contact: float = DEFAULT_WEIGHTS["contact"]
    text: float = DEFAULT_WEIGHTS["text"]
    career: float = DEFAULT_WEIGHTS["career"]
    local_government: float = DEFAULT_WEIGHTS["local_government"]
    # Not a component: what a pair the mentee wished for gains when choosing (`wish_bonus`).
    wish: float = DEFAULT_WEIGHTS["wish"]

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"weight {field.name} must be a finite number >= 0, not {value!r}")

    def _raw(self, local_government_fit: bool) -> dict[str, float]:
        raw = {name: float(getattr(self, name)) for name in COMPONENTS}
        if not local_government_fit:
            raw["local_government"] = 0.0
        return raw

    def active(self, *, local_government_fit: bool = True) -> dict[str, float]:
        """The components that count, with their weights normalised to add up to 1."""
        raw = self._raw(local_government_fit)
        total = sum(raw.values())
        if total <= 0:
            raise ValueError("at least one active weight must be above 0")
        return {name: weight / total for name, weight in raw.items() if weight > 0}

    def wish_bonus(self, *, local_government_fit: bool = True) -> float:
        """What a wished-for pair gains in the solver's objective, on the scores' scale: what a part of weight
        `wish`, fully met, adds to a score under these weights (wish / the sum of the active weights). Never part
        of the pair's score, so it can tip a choice between allowed pairs but never make one the minimum score
        refuses."""
        total = sum(self._raw(local_government_fit).values())
        return float(self.wish) / total if total > 0 else 0.0


@dataclass(frozen=True, eq=False)  # arrays have no single truth value to compare
class ScoreMatrix:
    """Rows are mentees, columns mentors, in the order they were given.

    `components` holds only the active components (weight above 0), so a reason is never
    given for something that did not count."""

    total: np.ndarray
    components: dict[str, np.ndarray]

    def pair(self, mentee_index: int, mentor_index: int) -> dict[str, float]:
        return {name: float(matrix[mentee_index, mentor_index]) for name, matrix in self.components.items()}


_COMPUTE: dict[str, Callable[[Sequence[MentorFacts], Sequence[MenteeFacts]], np.ndarray]] = {
    "expertise": expertise_component,
    "frequency": frequency_component,
    "contact": contact_component,
    "career": career_component,
    "local_government": local_government_component,
}


def score_matrix(
    mentors: Sequence[MentorFacts],
    mentees: Sequence[MenteeFacts],
    weights: Weights | None = None,
    *,
    local_government_fit: bool = True,
    labels: Mapping[str, str] | None = None,
    only: Sequence[int] | None = None,
    vectors: TextVectors | None = None,
) -> ScoreMatrix:
    """Total = Σ weight·component / Σ active weights, for every (mentee, mentor) pair.

    The local-government component counts only when the program asks for it
    (`local_government_fit`); `labels` (value -> human label) feeds the mentors' area labels
    into the text component. `only` (mentee indexes) keeps just those rows, in that order, each
    scored exactly as in the whole matrix: the text part still weighs words over everyone. With `vectors` (the
    pool's text vectors, `matching.semantic`) the text part compares meaning instead of words."""
    check_vocabulary(mentors, mentees)
    active = (weights or Weights()).active(local_government_fit=local_government_fit)
    rows = mentees if only is None else [mentees[i] for i in only]
    components: dict[str, np.ndarray] = {}
    total = np.zeros((len(rows), len(mentors)))
    # One scratch buffer for the weighted terms: fresh n x n arrays are costly to page in.
    scratch = np.empty_like(total)
    for name, weight in active.items():
        if name == "text" and vectors is not None:
            components[name] = vectors.component(only)
        elif name == "text":
            components[name] = text_component(mentors, mentees, labels, only)
        else:
            components[name] = _COMPUTE[name](mentors, rows)
        total += np.multiply(components[name], weight, out=scratch)
    return ScoreMatrix(total=settled(total), components=components)


def feasible_mask(
    mentors: Sequence[MentorFacts],
    mentees: Sequence[MenteeFacts],
    *,
    exclude_same_organization: bool,
    forbidden: Iterable[tuple[int, int]] = (),
) -> np.ndarray:
    """Pairs that may be proposed: never a person with themselves, never two people from the
    same organization (case- and space-insensitive, blank never matches) when the program
    excludes that, never a forbidden (mentee_key, mentor_key) pair such as one the chair
    rejected. Keys of people not in this run are ignored."""
    mentee_person = np.array([m.person for m in mentees], dtype=np.int64)
    mentor_person = np.array([m.person for m in mentors], dtype=np.int64)
    mask = mentee_person[:, None] != mentor_person[None, :]
    if exclude_same_organization:
        mentee_org, mentor_org = codes((m.organization for m in mentees), (m.organization for m in mentors))
        mask &= ~same(mentee_org, mentor_org)
    mentee_index = {m.key: index for index, m in enumerate(mentees)}
    mentor_index = {m.key: index for index, m in enumerate(mentors)}
    for mentee_key, mentor_key in forbidden:
        if mentee_key in mentee_index and mentor_key in mentor_index:
            mask[mentee_index[mentee_key], mentor_index[mentor_key]] = False
    return mask
