"""Time the speed coaching scheduler on a made-up session (coaching/synthetic.py, seeded).

    python manage.py bench_speed_coaching --coaches 60 --learners 250 --rounds 6

Wall time (time.perf_counter) covers coaching.scheduler.plan only; making up the session is not counted. "Wished
coach met" is the share of the learners who wished for any coach and meet at least one of them. A line before the
last times what the chair's "Re-plan" at the door asks of the scheduler: the rounds from the middle one on, with five
walk-ins and five no-shows."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from coaching.scheduler import Learner, plan, replan, violations
from coaching.synthetic import synthetic_session


class Command(BaseCommand):
    help = "Time the speed coaching scheduler on a made-up session."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--coaches", type=int, default=60)
        parser.add_argument("--learners", type=int, default=250)
        parser.add_argument("--rounds", type=int, default=6)
        parser.add_argument("--group-size", type=int, default=1)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, coaches: int, learners: int, rounds: int, group_size: int, seed: int, **options) -> None:
        problem = synthetic_session(coaches, learners, rounds, group_size=group_size, seed=seed)
        started = time.perf_counter()
        schedule = plan(problem)
        seconds = time.perf_counter() - started
        broken = violations(schedule)
        if broken:
            raise SystemExit(f"the schedule breaks the rules: {broken[:3]}")
        wishing = [learner.id for learner in problem.learners if learner.wishes]
        met = len(schedule.wished_met()) / len(wishing) * 100 if wishing else 100.0
        sit_outs = schedule.sit_outs().values()
        self.stdout.write(
            f"{len(schedule.seats)} seats; sit-outs per learner from {min(sit_outs)} to {max(sit_outs)}; "
            f"{len(wishing)} learners wished for a coach"
        )
        walk_ins = [Learner(id=900_000 + i, areas=frozenset({"management"})) for i in range(5)]
        from_round = rounds // 2 + 1
        started = time.perf_counter()
        again = replan(schedule, from_round, walk_ins=walk_ins, no_shows=problem.learners[:5])
        door = time.perf_counter() - started
        if violations(again):
            raise SystemExit("the re-plan breaks the rules")
        self.stdout.write(f"door re-plan from round {from_round}, 5 walk-ins, 5 no-shows: {door:.2f} s")
        self.stdout.write(
            f"speed coaching {coaches}x{learners}x{rounds}: {seconds:.2f} s, fit {schedule.fit}, "
            f"wished coach met {met:.0f}%"
        )
