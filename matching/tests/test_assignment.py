"""The assignment solver against brute force on many small random instances."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.assignment import assign
from matching.reference import greedy_assign
from matching.scoring import feasible_mask, score_matrix
from matching.synthetic import synthetic_program

# Derandomized so CI sees the same examples every run; no example database in the work tree.
EXHAUSTIVE = settings(max_examples=300, deadline=None, database=None, derandomize=True)


@dataclass(frozen=True)
class Instance:
    scores: np.ndarray
    capacities: list[int]
    feasible: np.ndarray
    locked: list[tuple[int, int]]
    min_score: float


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    n_mentees, n_mentors = draw(st.integers(0, 5)), draw(st.integers(0, 4))
    # A coarse grid gives ties, which is where solvers go wrong; free floats give the rest.
    value = st.one_of(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 1.0]), st.floats(0.0, 1.0))
    scores = np.zeros((n_mentees, n_mentors))
    feasible = np.zeros((n_mentees, n_mentors), dtype=bool)
    for i in range(n_mentees):
        for j in range(n_mentors):
            scores[i, j] = draw(value)
            feasible[i, j] = draw(st.sampled_from([True, True, True, False]))
    capacities = [draw(st.integers(1, 2)) for _ in range(n_mentors)]
    left, locked = list(capacities), []
    for i in range(n_mentees):
        options = [j for j in range(n_mentors) if feasible[i, j] and left[j] > 0]
        if options and draw(st.integers(0, 3)) == 0:
            j = draw(st.sampled_from(options))
            left[j] -= 1
            locked.append((i, j))
    min_score = draw(st.sampled_from([0.0, 0.2, 0.5]))
    return Instance(scores, capacities, feasible, locked, min_score)


def solve(instance: Instance, objective: str = "total") -> list[tuple[int, int]]:
    return assign(
        instance.scores,
        instance.capacities,
        feasible=instance.feasible,
        locked=instance.locked,
        min_score=instance.min_score,
        objective=objective,
    )


def every_assignment(instance: Instance) -> list[tuple[int, float]]:
    """(matched mentees, total score) of every valid assignment, by depth-first enumeration."""
    n_mentees, n_mentors = instance.scores.shape
    lock = dict(instance.locked)
    left = list(instance.capacities)
    for mentor in lock.values():
        left[mentor] -= 1
    found: list[tuple[int, float]] = []

    def visit(mentee: int, count: int, total: float) -> None:
        if mentee == n_mentees:
            found.append((count, total))
            return
        if mentee in lock:
            visit(mentee + 1, count + 1, total + instance.scores[mentee, lock[mentee]])
            return
        visit(mentee + 1, count, total)
        for mentor in range(n_mentors):
            admissible = instance.feasible[mentee, mentor] and instance.scores[mentee, mentor] >= instance.min_score
            if admissible and left[mentor] > 0:
                left[mentor] -= 1
                visit(mentee + 1, count + 1, total + instance.scores[mentee, mentor])
                left[mentor] += 1

    visit(0, 0, 0.0)
    return found


def total_of(instance: Instance, pairs: list[tuple[int, int]]) -> float:
    return sum(instance.scores[i, j] for i, j in pairs)


def assert_valid(instance: Instance, pairs: list[tuple[int, int]]) -> None:
    mentees = [i for i, _ in pairs]
    assert pairs == sorted(pairs)
    assert len(mentees) == len(set(mentees)), "a mentee has two mentors"
    for mentor, capacity in enumerate(instance.capacities):
        assert sum(1 for _, j in pairs if j == mentor) <= capacity, "a mentor is over capacity"
    for pair in pairs:
        assert instance.feasible[pair], "an infeasible pair"
        if pair not in instance.locked:
            assert instance.scores[pair] >= instance.min_score, "a pair below the minimum score"
    assert set(instance.locked) <= set(pairs), "a locked pair is missing"


@EXHAUSTIVE
@given(instances())
def test_the_total_equals_the_brute_force_optimum_and_every_rule_holds(instance):
    pairs = solve(instance)
    assert_valid(instance, pairs)
    best = max(total for _, total in every_assignment(instance))
    assert total_of(instance, pairs) == pytest.approx(best, abs=1e-9)


@EXHAUSTIVE
@given(instances())
def test_coverage_matches_the_most_mentees_then_the_best_total_among_those(instance):
    pairs = solve(instance, "coverage")
    assert_valid(instance, pairs)
    found = every_assignment(instance)
    most = max(count for count, _ in found)
    best = max(total for count, total in found if count == most)
    assert len(pairs) == most
    assert total_of(instance, pairs) == pytest.approx(best, abs=1e-9)


def test_the_same_input_gives_the_same_pairs():
    rng = np.random.default_rng(3)
    # Scores rounded to one decimal: many ties, where an unstable solver would wander.
    scores = np.round(rng.random((60, 40)), 1)
    feasible = rng.random((60, 40)) > 0.2
    capacities = rng.integers(1, 3, 40).tolist()
    first = assign(scores, capacities, feasible=feasible, min_score=0.3)
    second = assign(scores.copy(), list(capacities), feasible=feasible.copy(), min_score=0.3)
    assert first == second
    assert first


def test_optimal_beats_greedy_when_the_best_pair_blocks_two_good_ones():
    scores = np.array([[0.9, 0.8], [0.7, 0.1]])
    feasible = np.ones((2, 2), dtype=bool)
    greedy = greedy_assign(scores.tolist(), [1, 1], feasible.tolist())
    optimal = assign(scores, [1, 1], feasible=feasible)
    assert greedy == [(0, 0), (1, 1)]
    assert optimal == [(0, 1), (1, 0)]
    assert scores[0, 1] + scores[1, 0] == pytest.approx(1.5)


def test_a_mentor_takes_up_to_their_capacity():
    scores = np.array([[0.9], [0.8], [0.7]])
    pairs = assign(scores, [2], feasible=np.ones((3, 1), dtype=bool))
    assert pairs == [(0, 0), (1, 0)]


def test_a_mentee_stays_unmatched_rather_than_take_a_pair_below_the_minimum():
    scores = np.array([[0.9, 0.2], [0.8, 0.3]])
    pairs = assign(scores, [1, 1], feasible=np.ones((2, 2), dtype=bool), min_score=0.5)
    assert pairs == [(0, 0)]


def test_a_lock_holds_even_below_the_minimum_and_uses_up_capacity():
    scores = np.array([[0.9, 0.1], [0.8, 0.7]])
    pairs = assign(scores, [1, 1], feasible=np.ones((2, 2), dtype=bool), locked=[(1, 0)], min_score=0.5)
    assert pairs == [(1, 0)]
    pairs = assign(scores, [1, 1], feasible=np.ones((2, 2), dtype=bool), locked=[(0, 1)], min_score=0.5)
    assert pairs == [(0, 1), (1, 0)]


@pytest.mark.parametrize(
    ("locked", "message"),
    [
        ([(0, 0), (0, 1)], "locked more than once"),
        ([(0, 0), (1, 0)], "beyond their capacity"),
        ([(1, 1)], "not feasible"),
        ([(5, 0)], "out of range"),
    ],
)
def test_conflicting_locks_are_refused(locked, message):
    feasible = np.array([[True, True], [True, False]])
    with pytest.raises(ValueError, match=message):
        assign(np.full((2, 2), 0.5), [1, 1], feasible=feasible, locked=locked)


def test_an_unknown_objective_or_mismatched_shapes_are_refused():
    with pytest.raises(ValueError, match="objective"):
        assign(np.zeros((1, 1)), [1], feasible=np.ones((1, 1), dtype=bool), objective="fastest")
    with pytest.raises(ValueError, match="capacities"):
        assign(np.zeros((1, 2)), [1], feasible=np.ones((1, 2), dtype=bool))


def test_optimal_matching_of_a_synthetic_program_is_valid_and_at_least_as_good_as_greedy():
    mentors, mentees = synthetic_program(60, 90, seed=21)
    total = score_matrix(mentors, mentees).total
    feasible = feasible_mask(mentors, mentees, exclude_same_organization=True)
    capacities = [m.capacity for m in mentors]
    instance = Instance(total, capacities, feasible, [], 0.3)
    optimal = solve(instance)
    greedy = greedy_assign(total.tolist(), capacities, feasible.tolist(), 0.3)
    assert_valid(instance, optimal)
    assert_valid(instance, greedy)
    assert total_of(instance, optimal) >= total_of(instance, greedy) - 1e-9


def test_nothing_to_assign_gives_no_pairs():
    assert assign(np.zeros((0, 3)), [1, 1, 1], feasible=np.zeros((0, 3), dtype=bool)) == []
    assert assign(np.zeros((2, 0)), [], feasible=np.zeros((2, 0), dtype=bool)) == []
    assert assign(np.ones((2, 2)), [0, 0], feasible=np.ones((2, 2), dtype=bool)) == []
