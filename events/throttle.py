"""A small counter in the cache that refuses a person's sixth try within ten minutes (the check-in code)."""

from __future__ import annotations

from django.core.cache import cache

TRIES = 5
WINDOW_SECONDS = 600


def try_allowed(key: str, *, tries: int = TRIES, window: int = WINDOW_SECONDS) -> bool:
    """Count one try under `key`; False once there have been more than `tries` in the window. The window starts at
    the first try and the key expires with it (every cache key carries a TTL)."""
    key = f"throttle:{key}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first try of a new window
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= tries
