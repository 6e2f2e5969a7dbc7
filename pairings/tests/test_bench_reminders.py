import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def scan(pairs: int) -> tuple[int, int]:
    out = io.StringIO()
    call_command("bench_reminders", pairs=pairs, stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    match = re.fullmatch(rf"reminder scan: {pairs} pairs in [\d.]+ s, (\d+) queries, (\d+) notices", last)
    assert match, last
    return int(match.group(1)), int(match.group(2))


def test_the_scan_runs_the_same_number_of_queries_for_100_and_400_pairs():
    small_queries, small_notices = scan(100)
    large_queries, large_notices = scan(400)
    assert small_queries == large_queries
    assert large_notices > small_notices > 0
