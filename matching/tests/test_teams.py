"""Dream teams (several mentors per mentee, diminishing returns on the areas they cover) against brute force on many
small random instances, and against the single-mentor solver where the two must agree."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.assignment import assign
from matching.components import area_cover, expertise_component
from matching.scoring import Weights, feasible_mask, score_matrix
from matching.synthetic import synthetic_program
from matching.teams import Areas, assign_teams, credit, team_value

# Derandomized, as test_assignment's; each example enumerates every team of every mentee.
EXHAUSTIVE = settings(max_examples=250, deadline=None, database=None, derandomize=True)
AREAS = 4


@dataclass(frozen=True)
class Instance:
    total: np.ndarray
    capacities: list[int]
    room: list[int]
    feasible: np.ndarray
    areas: Areas
    bonus: np.ndarray
    locked: list[tuple[int, int]]
    min_score: float
    repeat: float


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    """Scores built as the scorer builds them: the expertise part (worth x cover over the mentee's areas) plus the
    rest, so every pair's score holds its own expertise part."""
    n_mentees, n_mentors = draw(st.integers(0, 4)), draw(st.integers(0, 3))
    expertise = draw(st.sampled_from([0.35, 0.6, 1.0]))
    grid = st.sampled_from([0.0, 0.25, 0.5, 1.0])
    offered = np.array([[draw(grid) for _ in range(n_mentors)] for _ in range(AREAS)]).reshape(AREAS, n_mentors)
    mentee_rows, cover_rows, worth, base = [], [], [], []
    for i in range(n_mentees):
        wanted = draw(st.lists(st.integers(0, AREAS - 1), max_size=3, unique=True))
        for area in wanted:
            mentee_rows.append(i)
            cover_rows.append(offered[area])
            worth.append(expertise / len(wanted))
            base.append(draw(st.sampled_from([0.0, 0.0, 0.5, 1.0])))
    cover = np.array(cover_rows).reshape(len(cover_rows), n_mentors)
    areas = Areas(np.array(mentee_rows, dtype=np.int64), cover, np.array(worth), np.array(base))
    rest = np.array([[draw(grid) * (1 - expertise) for _ in range(n_mentors)] for _ in range(n_mentees)])
    total = rest.reshape(n_mentees, n_mentors).copy()
    for r, i in enumerate(mentee_rows):
        total[i] += worth[r] * cover[r]
    feasible = np.array(
        [[draw(st.sampled_from([True, True, True, False])) for _ in range(n_mentors)] for _ in range(n_mentees)],
        dtype=bool,
    ).reshape(n_mentees, n_mentors)
    bonus = np.array([[draw(st.sampled_from([0.0, 0.0, 0.05])) for _ in range(n_mentors)] for _ in range(n_mentees)])
    capacities = [draw(st.integers(1, 3)) for _ in range(n_mentors)]
    room = [draw(st.integers(1, 3)) for _ in range(n_mentees)]
    seats, left, locked = list(capacities), list(room), []
    for i in range(n_mentees):
        for j in range(n_mentors):
            if feasible[i, j] and seats[j] and left[i] and draw(st.integers(0, 5)) == 0:
                seats[j], left[i] = seats[j] - 1, left[i] - 1
                locked.append((i, j))
    return Instance(
        total,
        capacities,
        room,
        feasible,
        areas,
        bonus.reshape(n_mentees, n_mentors),
        locked,
        draw(st.sampled_from([0.0, 0.2, 0.5])),
        draw(st.sampled_from([0.0, 0.5, 0.8])),
    )


def solve(instance: Instance, objective: str = "total", fairness: str = "total") -> list[tuple[int, int]]:
    return assign_teams(
        instance.total,
        instance.capacities,
        instance.room,
        feasible=instance.feasible,
        areas=instance.areas,
        repeat=instance.repeat,
        bonus=instance.bonus,
        locked=instance.locked,
        min_score=instance.min_score,
        objective=objective,
        fairness=fairness,
    )


def value(instance: Instance, pairs: list[tuple[int, int]]) -> float:
    return team_value(pairs, instance.total, instance.areas, instance.repeat, instance.bonus)


def every_assignment(instance: Instance, objective: str) -> list[tuple[int, float]]:
    """(mentees given a mentor, team value) of every valid assignment."""
    return [(len({i for i, _ in pairs}), value(instance, pairs)) for pairs in every_team(instance, objective)]


def every_team(instance: Instance, objective: str) -> list[list[tuple[int, int]]]:
    """The pairs of every valid assignment: each mentee's every team, depth first."""
    n_mentees, n_mentors = instance.total.shape
    worth = instance.total + instance.bonus
    allowed = instance.feasible & (instance.total >= instance.min_score)
    if objective == "total":
        allowed &= worth > 0
    found: list[list[tuple[int, int]]] = []
    left = list(instance.capacities)

    def visit(mentee: int, pairs: list[tuple[int, int]]) -> None:
        if mentee == n_mentees:
            found.append(sorted(pairs))
            return
        must = {j for i, j in instance.locked if i == mentee}
        options = [j for j in range(n_mentors) if j not in must and allowed[mentee, j]]
        for size in range(instance.room[mentee] - len(must) + 1):
            for team in combinations(options, size):
                chosen = [*must, *team]
                if all(left[j] > 0 for j in chosen):
                    for j in chosen:
                        left[j] -= 1
                    visit(mentee + 1, [*pairs, *((mentee, j) for j in chosen)])
                    for j in chosen:
                        left[j] += 1

    visit(0, [])
    return found


def assert_valid(instance: Instance, pairs: list[tuple[int, int]]) -> None:
    assert pairs == sorted(set(pairs)), "a pair twice or out of order"
    for mentor, capacity in enumerate(instance.capacities):
        assert sum(1 for _, j in pairs if j == mentor) <= capacity, "a mentor is over capacity"
    for mentee, room in enumerate(instance.room):
        assert sum(1 for i, _ in pairs if i == mentee) <= room, "a mentee has more mentors than allowed"
    for pair in pairs:
        assert instance.feasible[pair], "an infeasible pair"
        if pair not in instance.locked:
            assert instance.total[pair] >= instance.min_score, "a pair below the minimum score"
    assert set(instance.locked) <= set(pairs), "a locked pair is missing"


@EXHAUSTIVE
@given(instances())
def test_a_team_run_reaches_the_brute_force_best_team_value_and_keeps_every_rule(instance):
    pairs = solve(instance)
    assert_valid(instance, pairs)
    best = max(found for _, found in every_assignment(instance, "total"))
    assert value(instance, pairs) == pytest.approx(best, abs=1e-6)


@EXHAUSTIVE
@given(instances())
def test_a_team_run_for_coverage_gives_the_most_mentees_a_mentor_then_the_best_team_value(instance):
    pairs = solve(instance, "coverage")
    assert_valid(instance, pairs)
    found = every_assignment(instance, "coverage")
    most = max(count for count, _ in found)
    assert len({i for i, _ in pairs}) == most
    assert value(instance, pairs) == pytest.approx(max(v for count, v in found if count == most), abs=1e-6)


def test_the_second_mentor_covers_what_the_first_does_not_rather_than_repeat_it():
    # The mentee wants finance and HR. Mentors 0 and 1 both offer finance (and score best on their own);
    # mentor 2 offers HR. Summing pair scores takes 0 and 1; the team takes 0 and 2.
    rest = np.array([[0.5, 0.45, 0.4]])
    areas = Areas(np.array([0, 0]), np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]), np.array([0.25, 0.25]), np.zeros(2))
    total = rest + areas.worth @ areas.cover
    feasible = np.ones((1, 3), dtype=bool)
    separable = sorted(np.argsort(-total[0])[:2].tolist())
    assert separable == [0, 1]
    pairs = assign_teams(total, [1, 1, 1], [2], feasible=feasible, areas=areas, repeat=0.5)
    assert pairs == [(0, 0), (0, 2)]
    assert team_value([(0, 0), (0, 1)], total, areas, 0.5) < team_value(pairs, total, areas, 0.5)


def test_an_area_the_mentees_current_mentor_covers_already_counts_less_for_a_new_one():
    # Mentor 0 offers finance, mentor 1 HR, and mentor 0 scores higher; the mentee's current mentor covers finance.
    areas = Areas(np.array([0, 0]), np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0.3, 0.3]), np.array([1.0, 0.0]))
    total = np.array([[0.6, 0.55]])
    feasible = np.ones((1, 2), dtype=bool)
    assert assign_teams(total, [1, 1], [1], feasible=feasible, areas=areas, repeat=0.5) == [(0, 1)]
    fresh = Areas(areas.mentee, areas.cover, areas.worth, np.zeros(2))
    assert assign_teams(total, [1, 1], [1], feasible=feasible, areas=fresh, repeat=0.5) == [(0, 0)]


def test_credit_is_full_for_the_first_cover_then_falls_by_the_repeat_share():
    assert credit(np.array([0.0, 0.5, 1.0, 2.0, 3.0, 2.5]), 0.5).tolist() == [0.0, 0.5, 1.0, 1.5, 1.75, 1.625]


def test_with_room_for_one_mentor_the_team_solver_finds_the_single_mentor_optimum():
    mentors, mentees = synthetic_program(40, 60, seed=5)
    weights = Weights()
    total = score_matrix(mentors, mentees, weights).total
    feasible = feasible_mask(mentors, mentees, exclude_same_organization=True)
    mentee, cover = area_cover(mentors, mentees)
    wanted = np.bincount(mentee, minlength=len(mentees))
    areas = Areas(mentee, cover, weights.active()["expertise"] / wanted[mentee], np.zeros(mentee.size))
    capacities = [m.capacity for m in mentors]
    single = assign(total, capacities, feasible=feasible, min_score=0.3)
    teams = assign_teams(
        total, capacities, [1] * len(mentees), feasible=feasible, areas=areas, repeat=0.5, min_score=0.3
    )
    assert sum(total[p] for p in teams) == pytest.approx(sum(total[p] for p in single), abs=1e-6)
    assert team_value(teams, total, areas, 0.5) == pytest.approx(sum(total[p] for p in teams), abs=1e-9)


def test_the_area_rows_add_up_to_the_expertise_component():
    mentors, mentees = synthetic_program(30, 30, seed=8)
    mentee, cover = area_cover(mentors, mentees)
    wanted = np.bincount(mentee, minlength=len(mentees))
    summed = np.zeros((len(mentees), len(mentors)))
    np.add.at(summed, mentee, cover / wanted[mentee][:, None])
    assert np.allclose(summed, expertise_component(mentors, mentees))


@pytest.mark.parametrize(
    ("locked", "message"),
    [
        ([(0, 0), (0, 0)], "more than once"),
        ([(0, 0), (0, 1)], "more mentors than they may have"),
        ([(0, 0), (1, 0)], "beyond their capacity"),
        ([(1, 1)], "not feasible"),
    ],
)
def test_conflicting_team_locks_are_refused(locked, message):
    feasible = np.array([[True, True], [True, False]])
    with pytest.raises(ValueError, match=message):
        assign_teams(
            np.full((2, 2), 0.5), [1, 1], [1, 2], feasible=feasible, areas=Areas.none(2), repeat=0.5, locked=locked
        )


@pytest.mark.parametrize("objective", ["total", "coverage"])
@EXHAUSTIVE
@given(instance=instances())
def test_a_team_run_lifting_the_weakest_pair_is_the_brute_force_max_min_then_the_best_team_value(instance, objective):
    pairs = solve(instance, objective, "weakest")
    assert_valid(instance, pairs)
    locked = set(instance.locked)
    count = len(solve(instance, objective)) - len(locked)  # held fixed: at least this many unlocked pairs

    def weakest(found: list[tuple[int, int]]) -> float:
        return min((instance.total[p] for p in found if p not in locked), default=np.inf)

    every = [(found, value(instance, found)) for found in every_team(instance, objective)]
    allowed = [(found, v) for found, v in every if len(found) - len(locked) >= count]
    assert len(pairs) - len(locked) >= count
    best_min = max(weakest(found) for found, _ in allowed)
    assert weakest(pairs) == best_min
    best = max(v for found, v in allowed if weakest(found) >= best_min)
    assert value(instance, pairs) == pytest.approx(best, abs=1e-6)
