"""The exact reference for the scheduler's tests: scipy.optimize.milp over the whole problem, in three stages
(the most learners meeting a wished coach; then the fewest sit-outs of the worst-off learner; then the most fit)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from coaching.scheduler import Problem, fit


@dataclass(frozen=True)
class Optimum:
    wished_met: int
    worst_sit_outs: int
    fit: int


def exact(problem: Problem, *, worst_sit_outs: int | None = None) -> Optimum:
    """The lexicographic optimum. With `worst_sit_outs`, the fit is the best among schedules that leave nobody
    out of more rounds than that (and still give the most learners a wished coach)."""
    coaches = {c.id: c for c in problem.coaches}
    learners = list(problem.learners)
    cells = [
        (li, c.id, r)
        for li, learner in enumerate(learners)
        for c in problem.coaches
        for r in sorted(c.rounds)
        if r <= problem.rounds
    ]
    n, n_l = len(cells), len(learners)
    # variables: x per cell, y per learner (meets a wished coach), t (the worst sit-outs)
    size = n + n_l + 1
    rows, lower, upper = [], [], []

    def add(coefficients: dict[int, float], lo: float, hi: float) -> None:
        row = np.zeros(size)
        for k, v in coefficients.items():
            row[k] += v
        rows.append(row)
        lower.append(lo)
        upper.append(hi)

    by_learner_round: dict[tuple[int, int], list[int]] = {}
    by_coach_round: dict[tuple[int, int], list[int]] = {}
    by_pair: dict[tuple[int, int], list[int]] = {}
    by_learner: dict[int, list[int]] = {}
    wished: dict[int, list[int]] = {}
    for k, (li, cid, r) in enumerate(cells):
        by_learner_round.setdefault((li, r), []).append(k)
        by_coach_round.setdefault((cid, r), []).append(k)
        by_pair.setdefault((li, cid), []).append(k)
        by_learner.setdefault(li, []).append(k)
        if cid in learners[li].wishes:
            wished.setdefault(li, []).append(k)
    for group in by_learner_round.values():
        add(dict.fromkeys(group, 1), 0, 1)
    for group in by_coach_round.values():
        add(dict.fromkeys(group, 1), 0, problem.group_size)
    for group in by_pair.values():
        add(dict.fromkeys(group, 1), 0, 1)
    for li in range(n_l):
        add({**dict.fromkeys(wished.get(li, []), -1), n + li: 1}, -np.inf, 0)  # y <= wished seats
        # rounds - seats <= t
        add({**dict.fromkeys(by_learner.get(li, []), 1), size - 1: 1}, problem.rounds, np.inf)
    integrality = np.ones(size)
    bounds = Bounds(np.zeros(size), np.r_[np.ones(n + n_l), problem.rounds])

    def solve(objective: np.ndarray, extra: list[tuple[dict[int, float], float, float]]) -> np.ndarray:
        constraint_rows = list(rows)
        lo, hi = list(lower), list(upper)
        for coefficients, a, b in extra:
            row = np.zeros(size)
            for k, v in coefficients.items():
                row[k] = v
            constraint_rows.append(row)
            lo.append(a)
            hi.append(b)
        result = milp(
            objective,
            constraints=LinearConstraint(np.array(constraint_rows), lo, hi),
            integrality=integrality,
            bounds=bounds,
        )
        assert result.success, result.message
        return np.round(result.x)

    y_all = {n + li: 1.0 for li in range(n_l)}
    stage1 = np.zeros(size)
    stage1[n : n + n_l] = -1
    best_wished = int(solve(stage1, [])[n : n + n_l].sum())
    stage2 = np.zeros(size)
    stage2[-1] = 1
    best_worst = int(solve(stage2, [(y_all, best_wished, np.inf)])[-1])
    allowed = best_worst if worst_sit_outs is None else worst_sit_outs
    stage3 = np.zeros(size)
    stage3[:n] = [-fit(learners[li], coaches[cid]) for li, cid, _ in cells]
    x = solve(stage3, [(y_all, best_wished, np.inf), ({size - 1: 1}, 0, allowed)])
    total = sum(fit(learners[li], coaches[cid]) for k, (li, cid, _) in enumerate(cells) if x[k] > 0.5)
    return Optimum(wished_met=best_wished, worst_sit_outs=best_worst, fit=int(total))
