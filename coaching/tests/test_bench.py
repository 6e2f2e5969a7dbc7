from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command


def test_the_benchmark_prints_its_figures_as_its_last_line():
    out = StringIO()
    call_command("bench_speed_coaching", coaches=6, learners=20, rounds=3, stdout=out)
    *_, door, last = out.getvalue().strip().splitlines()
    assert re.fullmatch(r"door re-plan from round 2, 5 walk-ins, 5 no-shows: \d+\.\d\d s", door), door
    assert re.fullmatch(r"speed coaching 6x20x3: \d+\.\d\d s, fit \d+, wished coach met \d+%", last), last
