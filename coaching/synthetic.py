"""A made-up speed coaching session for the benchmark and the tests, seeded: the same arguments give the same
session. Plain data, no Django."""

from __future__ import annotations

import random

from applications.vocabulary import Expertise
from coaching.scheduler import MAX_WISHES, Coach, Learner, Problem

AREAS = [area.value for area in Expertise if area != Expertise.OTHER]


def synthetic_session(
    coaches: int, learners: int, rounds: int, *, group_size: int = 1, seed: int = 0, availability: float = 0.85
) -> Problem:
    """Coaches strong in three areas who can do each round with the chance `availability` (at least one round);
    learners who want one to four areas and wish for up to five coaches, popular coaches more often."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, reproducible
    coach_list = []
    for index in range(coaches):
        can = frozenset(r for r in range(1, rounds + 1) if rng.random() < availability) or frozenset(
            {rng.randint(1, rounds)}
        )
        coach_list.append(Coach(id=index + 1, areas=frozenset(rng.sample(AREAS, 3)), rounds=can))
    popularity = [1 / (rank + 1) for rank in range(coaches)]
    learner_list = []
    for index in range(learners):
        wished: list[int] = []
        for _ in range(rng.randint(0, MAX_WISHES)):
            pick = rng.choices(range(1, coaches + 1), weights=popularity)[0]
            if pick not in wished:
                wished.append(pick)
        areas = frozenset(rng.sample(AREAS, rng.randint(1, 4)))
        learner_list.append(Learner(id=10_000 + index, areas=areas, wishes=tuple(wished)))
    return Problem(coaches=tuple(coach_list), learners=tuple(learner_list), rounds=rounds, group_size=group_size)
