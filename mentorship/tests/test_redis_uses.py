"""On one Redis, an eviction policy may drop cache, session and result keys but never a queued task: every key the
app writes carries a TTL except the broker's, so `maxmemory-policy volatile-lru` can only evict the former."""

import runpy
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.cache import cache

from mentorship import settings as project_settings
from mentorship.celery import app
from mentorship.tasks import ping

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def derived_cache(settings, monkeypatch):
    """The cache settings.py derives from REDIS_URL alone (the tests' pytest.ini otherwise keeps it in memory)."""
    monkeypatch.delenv("CACHE_URL")
    monkeypatch.setenv("REDIS_URL", settings.REDIS_URL)  # this test process's own database (conftest.py)
    settings.CACHES = runpy.run_path(str(Path(project_settings.__file__)))["CACHES"]
    assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_URL


def broker_keys(client: redis.Redis) -> set[bytes]:
    """The broker's own keys, as kombu names them: its queues, its bindings (`_kombu.*`), unacknowledged messages."""
    with app.connection() as connection:
        channel = connection.default_channel
        names = {*app.amqp.queues, channel.unacked_key, channel.unacked_index_key, channel.unacked_mutex_key}
    return {key for key in client.scan_iter() if key.decode() in names or key.startswith(b"_kombu.")}


def keys_without_ttl(client: redis.Redis, before: set[bytes]) -> set[bytes]:
    """Of the keys written since `before` (a run of older code may have left some), those with no TTL."""
    return {key for key in client.scan_iter() if key not in before and client.ttl(key) == -1}


def test_only_the_brokers_keys_live_forever(derived_cache, client, django_user_model, db):
    store = redis.Redis.from_url(settings.REDIS_URL)
    before = set(store.scan_iter())
    user = django_user_model.objects.create_user(email="ttl@example.org", password="pw-long-enough-42", full_name="T")
    client.force_login(user)  # a session, cached_db: written to the database and the cache
    client.post("/accounts/login/", {"login": "ttl@example.org", "password": "wrong"})  # allauth's rate limits
    cache.set("probe", 1)
    queued = ping.delay()  # no worker yet: it waits in the broker's queue

    assert {b"celery"} <= broker_keys(store), "the task sits in its queue"
    assert keys_without_ttl(store, before) <= broker_keys(store)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert queued.get(timeout=20)["reply"] == "pong"

    assert keys_without_ttl(store, before) <= broker_keys(store)
    written = set(store.scan_iter()) - before - broker_keys(store)
    assert {key.decode().split(":")[0] for key in written} == {"cache", "results"}
