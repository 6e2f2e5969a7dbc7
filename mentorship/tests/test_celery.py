"""A task goes through the real Redis broker to a real worker and its result comes back."""

import os
from urllib.parse import urlsplit

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from mentorship.celery import app
from mentorship.tasks import ping

pytestmark = pytest.mark.celery_worker


def test_the_broker_is_redis():
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert app.connection().transport.driver_type == "redis"


def test_the_workers_use_this_test_processs_redis_database():
    """conftest.py gives each process of `make test` a Redis database of its own, so a real worker started here takes
    only this process's tasks: the broker and the results must be read from it, not from the one it started with."""
    own = urlsplit(settings.REDIS_URL).path
    assert urlsplit(app.connection().as_uri()).path == own
    assert urlsplit(app.backend.as_uri()).path == own
    given = int(urlsplit(os.environ["REDIS_URL"]).path.strip("/") or 0)
    assert own == f"/{given + int(os.environ.get('PYTEST_XDIST_WORKER', 'gw0').removeprefix('gw'))}"


def test_a_task_round_trips_through_a_real_worker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = ping.delay()
        assert result.get(timeout=20)["reply"] == "pong"
