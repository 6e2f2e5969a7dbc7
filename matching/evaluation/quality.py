"""How well the text component finds the right mentor on the hand-written evaluation set (`cases`).

Each mentee's mentors are ranked by the text component alone, fitted on the set's texts as a program's pool would
be. top-1: the share of mentees whose first mentor is a right one; top-3: a right one among the first three; MRR:
the mean of 1 / the rank of the best-ranked right mentor. Ties count against the method: a right mentor tied with
a wrong one ranks below it, so a method that scores everyone 0 gets no credit. The spread of a component is the
standard deviation of its values within a mentee's row, averaged over the mentees: how much it can move one
mentee's choice. The same set measures both methods: TF-IDF (`matching.text_similarity`) and, when the model is
installed, meaning (`matching.semantic`). No Django here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matching import semantic
from matching.evaluation.cases import MENTEES, MENTORS
from matching.facts import MenteeFacts, MentorFacts
from matching.scoring import COMPONENTS, Weights, score_matrix
from matching.text_similarity import mentee_document, mentor_document


@dataclass(frozen=True)
class Quality:
    top1: float
    top3: float
    mrr: float

    def __str__(self) -> str:
        return f"top1 {self.top1:.2f} top3 {self.top3:.2f} mrr {self.mrr:.2f}"


def evaluation_program() -> tuple[list[MentorFacts], list[MenteeFacts], list[frozenset[int]]]:
    """The set as the scorer's facts, and each mentee's right mentors as mentor indexes."""
    mentors = [
        MentorFacts(
            key=index + 1,
            person=index + 1,
            organization="",
            city="",
            region="",
            expertise=mentor.expertise,
            frequency="",
            contact_forms=frozenset(),
            statement=mentor.statement,
            years_experience=mentor.years,
            mentored_before=mentor.mentored_before,
            expertise_other=mentor.other,
        )
        for index, mentor in enumerate(MENTORS)
    ]
    mentees = [
        MenteeFacts(
            key=len(MENTORS) + index + 1,
            person=len(MENTORS) + index + 1,
            organization="",
            city="",
            region="",
            wanted=mentee.wanted,
            frequency="",
            contact_forms=frozenset(),
            goals=mentee.goals,
            preferences="",
            career_stage=mentee.career_stage,
            interest=mentee.interest,
            wanted_other=mentee.other,
        )
        for index, mentee in enumerate(MENTEES)
    ]
    position = {mentor.name: index for index, mentor in enumerate(MENTORS)}
    right = [frozenset(position[name] for name in mentee.right) for mentee in MENTEES]
    return mentors, mentees, right


def ranking_quality(scores: np.ndarray, right: Sequence[frozenset[int]]) -> Quality:
    """top-1, top-3 and MRR of each row's ranking of the columns, ties counted against the right ones."""
    ranks = []
    for row, good in zip(scores, right, strict=True):
        wrong = np.ones(len(row), dtype=bool)
        wrong[list(good)] = False
        best = max(row[j] for j in good)
        ranks.append(1 + int(np.count_nonzero(row[wrong] >= best)))
    found = np.array(ranks)
    return Quality(top1=float(np.mean(found == 1)), top3=float(np.mean(found <= 3)), mrr=float(np.mean(1 / found)))


def spread(component: np.ndarray) -> float:
    """The standard deviation within each mentee's row, averaged over the mentees."""
    return float(np.mean(np.std(component, axis=1))) if component.size else 0.0


def embedded_set(
    mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts], labels: Mapping[str, str] | None = None
) -> semantic.TextVectors:
    """The set's texts embedded, as the applications' stored vectors would be (needs the model)."""
    return semantic.TextVectors(
        mentees=np.array([semantic.embedded(mentee_document(m)) for m in mentees]),
        mentors=np.array([semantic.embedded(mentor_document(m, labels)) for m in mentors]),
        rows={m.key: row for row, m in enumerate(mentees)},
    )


def measure(labels: Mapping[str, str] | None = None, *, by_meaning: bool = False) -> tuple[Quality, dict[str, float]]:
    """The text component's quality on the set, and every component's spread there: by TF-IDF, or by meaning."""
    mentors, mentees, right = evaluation_program()
    vectors = embedded_set(mentors, mentees, labels) if by_meaning else None
    weights = Weights(**dict.fromkeys(COMPONENTS, 1.0))
    scores = score_matrix(mentors, mentees, weights, labels=labels, vectors=vectors)
    spreads = {name: spread(values) for name, values in scores.components.items()}
    return ranking_quality(scores.components["text"], right), spreads
