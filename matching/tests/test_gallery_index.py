"""The gallery's index scores one mentee exactly as a match run's score matrix over the same pool would."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from matching import text_similarity
from matching.gallery_index import MentorIndex
from matching.scoring import Weights, score_matrix
from matching.selectors import EXPERTISE_LABELS
from matching.synthetic import synthetic_program
from matching.text_similarity import DENSE_TERMS_LIMIT

WEIGHTS = [Weights(), Weights(expertise=0, text=1, contact=0.5), Weights(local_government=2, career=0)]


def assert_same(scored: tuple[np.ndarray, dict[str, np.ndarray]], expected, row: int) -> None:
    """Equal to the last bit: the gallery shows the score the chair sees."""
    total, components = scored
    assert np.array_equal(total, expected.total[row])
    assert components.keys() == expected.components.keys()
    for name, values in components.items():
        assert np.array_equal(values, expected.components[name][row]), name


@pytest.mark.parametrize("weights", WEIGHTS)
@pytest.mark.parametrize("local_government_fit", [True, False])
@pytest.mark.parametrize("labels", [None, EXPERTISE_LABELS])
def test_every_pool_mentee_gets_their_row_of_the_pools_score_matrix(weights, local_government_fit, labels):
    mentors, mentees = synthetic_program(60, 25, seed=7)
    index = MentorIndex.build(mentors, mentees, labels)
    expected = score_matrix(mentors, mentees, weights, local_government_fit=local_government_fit, labels=labels)

    for row, mentee in enumerate(mentees):
        assert_same(index.score(mentee, weights, local_government_fit=local_government_fit), expected, row)


@pytest.mark.parametrize("dense_limit", [DENSE_TERMS_LIMIT, 0])
@pytest.mark.parametrize("labels", [None, EXPERTISE_LABELS])
def test_a_mentee_outside_the_pool_scores_as_one_more_mentee_of_it(labels, dense_limit, monkeypatch):
    # The match run's text product is dense or sparse by size; the index agrees with both.
    monkeypatch.setattr(text_similarity, "DENSE_TERMS_LIMIT", dense_limit)
    mentors, mentees = synthetic_program(50, 30, seed=11)
    pool, outsiders = mentees[:20], mentees[20:]
    index = MentorIndex.build(mentors, pool, labels)

    for outsider in outsiders:
        expected = score_matrix(mentors, [*pool, outsider], labels=labels, only=[len(pool)])
        assert_same(index.score(outsider), expected, 0)


def test_blank_answers_and_words_no_mentor_uses_score_as_the_matrix_does():
    mentors, mentees = synthetic_program(8, 1, seed=3)
    mentors[0] = dataclasses.replace(
        mentors[0], statement="", expertise=(), region="", city="", contact_forms=frozenset()
    )
    odd = dataclasses.replace(
        mentees[0],
        goals="zymurgy xylophones and the of",  # words no mentor uses, and stop words
        preferences="",
        region="Nowhere Special",
        city="",
        wanted=("not_an_area",),
        frequency="",
        career_stage="",
    )
    index = MentorIndex.build(mentors)
    for mentee in (odd, dataclasses.replace(odd, goals="", wanted=())):
        total, _ = index.score(mentee)
        assert np.array_equal(total, score_matrix(mentors, [mentee]).total[0])


def test_an_empty_pool_scores_nothing():
    _, mentees = synthetic_program(0, 1)
    total, _ = MentorIndex.build([], []).score(mentees[0])
    assert total.shape == (0,)
