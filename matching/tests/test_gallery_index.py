"""The gallery's mentor index scores one mentee exactly as a match run's score matrix would."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from matching.gallery_index import MentorIndex
from matching.scoring import Weights, score_matrix
from matching.selectors import EXPERTISE_LABELS
from matching.synthetic import synthetic_program

WEIGHTS = [Weights(), Weights(expertise=0, text=1, contact=0.5), Weights(local_government=2, career=0)]


@pytest.mark.parametrize("weights", WEIGHTS)
@pytest.mark.parametrize("local_government_fit", [True, False])
@pytest.mark.parametrize("labels", [None, EXPERTISE_LABELS])
def test_every_mentees_scores_equal_the_score_matrix_row(weights, local_government_fit, labels):
    mentors, mentees = synthetic_program(60, 25, seed=7)
    index = MentorIndex.build(mentors, labels)

    for mentee in mentees:
        expected = score_matrix(mentors, [mentee], weights, local_government_fit=local_government_fit, labels=labels)
        total, components = index.score(mentee, weights, local_government_fit=local_government_fit)

        np.testing.assert_allclose(total, expected.total[0], atol=1e-12)
        assert components.keys() == expected.components.keys()
        for name, values in components.items():
            np.testing.assert_allclose(values, expected.components[name][0], atol=1e-12, err_msg=name)


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
        np.testing.assert_allclose(total, score_matrix(mentors, [mentee]).total[0], atol=1e-12)


def test_an_empty_pool_scores_nothing():
    _, mentees = synthetic_program(0, 1)
    total, _ = MentorIndex.build([]).score(mentees[0])
    assert total.shape == (0,)
