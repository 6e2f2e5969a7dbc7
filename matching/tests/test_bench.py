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


def test_bench_semantic_prints_the_embedding_time_and_the_scoring_from_stored_vectors():
    out = StringIO()
    call_command("bench_matching", semantic=True, mentors=30, mentees=20, stdout=out)
    lines = out.getvalue().splitlines()
    assert re.fullmatch(
        r"embedding: model load \d+\.\d\d s; \d+\.\d ms per application \(\d+\.\d ms CPU; median of the "
        r"evaluation set's 48, \d+ word pieces\), \d+ ms at 256 word pieces \(\d+ ms CPU\); 1 thread",
        lines[0],
    ), lines[0]
    assert re.fullmatch(
        r"text by meaning 30x20 from stored vectors: \d+\.\d\d s \(read and check fresh \d+\.\d\d s, multiply "
        r"\d+\.\d\d s\); whole score matrix with it \d+\.\d\d s; peak \d+ MB",
        lines[1],
    ), lines[1]


def test_bench_matching_with_teams_reports_the_exact_team_solve_beside_the_plain_sum():
    out = StringIO()
    call_command("bench_matching", teams=True, mentors=12, mentees=10, max_mentors=3, stdout=out)
    lines = out.getvalue().splitlines()
    assert re.fullmatch(
        r"dream teams 12x10, up to 3 mentors per mentee: solved exactly in \d+\.\d{2} s \(scoring and area cover "
        r"\d+\.\d{2} s; plain sum \d+\.\d{2} s\), peak \d+ MB",
        lines[-1],
    ), lines[-1]
    teams, plain = (next(line for line in lines if line.startswith(label)) for label in ("dream teams:", "plain sum:"))
    value = re.compile(r"team value (\d+\.\d+)")
    assert float(value.search(teams)[1]) >= float(value.search(plain)[1])  # the teams' own objective, at its best
