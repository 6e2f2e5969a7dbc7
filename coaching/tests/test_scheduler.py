"""The scheduler keeps every rule, gives a wished coach to as many learners as an exact solver can, spreads the
sit-outs as evenly as an exact solver can, and reaches the exact total fit within its stated gap."""

from __future__ import annotations

import statistics

import pytest

from coaching.scheduler import FIT_GAP, Coach, Learner, Problem, Schedule, Seat, plan, replan, violations
from coaching.synthetic import synthetic_session
from coaching.tests.exact import exact

SMALL = [(seed, group_size) for seed in range(40) for group_size in (1, 2)]


def small(seed: int, group_size: int) -> Problem:
    return synthetic_session(4, 8, 3, group_size=group_size, seed=seed, availability=0.7)


def test_the_scheduler_matches_the_exact_solver_on_small_sessions():
    gaps = []
    for seed, group_size in SMALL:
        problem = small(seed, group_size)
        schedule = plan(problem)
        assert violations(schedule) == [], (seed, group_size)
        best = exact(problem)
        worst = max(schedule.sit_outs().values())
        assert len(schedule.wished_met()) == best.wished_met, (seed, group_size)
        assert worst == best.worst_sit_outs, (seed, group_size)
        best_fit = exact(problem, worst_sit_outs=worst).fit
        gap = 1 - schedule.fit / best_fit
        assert gap <= FIT_GAP, (seed, group_size, schedule.fit, best_fit)
        gaps.append(gap)
    assert statistics.mean(gaps) < 0.03


def test_a_learner_never_meets_a_coach_twice_nor_two_coaches_at_once():
    ann = Learner(id=1, areas=frozenset({"finance"}), wishes=(10,))
    coaches = tuple(Coach(id=10 + i, areas=frozenset({"finance"}), rounds=frozenset({1, 2, 3})) for i in range(2))
    schedule = plan(Problem(coaches=coaches, learners=(ann,), rounds=3))
    assert violations(schedule) == []
    assert len(schedule.seats) == 2
    assert {s.coach for s in schedule.seats} == {10, 11}
    assert len({s.round for s in schedule.seats}) == 2
    assert schedule.sit_outs() == {1: 1}


def test_the_rules_checker_names_each_broken_rule():
    coach = Coach(id=10, areas=frozenset(), rounds=frozenset({1}))
    learners = (Learner(id=1, areas=frozenset()), Learner(id=2, areas=frozenset()))
    problem = Problem(coaches=(coach,), learners=learners, rounds=2)
    broken = Schedule(problem, (Seat(1, 10, 1), Seat(1, 10, 2), Seat(2, 10, 1)))
    found = " ".join(violations(broken))
    assert "more than 1 learners" in found
    assert "does not sit in that round" in found
    assert "meets this coach twice" in found


def test_a_coach_sits_only_in_the_rounds_they_can_do_and_groups_fill_to_the_group_size():
    coach = Coach(id=10, areas=frozenset({"police"}), rounds=frozenset({2}))
    learners = tuple(Learner(id=i, areas=frozenset({"police"})) for i in range(1, 5))
    schedule = plan(Problem(coaches=(coach,), learners=learners, rounds=3, group_size=3))
    assert {s.round for s in schedule.seats} == {2}
    assert len(schedule.seats) == 3


def test_a_wished_coach_goes_to_the_learner_who_has_no_other_wish():
    # Both wish for coach 10, who does one round one-to-one; only Bo also wishes for coach 11.
    coaches = (
        Coach(id=10, areas=frozenset(), rounds=frozenset({1})),
        Coach(id=11, areas=frozenset(), rounds=frozenset({2})),
    )
    ann = Learner(id=1, areas=frozenset(), wishes=(10,))
    bo = Learner(id=2, areas=frozenset(), wishes=(10, 11))
    schedule = plan(Problem(coaches=coaches, learners=(ann, bo), rounds=2))
    assert schedule.wished_met() == {1, 2}
    assert Seat(1, 10, 1) in schedule.seats


def test_replanning_keeps_earlier_rounds_seats_out_the_no_shows_and_seats_the_walk_ins():
    problem = synthetic_session(8, 12, 4, seed=3)  # seats to spare: the walk-in (who missed two rounds) sits
    schedule = plan(problem)
    gone_learner, gone_coach = problem.learners[0], problem.coaches[0]
    walk_in = Learner(id=99_999, areas=frozenset({"finance"}), wishes=(problem.coaches[1].id,))
    again = replan(schedule, from_round=3, walk_ins=[walk_in], no_shows=[gone_learner, gone_coach])
    assert violations(again) == []
    assert [s for s in again.seats if s.round < 3] == [s for s in schedule.seats if s.round < 3]
    later = [s for s in again.seats if s.round >= 3]
    assert gone_learner.id not in {s.learner for s in later}
    assert gone_coach.id not in {s.coach for s in later}
    assert walk_in.id in {s.learner for s in later}


def test_replanning_a_full_size_session_keeps_the_rounds_before_and_seats_the_walk_ins():
    """(Its time is bench_speed_coaching's "door re-plan" line, not a test's.)"""
    problem = synthetic_session(60, 250, 6, seed=1)
    schedule = plan(problem)
    walk_ins = [Learner(id=90_000 + i, areas=frozenset({"management"})) for i in range(5)]
    again = replan(schedule, from_round=4, walk_ins=walk_ins, no_shows=problem.learners[:5])
    assert violations(again) == []
    assert {s.learner for s in again.seats if s.round >= 4} >= {w.id for w in walk_ins}
    assert not {s.learner for s in again.seats if s.round >= 4} & {n.id for n in problem.learners[:5]}
    assert [s for s in again.seats if s.round < 4] == [s for s in schedule.seats if s.round < 4]


@pytest.mark.parametrize("seed", range(3))
def test_full_size_plans_keep_the_rules_and_spread_sit_outs_within_one_round(seed):
    problem = synthetic_session(60, 250, 6, seed=seed)
    schedule = plan(problem)
    assert violations(schedule) == []
    sit_outs = schedule.sit_outs().values()
    assert max(sit_outs) - min(sit_outs) <= 1
