"""The publish benchmark runs the real admin request and leaves nothing behind."""

import re

import pytest
from django.core.management import call_command

from accounts.models import User
from applications.models import Program
from notifications.models import Notice

pytestmark = pytest.mark.django_db


def test_the_publish_benchmark_prints_its_figures_last_and_leaves_nothing_behind(capsys):
    call_command("bench_publish", pairs=5, latency_ms=5)
    lines = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(r"fast mail: \d+ ms, \d+ queries, 10 emails recorded", lines[0]), lines[0]
    assert re.fullmatch(
        r"publish 5 pairs: \d+ ms with fast mail, \d+ ms with mail at 5 ms a message \(.*\)", lines[-1]
    ), lines[-1]
    assert (Program.objects.count(), User.objects.count(), Notice.objects.count()) == (0, 0, 0)
