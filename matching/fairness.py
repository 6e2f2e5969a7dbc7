"""The two fairness choices besides the best total, on an already-decided set of candidate pairs.

Plain numpy in, a list of (mentee_index, mentor_index) out; no Django here. `matching.assignment.assign`
decides which pairs may appear at all (feasible, at or above the minimum score, not using a locked mentee or a
locked seat) and hands those "candidate" pairs here with the capacity left after the locks. So both choices
respect locks, forbidden pairs, the minimum score and capacities exactly as the best total does.

"lift the weakest pair" (`lift_weakest`): among the assignments that match at least as many mentees as
`pair_count` (the best total's number of pairs, held fixed), the weakest pair is as strong as possible;
among those, the highest total. Exact: the weakest possible pair's score is the largest candidate score t
such that a maximum matching on the pairs scoring t or more still reaches `pair_count` (binary search over the
sorted distinct scores; the matching is Hopcroft-Karp on mentor seats), then the best total among pairs at or
above t with at least `pair_count` pairs (one assignment solve, below).

"no pair would rather swap" (`stable`): deferred acceptance with mentor capacities, mentees proposing. Each
mentee ranks the mentors of its candidate pairs by score, best first; each mentor ranks mentees the same way
(`mentor_scores`, by default the same pair scores); ties go to the lower index. The result has no blocking
pair: no mentee and mentor of a candidate pair who both prefer each other to what they have (a mentor with a
free seat prefers any candidate mentee to an empty seat). With one score per pair seen by both sides (how
this project scores), it is the greedy matching: take the highest-scoring candidate pair left, again and again;
that is the only stable matching when scores do not tie, and its total is at least half the best total.
"""

from __future__ import annotations

import heapq

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching


def _seats(capacities: np.ndarray, n_mentees: int) -> np.ndarray:
    """Mentor index of each seat: mentor j gets min(capacity, n_mentees) seats."""
    return np.repeat(np.arange(capacities.size), np.minimum(capacities, n_mentees))


def max_pairs(candidate: np.ndarray, capacities: np.ndarray) -> int:
    """How many pairs at most: a maximum matching of mentees to mentor seats over the candidate pairs."""
    if not candidate.any():
        return 0
    seats = _seats(capacities, candidate.shape[0])
    graph = csr_matrix(candidate[:, seats])
    matched = maximum_bipartite_matching(graph, perm_type="column")
    return int((matched >= 0).sum())


def weakest_threshold(
    scores: np.ndarray, candidate: np.ndarray, capacities: np.ndarray, pair_count: int, floor: float = -np.inf
) -> float:
    """The largest candidate score t such that `pair_count` pairs can still be made from pairs scoring t or more.

    Reaching `pair_count` pairs needs fewer and fewer pairs left out as t falls, so the search is monotone.
    `floor`: a threshold already known to reach `pair_count` (the best total's weakest pair), so no pair below it
    matters. The mentee-seat edges are listed once; each step keeps those at or above its threshold."""
    candidate = candidate & (scores >= floor)
    values = np.unique(scores[candidate])
    seats = _seats(capacities, candidate.shape[0])
    rows, columns = np.nonzero(candidate[:, seats])
    edge_scores = scores[rows, seats[columns]]
    shape = (candidate.shape[0], seats.size)
    low, high = 0, values.size - 1  # values[low] always reaches pair_count (every candidate pair is in play)
    while low < high:
        middle = (low + high + 1) // 2
        keep = edge_scores >= values[middle]
        graph = csr_matrix((np.ones(int(keep.sum()), dtype=np.int8), (rows[keep], columns[keep])), shape=shape)
        if int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum()) >= pair_count:
            low = middle
        else:
            high = middle - 1
    return float(values[low])


def best_total_with_at_least(
    scores: np.ndarray, candidate: np.ndarray, capacities: np.ndarray, pair_count: int
) -> list[tuple[int, int]]:
    """The highest total among assignments of at least `pair_count` candidate pairs (one must exist).

    Every mentee takes a column: a mentor's seat (minus its score; a non-candidate pair costs more than any
    assignment could gain, so it is never taken while a valid one exists) or one of n - pair_count "no mentor"
    columns worth 0. So at least `pair_count` mentees get seats, and the total among those is the highest."""
    n_mentees = scores.shape[0]
    seats = _seats(capacities, n_mentees)
    real = np.where(candidate[:, seats], -scores[:, seats], 0.0)
    forbidden_cost = n_mentees * (float(np.abs(scores[candidate]).max(initial=0.0)) * 2 + 1) + 1
    real[~candidate[:, seats]] = forbidden_cost
    cost = np.hstack([real, np.zeros((n_mentees, n_mentees - pair_count))])
    rows, columns = linear_sum_assignment(cost)
    return sorted(
        (int(i), int(seats[c])) for i, c in zip(rows, columns, strict=True) if c < seats.size and candidate[i, seats[c]]
    )


def lift_weakest(
    scores: np.ndarray,
    candidate: np.ndarray,
    capacities: np.ndarray,
    pair_count: int,
    floor: float = -np.inf,
    *,
    values: np.ndarray | None = None,
) -> list[tuple[int, int]]:
    """Among assignments with at least `pair_count` pairs, the highest weakest pair, then the highest total.

    `floor`: the weakest pair of an assignment already known with `pair_count` pairs (it only saves time).
    `values`: what each pair is worth in that total when not its score (the score plus the mentee's wish)."""
    if pair_count <= 0 or not candidate.any():
        return []
    threshold = weakest_threshold(scores, candidate, capacities, pair_count, floor)
    worth = scores if values is None else values
    return best_total_with_at_least(worth, candidate & (scores >= threshold), capacities, pair_count)


def _ranking(values: np.ndarray, allowed: np.ndarray) -> list[list[int]]:
    """Per row, the allowed columns best first (ties: lower index first: a stable sort of the columns in order)."""
    order = np.argsort(np.where(allowed, -values, np.inf), axis=1, kind="stable")
    return [row[:count].tolist() for row, count in zip(order, allowed.sum(axis=1).tolist(), strict=True)]


def stable(
    scores: np.ndarray, candidate: np.ndarray, capacities: np.ndarray, mentor_scores: np.ndarray | None = None
) -> list[tuple[int, int]]:
    """Mentee-proposing deferred acceptance with capacities over the candidate pairs (see the module's note)."""
    n_mentees, n_mentors = scores.shape
    prefer = scores if mentor_scores is None else mentor_scores
    proposals = _ranking(scores, candidate)
    nxt = [0] * n_mentees
    # Each mentor's held mentees as a heap keyed by (mentor's liking, -index): the root is the one it likes least.
    held: list[list[tuple[float, int]]] = [[] for _ in range(n_mentors)]
    free = [i for i in range(n_mentees) if proposals[i]]
    while free:
        i = free.pop()
        while nxt[i] < len(proposals[i]):
            j = proposals[i][nxt[i]]
            nxt[i] += 1
            key = (float(prefer[i, j]), -i)
            if len(held[j]) < capacities[j]:
                heapq.heappush(held[j], key)
                break
            if held[j] and key > held[j][0]:
                _, loser = heapq.heapreplace(held[j], key)
                free.append(-loser)
                break
    return sorted((-minus_i, j) for j, heap in enumerate(held) for _, minus_i in heap)


def blocking_pairs(
    pairs: list[tuple[int, int]],
    scores: np.ndarray,
    candidate: np.ndarray,
    capacities: np.ndarray,
    mentor_scores: np.ndarray | None = None,
) -> list[tuple[int, int]]:
    """Candidate pairs whose mentee and mentor both prefer each other to what they have (ties: lower index)."""
    prefer = scores if mentor_scores is None else mentor_scores
    mentor_of = dict(pairs)
    mentees_of: dict[int, list[int]] = {}
    for i, j in pairs:
        mentees_of.setdefault(j, []).append(i)
    found = []
    for i, j in zip(*np.nonzero(candidate), strict=True):
        i, j = int(i), int(j)
        current = mentor_of.get(i)
        if current == j:
            continue
        if current is not None and (scores[i, current], -current) >= (scores[i, j], -j):
            continue  # the mentee is happier where it is
        held = mentees_of.get(j, [])
        if capacities[j] <= 0:
            continue  # no seat to offer
        if len(held) < capacities[j] or min((prefer[k, j], -k) for k in held) < (prefer[i, j], -i):
            found.append((i, j))
    return found


def greedy(scores: np.ndarray, candidate: np.ndarray, capacities: np.ndarray) -> list[tuple[int, int]]:
    """Highest-scoring candidate pair first, again and again (ties: lower mentee, then lower mentor)."""
    rows, columns = np.nonzero(candidate)
    order = np.lexsort((columns, rows, -scores[rows, columns]))
    room = capacities.astype(np.int64).copy()
    placed = np.zeros(scores.shape[0], dtype=bool)
    pairs = []
    for i, j in zip(rows[order].tolist(), columns[order].tolist(), strict=True):
        if not placed[i] and room[j] > 0:
            placed[i] = True
            room[j] -= 1
            pairs.append((i, j))
    return sorted(pairs)
