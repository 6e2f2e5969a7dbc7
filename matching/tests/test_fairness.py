"""The two fairness choices against brute force on many small random instances (hypothesis, derandomized).

"weakest": no assignment with at least the best total's pair count has a stronger weakest unlocked pair, and
among those whose weakest pair is that strong none has a higher total. "stable": no blocking pair, and with one
score per pair it is the greedy matching. Both keep every rule the best total keeps (assert_valid)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching import fairness
from matching.assignment import assign
from matching.tests.test_assignment import EXHAUSTIVE, Instance, assert_valid, instances, total_of


def solve(instance: Instance, fair: str, objective: str = "total") -> list[tuple[int, int]]:
    return assign(
        instance.scores,
        instance.capacities,
        feasible=instance.feasible,
        locked=instance.locked,
        min_score=instance.min_score,
        objective=objective,
        fairness=fair,
    )


def candidates(instance: Instance, objective: str) -> tuple[np.ndarray, np.ndarray]:
    """The pairs the solver may choose besides the locks, and the seats the locks leave (the spec, written out)."""
    candidate = instance.feasible & (instance.scores >= instance.min_score)
    if objective == "total":
        candidate &= instance.scores > 0
    left = np.array(instance.capacities, dtype=np.int64)
    for i, j in instance.locked:
        candidate[i, :] = False
        left[j] -= 1
    candidate[:, left <= 0] = False
    return candidate, left


def every_free_assignment(candidate: np.ndarray, left: np.ndarray) -> list[list[tuple[int, int]]]:
    n_mentees, n_mentors = candidate.shape
    room = left.copy()
    found: list[list[tuple[int, int]]] = []

    def visit(mentee: int, pairs: list[tuple[int, int]]) -> None:
        if mentee == n_mentees:
            found.append(list(pairs))
            return
        visit(mentee + 1, pairs)
        for mentor in range(n_mentors):
            if candidate[mentee, mentor] and room[mentor] > 0:
                room[mentor] -= 1
                visit(mentee + 1, [*pairs, (mentee, mentor)])
                room[mentor] += 1

    visit(0, [])
    return found


def weakest(scores: np.ndarray, pairs: list[tuple[int, int]]) -> float:
    return min((scores[p] for p in pairs), default=np.inf)


@pytest.mark.parametrize("objective", ["total", "coverage"])
@EXHAUSTIVE
@given(instance=instances())
def test_lift_the_weakest_pair_is_the_brute_force_max_min_then_the_best_total(instance, objective):
    pairs = solve(instance, "weakest", objective)
    assert_valid(instance, pairs)
    locked = set(instance.locked)
    free = [p for p in pairs if p not in locked]
    best_total_count = len(solve(instance, "total", objective)) - len(locked)  # held fixed: at least this many
    candidate, left = candidates(instance, objective)
    allowed = [a for a in every_free_assignment(candidate, left) if len(a) >= best_total_count]
    assert len(free) >= best_total_count
    best_min = max(weakest(instance.scores, a) for a in allowed)
    assert weakest(instance.scores, free) == best_min
    best = max(total_of(instance, a) for a in allowed if weakest(instance.scores, a) >= best_min)
    assert total_of(instance, free) == pytest.approx(best, abs=1e-9)


@pytest.mark.parametrize("objective", ["total", "coverage"])
@EXHAUSTIVE
@given(instance=instances())
def test_no_pair_would_rather_swap_has_no_blocking_pair_and_is_the_greedy_matching(instance, objective):
    pairs = solve(instance, "stable", objective)
    assert_valid(instance, pairs)
    locked = set(instance.locked)
    free = [p for p in pairs if p not in locked]
    candidate, left = candidates(instance, objective)
    assert all(candidate[p] for p in free)
    assert fairness.blocking_pairs(free, instance.scores, candidate, left) == []
    assert free == fairness.greedy(instance.scores, candidate, left)
    # The classic bound for greedy: at least half the best total.
    assert total_of(instance, pairs) >= total_of(instance, solve(instance, "total", objective)) / 2 - 1e-9


@st.composite
def two_sided(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n_mentees, n_mentors = draw(st.integers(0, 6)), draw(st.integers(0, 4))
    grid = st.sampled_from([0.1, 0.2, 0.5, 0.9])
    shape = (n_mentees, n_mentors)
    scores = np.array([[draw(grid) for _ in range(n_mentors)] for _ in range(n_mentees)]).reshape(shape)
    mentor_scores = np.array([[draw(grid) for _ in range(n_mentors)] for _ in range(n_mentees)]).reshape(shape)
    candidate = np.array([[draw(st.booleans()) for _ in range(n_mentors)] for _ in range(n_mentees)]).reshape(shape)
    capacities = np.array([draw(st.integers(0, 2)) for _ in range(n_mentors)], dtype=np.int64)
    return scores, mentor_scores, candidate.astype(bool), capacities


@EXHAUSTIVE
@given(two_sided())
def test_deferred_acceptance_with_different_preferences_on_each_side_has_no_blocking_pair(case):
    scores, mentor_scores, candidate, capacities = case
    pairs = fairness.stable(scores, candidate, capacities, mentor_scores)
    assert all(candidate[p] for p in pairs)
    assert len({i for i, _ in pairs}) == len(pairs)
    assert all(sum(1 for _, j in pairs if j == m) <= c for m, c in enumerate(capacities))
    assert fairness.blocking_pairs(pairs, scores, candidate, capacities, mentor_scores) == []
    # Mentee-optimal: no stable matching gives any mentee a mentor it ranks higher (brute force over all).
    stable_ones = [
        a
        for a in every_free_assignment(candidate, capacities)
        if fairness.blocking_pairs(a, scores, candidate, capacities, mentor_scores) == []
    ]
    rank = {(i, j): (scores[i, j], -j) for i in range(scores.shape[0]) for j in range(scores.shape[1])}
    got = dict(pairs)
    for other in stable_ones:
        for i, j in other:
            assert i in got and rank[(i, got[i])] >= rank[(i, j)]


@pytest.mark.parametrize("seed", range(40))
def test_larger_random_instances_keep_both_guarantees(seed):
    """Sizes brute force cannot reach: the weakest pair checked against a threshold scan, stability directly."""
    rng = np.random.default_rng(seed)
    n_mentees, n_mentors = rng.integers(5, 40), rng.integers(2, 25)
    scores = np.round(rng.random((n_mentees, n_mentors)), 2)
    feasible = rng.random((n_mentees, n_mentors)) > 0.3
    capacities = rng.integers(1, 4, n_mentors)
    candidate = feasible & (scores >= 0.3)
    best = assign(scores, capacities.tolist(), feasible=feasible, min_score=0.3)
    lifted = assign(scores, capacities.tolist(), feasible=feasible, min_score=0.3, fairness="weakest")
    assert len(lifted) >= len(best)
    low = weakest(scores, lifted)
    assert low >= weakest(scores, best)
    # No stronger threshold still reaches the best total's pair count: checked by scanning every score above.
    for value in np.unique(scores[candidate & (scores > low)]):
        assert fairness.max_pairs(candidate & (scores >= value), capacities) < len(best)
    settled = assign(scores, capacities.tolist(), feasible=feasible, min_score=0.3, fairness="stable")
    assert fairness.blocking_pairs(settled, scores, candidate, capacities) == []


def test_an_unknown_fairness_is_refused():
    with pytest.raises(ValueError, match="unknown fairness"):
        assign(np.ones((1, 1)), [1], feasible=np.ones((1, 1), dtype=bool), fairness="fairest")
