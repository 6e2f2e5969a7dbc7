"""The benchmark command, on a tiny program: only the shape of its report."""

from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command

LAST_LINE = re.compile(
    r"matching 30x20: \d+\.\d{2} s, peak \d+ MB; at 25x25 \d+\.\d times faster than the pure-Python reference"
)


def test_bench_matching_ends_with_the_one_line_summary():
    out = StringIO()
    call_command("bench_matching", mentors=30, mentees=20, reference_size=25, stdout=out)
    lines = out.getvalue().splitlines()
    assert LAST_LINE.fullmatch(lines[-1]), lines[-1]
    assert any(line.startswith("25x25 objective: optimal ") and "greedy" in line for line in lines[:-1])
    fairness = next(line for line in lines if line.startswith("fairness "))
    assert re.search(r"lift the weakest pair \d+\.\d{2} s, .*; no pair would rather swap \d+\.\d{2} s", fairness)
