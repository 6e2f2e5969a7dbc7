"""A per-person page cache for the busiest signed-in pages, invalidated by any write to the data.

The data version is a PostgreSQL sequence that triggers on every table of the product's data bump, both
when a statement runs (so a test's own, never committed, transaction sees its writes) and again when the
transaction commits (so a page read in between is not kept past the commit). Every write counts: the ORM,
`QuerySet.update()`, raw SQL, a `TRUNCATE`. Tables written all the time and never shown on a cached page
(sessions, the admin's log, the email ledger) have no trigger.

A cached page is keyed by the person, the full URL and the data version, so:
- nobody is ever served another person's page;
- any write anywhere makes every cached page stale at once (simple and safe, not clever);
- wording that depends on the clock ("2 minutes ago", a deadline passing) is about a minute late at most.
  A page is fresh for 45 to 60 seconds, at random, so pages cached together are not all rebuilt together;
  after that the first request rebuilds it while requests arriving meanwhile still get the old copy (up to
  two minutes old), so a busy page is never rebuilt by every worker at once.

Only a GET answered 200 with HTML is kept, and never while the person has a message waiting to be shown.
The CSRF tokens in a cached page are replaced by a placeholder and filled, on the way out, with a fresh
token for the request at hand. On SQLite (`make run`) there is no sequence and nothing is cached;
PAGE_CACHE=false turns the cache off everywhere.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
import time

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection, connections
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

SEQUENCE = "mentorship_data_version"
FUNCTION = "mentorship_bump_data_version"
# Written all the time, never shown on a cached page.
UNVERSIONED_APPS = {"sessions", "admin", "contenttypes", "django_celery_beat"}
UNVERSIONED_TABLES = {"notifications_notice"}
FRESH_SECONDS = (45, 60)
KEPT_SECONDS = 120  # a copy past its freshness is served only while another request rebuilds it
REBUILD_SECONDS = 10
_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER = "\x00csrf-placeholder\x00"


def versioned_tables() -> list[str]:
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in UNVERSIONED_APPS and model._meta.managed and not model._meta.proxy
    }
    return sorted(tables - UNVERSIONED_TABLES)


def install_triggers(using: str = "default", **kwargs) -> None:
    """Create the sequence and the triggers (idempotent; a no-op off PostgreSQL). Runs after every migrate."""
    conn = connections[using]
    if conn.vendor != "postgresql":
        return
    tables = versioned_tables()
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname IN ('mentorship_version_statement', 'mentorship_version_commit') "
            "AND c.relname = ANY(%s) AND c.relnamespace = 'public'::regnamespace",
            [tables],
        )
        if cursor.fetchone()[0] == 2 * len(tables):
            return
        # A new database starts its versions from the clock, so it never reuses an old database's cache keys.
        cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} START WITH {int(time.time() * 1_000_000)}")
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN PERFORM nextval('{SEQUENCE}'); RETURN NULL; END $$"
        )
        for table in tables:
            cursor.execute(f'DROP TRIGGER IF EXISTS mentorship_version_statement ON "{table}"')
            cursor.execute(f'DROP TRIGGER IF EXISTS mentorship_version_commit ON "{table}"')
            cursor.execute(
                "CREATE TRIGGER mentorship_version_statement AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()'
            )
            cursor.execute(
                f'CREATE CONSTRAINT TRIGGER mentorship_version_commit AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
            )


_installed: set[str] = set()  # databases seen with the sequence, so it is looked for once per process


def data_version() -> int | None:
    """The current data version, or None where there is none (SQLite, or before the first migrate)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        if connection.settings_dict["NAME"] not in _installed:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [SEQUENCE])
            if not cursor.fetchone()[0]:
                return None
            _installed.add(connection.settings_dict["NAME"])
        cursor.execute("SELECT last_value FROM mentorship_data_version")
        return cursor.fetchone()[0]


def _key(request: HttpRequest, version: int) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{connection.settings_dict['NAME']}:{request.user.pk}:{version}:{path}"


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


def cached_response(request: HttpRequest, render) -> HttpResponse:
    """`render()`'s response, or the same page from the cache when nothing has been written since."""
    version = data_version() if _cacheable(request) else None
    if version is None:
        return render()
    key = _key(request, version)
    hit = cache.get(key)
    if hit is not None:
        content_type, body, fresh_until = hit
        fresh = time.time() < fresh_until
        # Past its freshness, the one request that wins the rebuild renders; the others keep the copy.
        if fresh or not cache.add(f"{key}:rebuild", 1, REBUILD_SECONDS):
            response = HttpResponse(body.replace(_PLACEHOLDER, get_token(request)), content_type=content_type)
            response["X-Page-Cache"] = "hit" if fresh else "stale"
            return response
    response = render()
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    content_type = response.get("Content-Type", "")
    if response.status_code == 200 and not response.streaming and content_type.startswith("text/html"):
        body = _TOKEN.sub(rf"\g<1>{_PLACEHOLDER}\g<2>", response.content.decode(response.charset))
        fresh_until = time.time() + random.randint(*FRESH_SECONDS)  # noqa: S311 -- a spread, not a secret
        cache.set(key, (content_type, body, fresh_until), KEPT_SECONDS)
        cache.delete(f"{key}:rebuild")
        response["X-Page-Cache"] = "miss"
    return response


def per_person(view):
    """View decorator: the page is cached per person until the next write (see the module's docstring)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return cached_response(request, lambda: view(request, *args, **kwargs))

    return wrapper
