"""Boundary values of the pure matching modules: nonsense in is a clear ValueError, never a silent odd result."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from matching.assignment import assign
from matching.facts import check_vocabulary
from matching.scoring import Weights, score_matrix
from matching.tests.test_scoring import mentee, mentor

FEASIBLE = np.ones((2, 2), dtype=bool)
SCORES = np.full((2, 2), 0.5)


@pytest.mark.parametrize("locked", [[(-1, 0)], [(2, 0)], [(0, -1)], [(0, 2)], [(10**9, 0)]])
def test_a_lock_outside_the_matrix_is_refused(locked):
    with pytest.raises(ValueError, match="out of range"):
        assign(SCORES, [1, 1], feasible=FEASIBLE, locked=locked)


@pytest.mark.parametrize("locked", [[(0.0, 1)], [(0, 1.5)], [(True, 0)], [("0", 1)]])
def test_a_lock_that_is_not_two_whole_indices_is_refused(locked):
    with pytest.raises(ValueError, match="whole indices"):
        assign(SCORES, [1, 1], feasible=FEASIBLE, locked=locked)


def test_the_last_index_is_inside_the_matrix():
    assert assign(SCORES, [1, 1], feasible=FEASIBLE, locked=[(1, 1)]) == [(0, 0), (1, 1)]


@pytest.mark.parametrize("capacities", [[-1, 1], [1, -5]])
def test_a_negative_capacity_is_refused(capacities):
    with pytest.raises(ValueError, match="capacities must be >= 0"):
        assign(SCORES, capacities, feasible=FEASIBLE)


@pytest.mark.parametrize("capacities", [[1.5, 1], [True, False], [float("nan"), 1]])
def test_a_capacity_that_is_not_a_whole_number_is_refused(capacities):
    with pytest.raises(ValueError, match="whole numbers"):
        assign(SCORES, capacities, feasible=FEASIBLE)


def test_a_mentor_with_no_places_gets_nobody_and_cannot_be_locked():
    assert assign(SCORES, [0, 2], feasible=FEASIBLE) == [(0, 1), (1, 1)]
    with pytest.raises(ValueError, match="beyond their capacity 0"):
        assign(SCORES, [0, 2], feasible=FEASIBLE, locked=[(0, 0)])


def test_a_capacity_beyond_the_number_of_mentees_is_only_as_many_places_as_mentees():
    assert assign(SCORES, [10**6, 0], feasible=FEASIBLE) == [(0, 0), (1, 0)]


def test_a_minimum_score_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match="min_score"):
        assign(SCORES, [1, 1], feasible=FEASIBLE, min_score=math.nan)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_score_that_is_not_finite_never_makes_a_pair(bad):
    scores = np.array([[bad, 0.2], [0.9, 0.1]])
    assert assign(scores, [1, 1], feasible=FEASIBLE) == [(0, 1), (1, 0)]


@pytest.mark.parametrize("field", ["capacity", "years_experience"])
def test_a_mentor_with_a_negative_capacity_or_experience_is_refused(field):
    with pytest.raises(ValueError, match="must be >= 0"):
        mentor(**{field: -1})


def test_a_mentor_with_no_places_or_no_experience_is_valid():
    assert mentor(capacity=0, years_experience=0).capacity == 0


@pytest.mark.parametrize("value", [-0.1, math.nan, math.inf])
def test_a_weight_that_is_negative_or_not_finite_is_refused(value):
    with pytest.raises(ValueError, match="finite number >= 0"):
        Weights(text=value)


def test_all_weights_zero_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        score_matrix([mentor()], [mentee()], Weights(**{f.name: 0 for f in dataclasses.fields(Weights)}))


@pytest.mark.parametrize(
    "facts",
    [
        mentor(frequency="daily"),
        mentor(contact_forms=frozenset({"carrier pigeon"})),
        mentee(frequency="hourly"),
        mentee(career_stage="astronaut"),
    ],
)
def test_words_outside_the_vocabulary_are_refused(facts):
    mentors, mentees = ([facts], [mentee()]) if hasattr(facts, "capacity") else ([mentor()], [facts])
    with pytest.raises(ValueError, match="unknown"):
        check_vocabulary(mentors, mentees)


def test_no_mentors_or_no_mentees_give_an_empty_matrix():
    assert score_matrix([], [mentee()]).total.shape == (1, 0)
    assert score_matrix([mentor()], []).total.shape == (0, 1)
