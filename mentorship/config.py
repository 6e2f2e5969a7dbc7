"""Reading settings from the environment: django-environ parses, this module makes it strict.

A malformed value stops start-up with a single line naming the variable (see `fail`), never a traceback, and never
a guess: plain django-environ reads DEBUG=perhaps as false and accepts a database this project has no driver for.
An empty variable counts as unset, so `VAR=` in an env file means the documented default.
"""

from __future__ import annotations

import os
import sys
import zoneinfo
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

# PostgreSQL only: the models keep arrays (ArrayField), hot pages run prepared statements (mentorship.prepared) and
# sort with explicit collations; django-environ knows many more engines, none of which would run this project.
DATABASE_ENGINES = {"django.db.backends.postgresql"}
CACHE_BACKENDS = {
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


class ConfigError(Exception):
    """A setting from the environment is malformed."""


def fail(message: str) -> None:
    """Stop the process with one clear line on stderr."""
    sys.stderr.write(f"Configuration error: {message}\n")
    raise SystemExit(2)


class Env(environ.Env):
    """django-environ's reader, strict: every error is a ConfigError naming the variable."""

    BOOLEAN_FALSE_STRINGS = ("false", "off", "no", "n", "0")
    PROBLEMS = {bool: "is not a boolean (use true or false)", int: "is not a whole number"}

    def __init__(self) -> None:
        super().__init__()
        self.ENVIRON = {name: value for name, value in os.environ.items() if value.strip()}

    @classmethod
    def parse_value(cls, value: Any, cast: Any) -> Any:
        if cast is bool and str(value).strip().lower() not in cls.BOOLEAN_TRUE_STRINGS + cls.BOOLEAN_FALSE_STRINGS:
            raise ValueError(value)
        return super().parse_value(value, cast)

    def get_value(self, var: str, cast: Any = None, default: Any = environ.Env.NOTSET, parse_default: bool = False):
        try:
            return super().get_value(var, cast=cast, default=default, parse_default=parse_default)
        except (ValueError, ImproperlyConfigured) as error:
            problem = self.PROBLEMS.get(cast, f"is not valid ({error})")
            raise ConfigError(f"{var}={self.ENVIRON.get(var)!r} {problem}") from None

    def _parsed(self, var: str, default: str, parse: Callable[[str], dict], example: str) -> dict:
        url = self.str(var, default=default)
        try:
            return parse(url)
        except (ValueError, KeyError, ImproperlyConfigured) as error:
            raise ConfigError(f"{var}={url!r} is not {example} ({error})") from None

    def database_config(self, var: str, default: str) -> dict:
        example = "a PostgreSQL URL (postgres://user@host:5432/name)"
        config = self._parsed(var, default, self.db_url_config, example)
        if config["ENGINE"] not in DATABASE_ENGINES or not config.get("NAME"):
            raise ConfigError(f"{var}={self.str(var, default=default)!r} is not {example}")
        return config

    def cache_config(self, var: str, default: str) -> dict:
        example = "a cache URL (redis://host:6379/0 or locmemcache://)"
        config = self._parsed(var, default, self.cache_url_config, example)
        if config["BACKEND"] not in CACHE_BACKENDS:
            raise ConfigError(f"{var}={self.str(var, default=default)!r} is not {example}")
        return config

    def email_config(self, var: str, default: str) -> dict:
        return self._parsed(var, default, self.email_url_config, "an email URL (smtp+tls://user:pass@host:587)")

    def redis_url(self, var: str, default: str | None = None) -> str | None:
        url = self.str(var, default=default)
        if url is None:
            return None
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 -- raises ValueError on a malformed port
        except ValueError as error:
            raise ConfigError(f"{var}={url!r} is not a Redis URL ({error})") from None
        if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
            raise ConfigError(f"{var}={url!r} is not a Redis URL (expected redis://host:6379/0)")
        return url

    def time_zone(self, var: str, default: str) -> str:
        name = self.str(var, default=default)
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"{var}={name!r} is not a time zone (e.g. America/Los_Angeles)") from None
        return name
