"""Mentees prefer, the chair matches: a mentee's gallery favourites and open requests feed the run as a bonus the
chair weights. Against brute force on small random instances, then through a real run: the rules always win."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching import fairness, services
from matching.assignment import assign
from matching.factories import FavouriteFactory, GalleryRequestFactory, PairRuleFactory
from matching.models import GalleryRequest, MatchRun, PairRule
from matching.tests.conftest import approved_mentee, approved_mentor
from matching.tests.test_assignment import EXHAUSTIVE, Instance, assert_valid, instances
from matching.tests.test_fairness import every_free_assignment

FAVOURITE_REASON = "The mentee marked this mentor as a favourite in the gallery."


@st.composite
def wished(draw: st.DrawFn) -> tuple[Instance, np.ndarray]:
    instance = draw(instances())
    shape = instance.scores.shape
    bonus = np.array([draw(st.sampled_from([0.0, 0.0, 0.05, 0.3])) for _ in range(shape[0] * shape[1])])
    return instance, bonus.reshape(shape)


def solve(instance: Instance, bonus: np.ndarray, objective: str = "total", fair: str = "total"):
    return assign(
        instance.scores,
        instance.capacities,
        feasible=instance.feasible,
        locked=instance.locked,
        min_score=instance.min_score,
        objective=objective,
        fairness=fair,
        bonus=bonus,
    )


def free_pairs(instance: Instance, values: np.ndarray, objective: str) -> tuple[np.ndarray, np.ndarray]:
    """Pairs that may be chosen besides the locks, decided on the scores alone (the spec, written out)."""
    candidate = instance.feasible & (instance.scores >= instance.min_score)
    if objective == "total":
        candidate &= values > 0
    left = np.array(instance.capacities, dtype=np.int64)
    for i, j in instance.locked:
        candidate[i, :] = False
        left[j] -= 1
    candidate[:, left <= 0] = False
    return candidate, left


@pytest.mark.parametrize("objective", ["total", "coverage"])
@EXHAUSTIVE
@given(case=wished())
def test_with_wishes_the_run_reaches_the_brute_force_best_of_score_plus_bonus_and_keeps_every_rule(case, objective):
    instance, bonus = case
    values = instance.scores + bonus
    pairs = solve(instance, bonus, objective)
    assert_valid(instance, pairs)  # feasible, at or above the minimum score (bonus or not), capacities, locks
    candidate, left = free_pairs(instance, values, objective)
    every = every_free_assignment(candidate, left)
    if objective == "coverage":
        most = max(len(a) for a in every)
        every = [a for a in every if len(a) == most]
        assert len(pairs) - len(instance.locked) == most
    best = max(sum(values[p] for p in a) for a in every)
    free = [p for p in pairs if p not in instance.locked]
    assert sum(values[p] for p in free) == pytest.approx(best, abs=1e-9)


@EXHAUSTIVE
@given(case=wished())
def test_with_wishes_no_pair_would_rather_swap_when_mentees_rank_by_their_wishes_and_mentors_by_score(case):
    instance, bonus = case
    values = instance.scores + bonus
    pairs = solve(instance, bonus, fair="stable")
    assert_valid(instance, pairs)
    candidate, left = free_pairs(instance, values, "total")
    free = [p for p in pairs if p not in instance.locked]
    assert fairness.blocking_pairs(free, values, candidate, left, mentor_scores=instance.scores) == []


@EXHAUSTIVE
@given(case=wished())
def test_with_wishes_lifting_the_weakest_pair_still_lifts_the_weakest_score(case):
    instance, bonus = case
    pairs = solve(instance, bonus, fair="weakest")
    assert_valid(instance, pairs)
    candidate, left = free_pairs(instance, instance.scores + bonus, "total")
    count = len(solve(instance, bonus)) - len(instance.locked)
    free = [p for p in pairs if p not in instance.locked]
    allowed = [a for a in every_free_assignment(candidate, left) if len(a) >= count]
    best_min = max(min((instance.scores[p] for p in a), default=np.inf) for a in allowed)
    assert min((instance.scores[p] for p in free), default=np.inf) == best_min


def test_a_wished_mentor_wins_a_tie_and_a_close_call_but_not_a_clear_gap():
    feasible = np.ones((1, 2), dtype=bool)
    bonus = np.array([[0.0, 0.05]])
    assert assign(np.array([[0.6, 0.6]]), [1, 1], feasible=feasible) == [(0, 0)]
    assert assign(np.array([[0.6, 0.6]]), [1, 1], feasible=feasible, bonus=bonus) == [(0, 1)]
    assert assign(np.array([[0.62, 0.6]]), [1, 1], feasible=feasible, bonus=bonus) == [(0, 1)]
    assert assign(np.array([[0.7, 0.6]]), [1, 1], feasible=feasible, bonus=bonus) == [(0, 0)]


def test_a_wish_never_lifts_a_pair_over_the_minimum_score():
    pairs = assign(np.array([[0.29, 0.1]]), [1, 1], feasible=np.ones((1, 2), bool), min_score=0.3, bonus=[[1.0, 1.0]])
    assert pairs == []


@pytest.mark.parametrize("bonus", [np.array([[-0.1]]), np.array([[np.nan]]), np.zeros((2, 1))])
def test_a_negative_unknown_or_misshapen_bonus_is_refused(bonus):
    with pytest.raises(ValueError, match="bonus"):
        assign(np.array([[0.5]]), [1], feasible=np.ones((1, 1), bool), bonus=bonus)


@pytest.mark.django_db
class TestRun:
    """Through a real run: the pool's favourites and open requests, weighted by the run."""

    @pytest.fixture
    def two_alike(self, program):
        """Two mentors equally good for the mentee (same answers), the second one created second."""
        mentors = [approved_mentor(program, expertise=["finance"]) for _ in range(2)]
        mentee = approved_mentee(program, expertise=["finance"])
        return mentors, mentee

    def run(self, program, **weights) -> MatchRun:
        return MatchRun.objects.create(program=program, min_score=0.0, **weights)

    def test_a_favourite_decides_between_equals_and_says_so(self, program, two_alike):
        (first, second), mentee = two_alike
        without = services.solve(self.run(program)).pairs
        assert [p.mentor for p in without] == [first]
        FavouriteFactory(mentee_application=mentee, mentor_application=second)
        [pair] = services.solve(self.run(program)).pairs
        assert pair.mentor == second
        assert pair.reasons[0] == FAVOURITE_REASON
        assert pair.score == without[0].score  # the match itself is unchanged: only the choice

    def test_an_open_request_counts_and_a_declined_one_does_not(self, program, two_alike):
        (_, second), mentee = two_alike
        request = GalleryRequestFactory(program=program, mentee_application=mentee, mentor_application=second)
        [pair] = services.solve(self.run(program)).pairs
        assert (pair.mentor, pair.reasons[0]) == (second, "The mentee asked for this mentor in the gallery.")
        request.status = GalleryRequest.Status.DECLINED
        request.save()
        [pair] = services.solve(self.run(program)).pairs
        assert pair.mentor != second

    def test_with_the_wish_weight_at_zero_a_favourite_changes_nothing_and_is_not_named(self, program, two_alike):
        (first, second), mentee = two_alike
        FavouriteFactory(mentee_application=mentee, mentor_application=second)
        [pair] = services.solve(self.run(program, weight_wish=0)).pairs
        assert pair.mentor == first
        assert FAVOURITE_REASON not in pair.reasons

    def test_a_forbidden_or_same_organization_favourite_is_never_proposed(self, program, chair):
        program.exclude_same_organization = True
        program.save()
        colleague = approved_mentor(program, organization="City of Alhambra", expertise=["finance"])
        rejected = approved_mentor(program, expertise=["finance"])
        other = approved_mentor(program, expertise=["police"])
        mentee = approved_mentee(program, organization="City of Alhambra", expertise=["finance"])
        for mentor in (colleague, rejected):
            FavouriteFactory(mentee_application=mentee, mentor_application=mentor)
        PairRuleFactory(
            program=program, mentee_application=mentee, mentor_application=rejected, kind=PairRule.Kind.FORBID
        )
        [pair] = services.solve(self.run(program, weight_wish=5)).pairs
        assert pair.mentor == other
        assert FAVOURITE_REASON not in pair.reasons

    def test_a_lock_wins_over_a_favourite(self, program, chair, two_alike):
        (first, second), mentee = two_alike
        FavouriteFactory(mentee_application=mentee, mentor_application=second)
        PairRuleFactory(program=program, mentee_application=mentee, mentor_application=first)
        [pair] = services.solve(self.run(program, weight_wish=5)).pairs
        assert (pair.mentor, pair.locked) == (first, True)

    def test_a_favourite_below_the_minimum_score_stays_out(self, program, two_alike):
        _, mentee = two_alike
        far = approved_mentor(program, expertise=["police"], frequency="semi_annually", contact_forms=["email"])
        FavouriteFactory(mentee_application=mentee, mentor_application=far)
        run = self.run(program, weight_wish=5)
        scored = services.score_pool(run)
        far_score = scored.matrix.total[scored.mentee_index[mentee.pk], scored.mentor_index[far.pk]]
        run.min_score = float(far_score) + 0.01
        [pair] = services.solve(run, scored=scored).pairs
        assert pair.mentor != far
