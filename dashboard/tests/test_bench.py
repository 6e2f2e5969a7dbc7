import io
import re

import pytest
from django.core.management import call_command

from applications.models import Program

pytestmark = pytest.mark.django_db


def test_the_benchmark_prints_its_figure_last_and_leaves_nothing_behind():
    out = io.StringIO()
    call_command("bench_dashboard", applications=60, pairs=20, runs=2, stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert re.fullmatch(r"dashboard: 60 applications, 20 pairs: median \d+ ms, 15 queries", last), last
    assert not Program.objects.exists()
