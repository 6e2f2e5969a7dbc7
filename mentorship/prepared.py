"""A busy query compiled once per process and planned once per database connection.

A query on a busy page costs three times before its first row comes back: the ORM compiles the queryset to SQL
(Python), PostgreSQL plans it (about 0.3 ms a joined table or subquery, measured: 1.3 ms for the navigation's
pairings query, against 0.2 ms to run it), then runs it. The first two do not depend on the request's values, only
on the query's shape, so a `PreparedQuery` builds its queryset once with stand-in values in place of the request's
(a user id no user has, a date long past), keeps the SQL, and on PostgreSQL PREPAREs it on each connection the
first time that connection runs it: a request then sends `EXECUTE name(values)`, which PostgreSQL runs on a plan
it keeps (its generic plan, once five runs have shown it to be as good as a plan made for the values).

Nothing here holds data: a write is seen at once, as by any query. What is kept is SQL text (per process) and a
plan (per connection), both dropped with the process or the connection; PostgreSQL re-plans by itself after a
migration changes a table. Elsewhere than PostgreSQL the queryset is simply built and run each time.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import QuerySet
from django.utils import timezone

# The PostgreSQL type of each kind of stand-in, spelt out in PREPARE so nothing is left for PostgreSQL to guess.
_TYPES = {int: "bigint", dt.date: "date", dt.datetime: "timestamptz", str: "text"}


def _forget_prepared(sender, connection, **kwargs) -> None:
    """A new connection has no prepared statement yet (PostgreSQL keeps them per connection, a session's life)."""
    connection.__dict__.pop("prepared_names", None)


connection_created.connect(_forget_prepared, dispatch_uid="mentorship.prepared")


class PreparedQuery:
    """`build(**stand_ins)` returns the queryset (values_list); `rows(**values)` runs it for the request's values.

    Each stand-in must be a value the query would never hold otherwise and of the exact type of the real value
    (int, date, datetime or str), so that it is found among the compiled parameters and nothing else is.
    """

    def __init__(self, name: str, build: Callable[..., QuerySet], **stand_ins: Any) -> None:
        self.name, self.build, self.stand_ins = name, build, stand_ins
        for key, value in stand_ins.items():
            if type(value) not in _TYPES:
                raise TypeError(f"{name}: the stand-in for {key} is a {type(value).__name__}")

    def rows(self, **values: Any) -> list[tuple]:
        if values.keys() != self.stand_ins.keys():
            raise TypeError(f"{self.name} takes {sorted(self.stand_ins)}, got {sorted(values)}")
        if connection.vendor != "postgresql":
            return list(self.build(**values))
        statement, order = self._prepared(timezone.get_current_timezone_name())
        arguments = [values[key] for key in order]
        with connection.cursor() as cursor:
            cursor.execute(f"EXECUTE {statement}({', '.join(['%s'] * len(arguments))})", arguments)
            return cursor.fetchall()

    @functools.cache  # noqa: B019 -- one per module-level query and time zone, kept for the process's life
    def _compiled(self, tzname: str) -> tuple[str, list[Any], list[str]]:
        """The SQL with PostgreSQL's $n in place of each stand-in; the other parameters (statuses, the time zone's
        name, constants) written into it, since they are the same on every request; the stand-ins' order."""
        sql, params = self.build(**self.stand_ins).query.sql_with_params()
        keys = {(type(value), value): key for key, value in self.stand_ins.items()}
        order: list[str] = []
        marked = []
        for value in params:
            key = keys.get((type(value), value))
            if key is None:
                marked.append(value)
                continue
            if key not in order:
                order.append(key)
            marked.append(_Placeholder(order.index(key) + 1))
        return sql, marked, order

    def _prepared(self, tzname: str) -> tuple[str, list[str]]:
        sql, marked, order = self._compiled(tzname)
        statement = f"{self.name}_{hashlib.sha1(tzname.encode()).hexdigest()[:8]}"  # noqa: S324 -- a name
        connection.ensure_connection()
        prepared: set[str] = connection.__dict__.setdefault("prepared_names", set())
        if statement not in prepared:
            types = ", ".join(_TYPES[type(self.stand_ins[key])] for key in order)
            # On the driver's own cursor: a step of the connection's set-up (as Django's own SET TIME ZONE is), not
            # one of the request's queries; `mogrify` writes the constant parameters in as SQL literals.
            with connection.connection.cursor() as cursor:
                body = cursor.mogrify(sql, marked).decode()
                cursor.execute(f"PREPARE {statement}({types}) AS {body}")
            prepared.add(statement)
        return statement, order


class _Placeholder:
    """PostgreSQL's $n, written into the SQL as it is by psycopg's `mogrify` (psycopg2's ISQLQuote protocol)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __conform__(self, protocol):
        return self

    def getquoted(self) -> bytes:
        return f"${self.n}".encode()
