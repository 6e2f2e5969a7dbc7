"""The PDF benchmark runs without a database and ends with the line the issue asks for."""

import re

from django.core.management import call_command


def test_the_benchmark_prints_median_p95_and_peak_as_its_last_line(capsys):
    call_command("bench_agreement_pdf", count=2)
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r"agreement pdf: median \d+(\.\d)? ms, p95 \d+(\.\d)? ms, peak \d+ MB", last)
