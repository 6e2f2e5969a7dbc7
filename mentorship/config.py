"""Reading settings from the environment.

Every value is validated here; a malformed one stops start-up with a single
line naming the variable, never a traceback (see `fail`).
"""

from __future__ import annotations

import os
import sys
import zoneinfo
from urllib.parse import urlsplit

import environ

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql", "sqlite"}
_REDIS_SCHEMES = {"redis", "rediss"}
_CACHE_SCHEMES = {"redis", "rediss", "locmemcache", "dummycache"}
_EMAIL_SCHEMES = {"smtp", "smtps", "smtp+tls", "smtp+ssl", "consolemail", "filemail", "memorymail", "dummymail"}


class ConfigError(Exception):
    """A setting from the environment is malformed."""


def fail(message: str) -> None:
    """Stop the process with one clear line on stderr."""
    sys.stderr.write(f"Configuration error: {message}\n")
    raise SystemExit(2)


def get_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use true or false)")


def get_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None


def get_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def get_database(name: str, default: str) -> dict:
    raw = os.environ.get(name) or default
    scheme = urlsplit(raw).scheme
    if scheme not in _DATABASE_SCHEMES:
        raise ConfigError(f"{name}={raw!r} is not a database URL (expected postgres://user@host:5432/name)")
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as exc:  # environ raises several kinds; all mean the same to the operator
        raise ConfigError(f"{name}={raw!r} cannot be parsed: {exc}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigError(f"{name}={raw!r} names no database (add /dbname at the end)")
    return config


def get_redis_url(name: str) -> str | None:
    raw = os.environ.get(name)
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in _REDIS_SCHEMES or not parts.hostname:
        raise ConfigError(f"{name}={raw!r} is not a Redis URL (expected redis://host:6379/0)")
    try:
        parts.port  # noqa: B018 -- raises ValueError on a bad port
    except ValueError:
        raise ConfigError(f"{name}={raw!r} has an invalid port") from None
    return raw


def get_email(name: str, default: str) -> dict:
    raw = os.environ.get(name) or default
    scheme = urlsplit(raw).scheme
    if scheme not in _EMAIL_SCHEMES:
        raise ConfigError(f"{name}={raw!r} is not an email URL (expected smtp://user:pass@host:587 or consolemail://)")
    try:
        return environ.Env.email_url_config(raw)
    except Exception as exc:
        raise ConfigError(f"{name}={raw!r} cannot be parsed: {exc}") from None


def get_cache(name: str, default: str) -> dict:
    raw = os.environ.get(name) or default
    scheme = urlsplit(raw).scheme
    if scheme not in _CACHE_SCHEMES:
        raise ConfigError(f"{name}={raw!r} is not a cache URL (expected redis://host:6379/1 or locmemcache://)")
    if scheme in _REDIS_SCHEMES:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": raw}
    return environ.Env.cache_url_config(raw)


def get_time_zone(name: str, default: str) -> str:
    raw = os.environ.get(name) or default
    try:
        zoneinfo.ZoneInfo(raw)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{name}={raw!r} is not a time zone (e.g. America/Los_Angeles)") from None
    return raw
