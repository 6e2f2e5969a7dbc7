"""The gallery's and the inbox's queries, compiled by the ORM once per process and then run as plain SQL.

Those pages are opened far more often than anything else, and the ORM takes longer to build and compile their
joins and subqueries (a millisecond or two each) than PostgreSQL takes to run them. A query is built once with
stand-in values (marks no real row has: negative ids, a slug no program may take), compiled, and each request
swaps its own values for the marks in the compiled parameters. On another database the query is built afresh
each time. Only SQL is kept, never a result.

On PostgreSQL each query is also a prepared statement of the connection (PREPARE once per connection, then
EXECUTE): planning these joins took PostgreSQL longer than running them, and a prepared statement is planned once
for all (PostgreSQL plans it again by itself after a migration changes a table it reads).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.sql.compiler import SQLCompiler

# Stand-ins: no row has a negative id, and a slug is letters, digits, hyphens and underscores only.
PERSON, PROGRAM, APPLICATION = -7_919_401, -7_919_402, -7_919_403
SLUG = "~slug~"
IDS = -7_919_404  # stands for an integer array (see `ids_in`)


_names = itertools.count(1)


class Compiled:
    """A query of `values_list` rows, built by `build(*marks)` and compiled once; run with real values."""

    def __init__(self, build: Callable[..., QuerySet], *marks: Any) -> None:
        self.build, self.marks = build, marks
        self.name = f"mentorship_compiled_{next(_names)}"

    @functools.cached_property
    def _compiled(self) -> tuple[SQLCompiler, str, str, tuple]:
        compiler = self.build(*self.marks).query.get_compiler(connection.alias)
        sql, params = compiler.as_sql()
        numbers = itertools.count(1)
        # psycopg2's placeholders as PostgreSQL's own ($1, $2...), "%%" back to "%".
        statement = re.sub(r"%[s%]", lambda m: f"${next(numbers)}" if m.group() == "%s" else "%", sql)
        arguments = ", ".join(["%s"] * len(params))
        execute = f"EXECUTE {self.name}({arguments})" if params else f"EXECUTE {self.name}"
        return compiler, f"PREPARE {self.name} AS {statement}", execute, params

    def rows(self, *values: Any) -> list[tuple]:
        if connection.vendor != "postgresql":
            return list(self.build(*values))
        compiler, prepare, execute, params = self._compiled
        swap = dict(zip(self.marks, values, strict=True))
        with connection.cursor() as cursor:
            if self.name not in _prepared():
                cursor.execute(prepare)
                _prepared().add(self.name)
            cursor.execute(execute, [_swap(param, swap) for param in params])
            # The fields' converters (a JSON column arrives as text), as the ORM would apply them.
            return list(compiler.results_iter(results=[cursor.fetchall()], tuple_expected=True))


def _prepared() -> set[str]:
    """The statements prepared on the connection open now: a new connection (after CONN_MAX_AGE, an error, a
    test's reconnect) starts with none."""
    state = getattr(connection, "_compiled_statements", None)
    if state is None or state[0] is not connection.connection:
        state = (connection.connection, set())
        connection._compiled_statements = state
    return state[1]


def _swap(param: Any, swap: dict) -> Any:
    # Only the marks' own types: True == 1 and 1.0 == 1 must not match an integer mark.
    return swap.get(param, param) if type(param) in (int, str) else param


def ids_in(ids: Sequence[int] | int) -> RawSQL | Sequence[int]:
    """For `pk__in=`: the mark `IDS` as one array parameter, so any number of ids runs the same compiled query
    (an `__in` list has a parameter per id); real ids (the build on another database) as they are."""
    return RawSQL("SELECT UNNEST(%s::integer[])", [IDS]) if ids == IDS else ids
