"""Dream teams: several mentors for a mentee in one run, chosen to cover different areas, solved exactly.

Plain numpy in and a list of (mentee_index, mentor_index) out; no Django here.

Where a program lets a mentee have several mentors, a run may give mentee i up to room[i] mentors. A plain sum of
pair scores would happily give a mentee three mentors strong in the same area; instead the areas a mentee wants
have diminishing returns. A pair's score holds its expertise part as worth[r] · cover[r, j] summed over the
mentee's area rows r (worth[r] = the expertise weight / the number of areas the mentee wants; cover[r, j] = 1 when
mentor j offers the area, the texts' likeness for "Other"). In a team, an area's credit is G(c) instead of c,
where c is the area's coverage summed over the team (and base[r], what the mentee's current mentors cover) and

    G(c) = Σ_l repeat^(l-1) · clip(c - (l - 1), 0, 1)      (slope 1 up to 1, then `repeat`, `repeat`², ...)

so the first mentor to cover an area earns it in full and each further one `repeat` times the one before. With one
mentor, G(c) = c and the team's value is the pair's score: the same numbers as a single-mentor run.

The team value of mentee i with mentors S (r over the mentee's area rows) is
    Σ_{j∈S} (score[i, j] + bonus[i, j] - Σ_r worth[r] · cover[r, j])
    + Σ_r worth[r] · (G(base[r] + Σ_{j∈S} cover[r, j]) - G(base[r]))
and the run maximises the sum over mentees. That is not a sum over pairs (a mentor's worth depends on the mentee's
other mentors), so no assignment or flow solver applies; it is an integer program solved exactly by HiGHS
(scipy.optimize.milp, relative gap 0): a 0/1 variable x per allowed pair and, per area row and coverage level l, a
variable y in [0, 1] with Σ_l y[r, l] <= base[r] + Σ_j cover[r, j] · x[i, j], earning worth[r] · repeat^(l-1).
As the earnings fall with l, the best y for given x fills the levels in order and earns exactly G; the y need not
be integers. The rules are the single-mentor solver's: feasible pairs only, pairs below the minimum score never
(compared at the totals' decimals), locks always (they use up the mentor's and the mentee's room), "total" leaves
out pairs worth nothing, "coverage" first gives the most mentees at least one mentor (a first solve), then the
highest value among those (a second). Mentors and mentees without an allowed pair never enter the program.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import maximum_flow

from matching.scoring import settled_minimum

# HiGHS stops at a proven optimum: no relative or absolute gap left.
EXACT = {"mip_rel_gap": 0.0, "presolve": True}


@dataclass(frozen=True, eq=False)
class Areas:
    """The areas mentees want, one row per (mentee, area), against every mentor of the run."""

    mentee: np.ndarray  # [rows] the mentee of each row
    cover: np.ndarray  # [rows, n_mentors] how much each mentor covers the area, in [0, 1]
    worth: np.ndarray  # [rows] what covering it in full adds to a pair's score (expertise weight / areas wanted)
    base: np.ndarray  # [rows] what the mentee's current mentors cover of it already

    @classmethod
    def none(cls, n_mentors: int) -> Areas:
        return cls(np.zeros(0, dtype=np.int64), np.zeros((0, n_mentors)), np.zeros(0), np.zeros(0))


def credit(coverage: np.ndarray, repeat: float) -> np.ndarray:
    """G(coverage): full credit up to 1, then `repeat` times the previous level's per level."""
    coverage = np.asarray(coverage, dtype=np.float64)
    levels = max(1, math.ceil(float(coverage.max(initial=0.0))))
    return sum(repeat**level * np.clip(coverage - level, 0.0, 1.0) for level in range(levels))


def team_value(
    pairs: Sequence[tuple[int, int]], total: np.ndarray, areas: Areas, repeat: float, bonus: np.ndarray | None = None
) -> float:
    """The objective above for a set of pairs: what `assign_teams` maximises."""
    value = sum(float(total[i, j]) + (float(bonus[i, j]) if bonus is not None else 0.0) for i, j in pairs)
    added = areas.base.copy()
    for i, j in pairs:
        rows = areas.mentee == i
        value -= float(areas.worth[rows] @ areas.cover[rows, j])
        added[rows] += areas.cover[rows, j]
    return value + float(areas.worth @ (credit(added, repeat) - credit(areas.base, repeat)))


def _check_locks(
    locked: Sequence[tuple[int, int]], feasible: np.ndarray, capacities: np.ndarray, room: np.ndarray
) -> list[tuple[int, int]]:
    """The chair's locks, checked: in range, feasible, each once, within the mentor's places and the mentee's room."""
    n_mentees, n_mentors = feasible.shape
    pairs = sorted({(int(i), int(j)) for i, j in locked})
    if len(pairs) != len(locked):
        raise ValueError("a pair is locked more than once")
    for i, j in pairs:
        if not (0 <= i < n_mentees and 0 <= j < n_mentors):
            raise ValueError(f"locked pair {(i, j)} is out of range")
        if not feasible[i, j]:
            raise ValueError(f"locked pair {(i, j)} is not feasible")
    mentees = np.bincount([i for i, _ in pairs], minlength=n_mentees)
    mentors = np.bincount([j for _, j in pairs], minlength=n_mentors)
    if (mentees > room).any():
        raise ValueError(f"mentee {int(np.argmax(mentees > room))} is locked with more mentors than they may have")
    if (mentors > capacities).any():
        mentor = int(np.argmax(mentors > capacities))
        raise ValueError(f"mentor {mentor} is locked beyond their capacity {capacities[mentor]}")
    return pairs


def assign_teams(
    total: np.ndarray,
    capacities: Sequence[int],
    room: Sequence[int],
    *,
    feasible: np.ndarray,
    areas: Areas,
    repeat: float,
    bonus: np.ndarray | None = None,
    locked: Sequence[tuple[int, int]] = (),
    min_score: float = 0.0,
    objective: str = "total",
    fairness: str = "total",
) -> list[tuple[int, int]]:
    """Optimal pairs (mentee_index, mentor_index), sorted: mentee i gets at most room[i] mentors, mentor j at most
    capacities[j] mentees, each pair at most once, maximising the team values (see the module's note).

    `fairness` "weakest": among the assignments with at least as many unlocked pairs as the objective's optimum, the
    weakest unlocked pair's score as high as it can be, then the highest team value: the largest score t at which a
    maximum flow (mentees' room, mentors' places, each pair once) over the pairs scoring t or more still reaches that
    count (a binary search over the scores), then the integer program over those pairs with that many at least."""
    if objective not in ("total", "coverage"):
        raise ValueError(f"unknown objective {objective!r}")
    if fairness not in ("total", "weakest"):
        raise ValueError(f"unknown fairness {fairness!r} for teams")
    if not 0 <= repeat <= 1:
        raise ValueError("repeat must be in [0, 1]: a repeated area never earns more than a new one")
    scores = np.asarray(total, dtype=np.float64)
    feasible = np.asarray(feasible, dtype=bool)
    caps, room_left = np.asarray(capacities, dtype=np.int64), np.asarray(room, dtype=np.int64)
    if scores.ndim != 2 or feasible.shape != scores.shape or caps.shape != (scores.shape[1],):
        raise ValueError("total and feasible must be [n_mentees, n_mentors] and capacities [n_mentors]")
    if room_left.shape != (scores.shape[0],) or (caps < 0).any() or (room_left < 0).any():
        raise ValueError("room must be [n_mentees] and room and capacities >= 0")
    if areas.cover.shape != (areas.mentee.size, scores.shape[1]):
        raise ValueError("areas must have one cover row per area row, over the run's mentors")
    values = scores if bonus is None else scores + np.asarray(bonus, dtype=np.float64)
    locks = _check_locks(locked, feasible, caps, room_left)
    allowed = feasible & (scores >= settled_minimum(min_score)) & np.isfinite(scores)
    allowed &= (room_left > 0)[:, None] & (caps > 0)[None, :]
    if objective == "total":
        allowed &= values > 0
    for i, j in locks:
        allowed[i, j] = True
    mentee_of, mentor_of = np.nonzero(allowed)
    if mentee_of.size == 0:
        return []
    fixed = np.zeros(mentee_of.size, dtype=bool)
    if locks:
        position = {pair: k for k, pair in enumerate(zip(mentee_of.tolist(), mentor_of.tolist(), strict=True))}
        fixed[[position[pair] for pair in locks]] = True
    found = _solve(values, caps, room_left, areas, repeat, mentee_of, mentor_of, fixed, objective)
    if fairness == "total":
        return found
    free = [pair for pair in found if pair not in set(locks)]
    if not free:
        return found
    seats = caps - np.bincount([j for _, j in locks], minlength=caps.size)
    room_free = room_left - np.bincount([i for i, _ in locks], minlength=room_left.size)
    threshold = _weakest_threshold(
        scores, mentee_of[~fixed], mentor_of[~fixed], seats, room_free, len(free), min(scores[p] for p in free)
    )
    keep = fixed | (scores[mentee_of, mentor_of] >= threshold)
    return _solve(
        values, caps, room_left, areas, repeat, mentee_of[keep], mentor_of[keep], fixed[keep], "total", len(free)
    )


def _weakest_threshold(
    scores: np.ndarray,
    mentee_of: np.ndarray,
    mentor_of: np.ndarray,
    seats: np.ndarray,
    room: np.ndarray,
    count: int,
    floor: float,
) -> float:
    """The largest pair score t (of these pairs, at or above `floor`, which reaches `count`) such that the pairs
    scoring t or more still make `count` pairs: a maximum flow source -> mentee (room) -> mentor (1 per pair) ->
    sink (places). Fewer pairs are left as t rises, so the search is monotone."""
    pair_scores = scores[mentee_of, mentor_of]
    values = np.unique(pair_scores[pair_scores >= floor])
    n_mentees, n_mentors = scores.shape
    source, sink = n_mentees + n_mentors, n_mentees + n_mentors + 1

    def reaches(threshold: float) -> bool:
        use = pair_scores >= threshold
        tails = np.concatenate([np.full(n_mentees, source), mentee_of[use], n_mentees + np.arange(n_mentors)])
        heads = np.concatenate([np.arange(n_mentees), n_mentees + mentor_of[use], np.full(n_mentors, sink)])
        capacity = np.concatenate([room, np.ones(int(use.sum()), dtype=np.int64), seats]).astype(np.int32)
        graph = csr_matrix((capacity, (tails, heads)), shape=(sink + 1, sink + 1))
        return maximum_flow(graph, source, sink).flow_value >= count

    low, high = 0, values.size - 1  # values[low] (the floor) always reaches count
    while low < high:
        middle = (low + high + 1) // 2
        if reaches(float(values[middle])):
            low = middle
        else:
            high = middle - 1
    return float(values[low])


def _solve(
    values: np.ndarray,
    caps: np.ndarray,
    room: np.ndarray,
    areas: Areas,
    repeat: float,
    mentee_of: np.ndarray,
    mentor_of: np.ndarray,
    fixed: np.ndarray,
    objective: str,
    at_least: int = 0,
) -> list[tuple[int, int]]:
    """The integer program. Variables: x per allowed pair, y per (area row, level), and for "coverage" a z in
    [0, 1] per mentee with z <= Σ_j x[i, j] (1 only for a mentee given someone). `at_least`: that many unlocked
    pairs at least."""
    n_pairs, (n_mentees, n_mentors) = mentee_of.size, values.shape
    # Area rows the allowed pairs can cover at all, each with as many levels as its coverage can reach.
    by_pair = _cover_of_pairs(areas, mentee_of, mentor_of)  # [rows, pairs]
    rows = np.flatnonzero((areas.worth > 0) & (by_pair.getnnz(axis=1) > 0))
    by_pair = by_pair[rows]
    levels = np.ceil(areas.base[rows] + room[areas.mentee[rows]]).astype(np.int64)
    level_row = np.repeat(np.arange(rows.size), levels)  # the area row of each y
    level = np.arange(level_row.size) - np.repeat(np.cumsum(levels) - levels, levels)  # 0, 1, ... within a row
    n_levels, n_z = level_row.size, n_mentees if objective == "coverage" else 0
    n_vars = n_pairs + n_levels + n_z
    x, y, z = np.arange(n_pairs), n_pairs + np.arange(n_levels), n_pairs + n_levels + np.arange(n_z)

    def matrix(row_index, column_index, data, n_rows) -> csr_matrix:
        return coo_matrix((data, (row_index, column_index)), shape=(n_rows, n_vars)).tocsr()

    covered = by_pair.tocoo()
    constraints = [
        LinearConstraint(matrix(mentor_of, x, np.ones(n_pairs), n_mentors), -np.inf, caps),
        LinearConstraint(matrix(mentee_of, x, np.ones(n_pairs), n_mentees), -np.inf, room),
        LinearConstraint(  # Σ_l y[r, l] - Σ_p cover[r, p] x[p] <= base[r]
            matrix(
                np.concatenate([level_row, covered.row]),
                np.concatenate([y, x[covered.col]]),
                np.concatenate([np.ones(n_levels), -covered.data]),
                rows.size,
            ),
            -np.inf,
            areas.base[rows],
        ),
    ]
    # x earns the pair's value less its expertise part, which the y earn instead, level by level.
    earn = np.zeros(n_vars)
    earn[x] = values[mentee_of, mentor_of] - by_pair.T @ areas.worth[rows]
    earn[y] = areas.worth[rows][level_row] * repeat ** level.astype(np.float64)
    lower = np.zeros(n_vars)
    lower[x] = fixed
    bounds = Bounds(lower, np.ones(n_vars))
    integrality = np.zeros(n_vars)
    integrality[x] = 1
    if at_least:
        unlocked = np.zeros(n_vars)
        unlocked[x] = ~fixed
        constraints.append(LinearConstraint(unlocked[None, :], at_least, np.inf))
    if n_z:
        constraints.append(  # z_i - Σ_{p of i} x_p <= 0
            LinearConstraint(
                matrix(
                    np.concatenate([np.arange(n_z), mentee_of]),
                    np.concatenate([z, x]),
                    np.concatenate([np.ones(n_z), -np.ones(n_pairs)]),
                    n_mentees,
                ),
                -np.inf,
                0.0,
            )
        )
        count = np.zeros(n_vars)
        count[z] = 1
        most = _optimum(count, integrality, bounds, constraints)
        constraints.append(LinearConstraint(count[None, :], round(float(count @ most)) - 0.5, np.inf))
    chosen = _optimum(earn, integrality, bounds, constraints)[x] > 0.5
    return sorted(zip(mentee_of[chosen].tolist(), mentor_of[chosen].tolist(), strict=True))


def _optimum(earn: np.ndarray, integrality: np.ndarray, bounds: Bounds, constraints: list) -> np.ndarray:
    """The variables' values at a proven maximum of earn · variables."""
    result = milp(-earn, integrality=integrality, bounds=bounds, constraints=constraints, options=EXACT)
    if result.status != 0:
        raise RuntimeError(f"the team solver did not prove an optimum: {result.message}")
    return result.x


def _cover_of_pairs(areas: Areas, mentee_of: np.ndarray, mentor_of: np.ndarray) -> csr_matrix:
    """[area rows, pairs]: how much pair p's mentor covers row r, for the rows of pair p's mentee only."""
    rows_of: dict[int, list[int]] = {}
    for r, i in enumerate(areas.mentee.tolist()):
        rows_of.setdefault(i, []).append(r)
    row_index, pair_index = [], []
    for p, i in enumerate(mentee_of.tolist()):
        for r in rows_of.get(i, ()):
            row_index.append(r)
            pair_index.append(p)
    row_index, pair_index = np.array(row_index, dtype=np.int64), np.array(pair_index, dtype=np.int64)
    data = areas.cover[row_index, mentor_of[pair_index]] if row_index.size else np.zeros(0)
    keep = data > 0
    return coo_matrix(
        (data[keep], (row_index[keep], pair_index[keep])), shape=(areas.mentee.size, mentee_of.size)
    ).tocsr()
