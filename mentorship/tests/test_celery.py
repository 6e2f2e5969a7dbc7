"""A task goes through the real Redis broker to a real worker and its result comes back."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from mentorship.celery import app
from mentorship.tasks import ping

pytestmark = pytest.mark.celery_worker


def test_the_broker_is_redis():
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert app.connection().transport.driver_type == "redis"


def test_a_task_round_trips_through_a_real_worker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = ping.delay()
        assert result.get(timeout=20)["reply"] == "pong"
