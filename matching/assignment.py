"""The best set of pairs for a score matrix: an exact solver, not a greedy pass.

Plain numpy in and a list of (mentee_index, mentor_index) out; no Django here.

Formulation: every mentor j becomes capacity[j] identical "slot" columns (never more slots
than there are mentees to place), and scipy's linear_sum_assignment (a shortest augmenting
path method, exact) picks at most one slot per mentee and one mentee per slot, maximising the
sum of pair values. A pair that may not appear is worth 0, the same as leaving the mentee
unmatched, so the solver never needs it; the few such pairs it returns are dropped afterwards,
which frees a slot and changes no value. That makes the result an optimum of the real problem.

No candidate pruning (such as each mentee's top-k mentors): the dense solve of 2000 mentees
x ~4000 slots takes about 0.2-0.4 s on the 2-core benchmark machine, well inside the budget,
and pruning would need a proof that it cannot change the optimum.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
from scipy.optimize import linear_sum_assignment

from matching import fairness as fair
from matching.scoring import settled_minimum

Objective = Literal["total", "coverage"]
Fairness = Literal["total", "weakest", "stable"]


def _check_locks(
    locked: Sequence[tuple[int, int]], capacities: np.ndarray, feasible: np.ndarray
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Validate the chair's locks; return them and the capacity left for everyone else.

    Locks win over min_score (the chair chose the pair on purpose) but not over feasibility:
    a lock on an infeasible pair (someone with themselves, a rejected pair) is a mistake."""
    n_mentees, n_mentors = feasible.shape
    remaining = capacities.copy()
    seen: set[int] = set()
    pairs = []
    for mentee, mentor in locked:
        if not all(isinstance(i, int | np.integer) and not isinstance(i, bool) for i in (mentee, mentor)):
            raise ValueError(f"locked pair {(mentee, mentor)} must be two whole indices")
        if not (0 <= mentee < n_mentees and 0 <= mentor < n_mentors):
            raise ValueError(f"locked pair {(mentee, mentor)} is out of range")
        if mentee in seen:
            raise ValueError(f"mentee {mentee} is locked more than once")
        if not feasible[mentee, mentor]:
            raise ValueError(f"locked pair {(mentee, mentor)} is not feasible")
        remaining[mentor] -= 1
        if remaining[mentor] < 0:
            raise ValueError(f"mentor {mentor} is locked beyond their capacity {capacities[mentor]}")
        seen.add(mentee)
        pairs.append((int(mentee), int(mentor)))
    return pairs, remaining


def _checked_bonus(bonus: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    given = np.asarray(bonus, dtype=np.float64)
    if given.shape != shape:
        raise ValueError("bonus must be [n_mentees, n_mentors], as total")
    if not (np.isfinite(given).all() and (given >= 0).all()):
        raise ValueError("bonus must be finite and >= 0")
    return given


def _slot_costs(scores: np.ndarray, admissible: np.ndarray, slots: np.ndarray, objective: Objective) -> np.ndarray:
    """The solver's matrix [mentee, slot]: minus what the pair is worth, 0 being "as good as no pair".

    "total": the pair's score (one scoring below 0 is worth no more than no pair).
    "coverage": a bonus larger than any difference in total between two assignments, plus the
    score, so one more matched mentee always beats any gain in total, and among the
    assignments that match the most mentees the highest total wins.
    One copy of the expanded matrix, then everything in place: at 2000 x ~4000 slots each
    extra copy costs 64 MB."""
    cost = scores[:, slots]
    if objective == "total":
        np.maximum(cost, 0.0, out=cost)
    else:
        low = min(float(np.min(scores, where=admissible, initial=np.inf)), 0.0)
        high = max(float(np.max(scores, where=admissible, initial=-np.inf)), 0.0)
        # With k <= n pairs the total lies in [k*(bonus+low), k*(bonus+high)]; this bonus makes
        # (k+1)*(bonus+low) > k*(bonus+high) for every k < n.
        cost += scores.shape[0] * (high - low) - low + 1.0
    np.copyto(cost, 0.0, where=~admissible[:, slots])
    # linear_sum_assignment minimises; negating here spares it a copy for maximize=True.
    return np.negative(cost, out=cost)


def assign(
    total: np.ndarray,
    capacities: Sequence[int],
    *,
    feasible: np.ndarray,
    locked: Sequence[tuple[int, int]] = (),
    min_score: float = 0.0,
    objective: Objective = "total",
    fairness: Fairness = "total",
    bonus: np.ndarray | None = None,
) -> list[tuple[int, int]]:
    """Optimal pairs (mentee_index, mentor_index), sorted.

    Each mentee gets at most one mentor, mentor j at most capacities[j] mentees; infeasible
    pairs and pairs scoring below min_score (compared at the totals' SCORE_DECIMALS, so a pair exactly on it
    is kept) never appear (the mentee stays unmatched); locked
    pairs always appear and use up capacity. "total" maximises the sum of scores, and leaves
    out pairs scoring 0 or less since they add nothing; "coverage" matches as many mentees as
    possible, then maximises the sum. Same input, same output.

    `fairness` other than "total" works on the same candidate pairs (the pairs "total" or "coverage" may use,
    after the locks) with the capacity the locks leave, and never moves a locked pair; see `matching.fairness`.
    "weakest": the weakest unlocked pair as strong as possible among assignments with at least as many pairs as
    the objective's optimum, then the highest total. "stable": no unlocked mentee and mentor with room (or a
    mentee it likes less) who would both rather have each other.

    `bonus` ([n_mentees, n_mentors], >= 0; the mentees' wishes): added to a pair's worth when choosing, never to its
    score, so which pairs may appear (feasible, the minimum score, capacities, locks) is decided without it. "total"
    and "coverage" maximise the sum of score + bonus; "weakest" lifts the weakest score, then that sum; "stable"
    lets each mentee rank mentors by score + bonus (the wish is theirs) and each mentor rank mentees by score."""
    if objective not in ("total", "coverage"):
        raise ValueError(f"unknown objective {objective!r}")
    if fairness not in ("total", "weakest", "stable"):
        raise ValueError(f"unknown fairness {fairness!r}")
    scores = np.asarray(total, dtype=np.float64)
    feasible = np.asarray(feasible, dtype=bool)
    given = np.asarray(capacities)
    if given.size and not np.issubdtype(given.dtype, np.integer):
        raise ValueError(f"capacities must be whole numbers, not {given.dtype}")  # 1.5 would silently become 1
    if math.isnan(min_score):
        raise ValueError("min_score must be a number")  # every comparison with NaN is False: nobody matched
    caps = given.astype(np.int64)
    if scores.ndim != 2 or feasible.shape != scores.shape or caps.shape != (scores.shape[1],):
        raise ValueError("total and feasible must be [n_mentees, n_mentors] and capacities [n_mentors]")
    if (caps < 0).any():
        raise ValueError("capacities must be >= 0")
    locked_pairs, remaining = _check_locks(locked, caps, feasible)
    values = scores if bonus is None else scores + _checked_bonus(bonus, scores.shape)

    open_mentees = np.ones(scores.shape[0], dtype=bool)
    open_mentees[[mentee for mentee, _ in locked_pairs]] = False
    admissible = feasible & (scores >= settled_minimum(min_score)) & np.isfinite(scores)
    admissible &= open_mentees[:, None] & (remaining > 0)[None, :]
    # Only mentees and mentors with an admissible pair enter the solver: smaller, same optimum.
    rows = np.flatnonzero(admissible.any(axis=1))
    mentors = np.flatnonzero(admissible.any(axis=0))
    if rows.size == 0:
        return sorted(locked_pairs)
    if rows.size < scores.shape[0] or mentors.size < scores.shape[1]:
        block = np.ix_(rows, mentors)
        scores, values, admissible = scores[block], values[block], admissible[block]
    slots = np.repeat(np.arange(mentors.size), np.minimum(remaining[mentors], rows.size))
    candidate = admissible & (values > 0) if objective == "total" else admissible
    if fairness == "stable":
        found = fair.stable(values, candidate, remaining[mentors], mentor_scores=scores)
    else:
        row_index, slot_index = linear_sum_assignment(_slot_costs(values, admissible, slots, objective))
        columns = slots[slot_index]
        keep = candidate[row_index, columns]
        found = list(zip(row_index[keep].tolist(), columns[keep].tolist(), strict=True))
        if fairness == "weakest":
            floor = min((float(scores[pair]) for pair in found), default=-np.inf)  # reached by `found`
            found = fair.lift_weakest(scores, candidate, remaining[mentors], len(found), floor, values=values)
    chosen = [(int(rows[i]), int(mentors[j])) for i, j in found]
    return sorted([*locked_pairs, *chosen])
