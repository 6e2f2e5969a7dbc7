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
migration changes a table. Elsewhere than PostgreSQL the queryset is simply built and run each time. A compiled
query (SQL and the compiler that converts its rows) is shared by a process's threads; what is prepared is kept on
each thread's own connection.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

# The PostgreSQL type of each kind of stand-in, spelt out in PREPARE so nothing is left for PostgreSQL to guess. A
# tuple stands for a list of ids, passed as one array (see `ids_in`).
_TYPES = {int: "bigint", dt.date: "date", dt.datetime: "timestamptz", str: "text", tuple: "bigint[]"}


def ids_in(ids: Sequence[int]) -> RawSQL | Sequence[int]:
    """For `pk__in=`: a tuple stand-in as one array parameter, so any number of ids runs the same prepared query
    (an `__in` list has a parameter per id); real ids (the build on another database) as they are."""
    return RawSQL("SELECT UNNEST(%s)", [ids]) if isinstance(ids, tuple) else ids


def _forget_prepared(sender, connection, **kwargs) -> None:
    """A new connection has no prepared statement yet (PostgreSQL keeps them per connection, a session's life)."""
    connection.prepared_names = set()


connection_created.connect(_forget_prepared, dispatch_uid="mentorship.prepared")


class PreparedQuery:
    """`build(**stand_ins)` returns the queryset; `rows(**values)` runs a values_list() one for the request's values,
    `objects(**values)` a queryset of models (select_related included), each as the queryset itself would.

    Each stand-in must be a value the query would never hold otherwise and of the exact type of the real value
    (int, date, datetime or str; a tuple of ints for a list of ids, read through `ids_in`), so that it is found among
    the compiled parameters and nothing else is.
    """

    def __init__(self, name: str, build: Callable[..., QuerySet], **stand_ins: Any) -> None:
        self.name, self.build, self.stand_ins = name, build, stand_ins
        self._readings: dict[str, tuple] = {}  # per compiled statement: how objects() reads its rows
        for key, value in stand_ins.items():
            if type(value) not in _TYPES:
                raise TypeError(f"{name}: the stand-in for {key} is a {type(value).__name__}")

    def rows(self, **values: Any) -> list[tuple]:
        """The rows of a values_list() queryset, converted as the ORM converts them."""
        wrapper = connections[DEFAULT_DB_ALIAS]  # this thread's connection, looked up once (`connection` each time)
        if wrapper.vendor != "postgresql":
            return list(self.build(**values))
        compiled = self._compiled(timezone.get_current_timezone_name())
        return [tuple(row) for row in self._execute(wrapper, compiled, values)]

    def objects(self, **values: Any) -> list[Model]:
        """The models of a queryset of models, with the rows of its select_related() attached, as the ORM does."""
        wrapper = connections[DEFAULT_DB_ALIAS]
        if wrapper.vendor != "postgresql":
            return list(self.build(**values))
        compiled = self._compiled(timezone.get_current_timezone_name())
        model, db, start, end, names, populators, annotations = self._reading(compiled)
        found = []
        for row in self._execute(wrapper, compiled, values):
            obj = model.from_db(db, names, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for attribute, position in annotations:  # as Django's ModelIterable sets an annotation
                setattr(obj, attribute, row[position])
            found.append(obj)
        return found

    def _reading(self, compiled: _Compiled) -> tuple:
        """How `objects` reads a row (the model, its columns, the related rows' populators, the annotations' places):
        the same for every row of every run of one compiled query, so worked out once (Django does it again on each
        run of a queryset)."""
        reading = self._readings.get(compiled.statement)
        if reading is None:
            compiler, db = compiled.compiler, compiled.compiler.using
            select, klass_info = compiler.select, compiler.klass_info
            start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            names = [column[0].target.attname for column in select[start:end]]
            populators = get_related_populators(klass_info, select, db)
            annotations = tuple(compiler.annotation_col_map.items())
            reading = (klass_info["model"], db, start, end, names, populators, annotations)
            self._readings[compiled.statement] = reading
        return reading

    def _execute(self, wrapper: BaseDatabaseWrapper, compiled: _Compiled, values: dict[str, Any]) -> list[tuple]:
        if values.keys() != self.stand_ins.keys():
            raise TypeError(f"{self.name} takes {sorted(self.stand_ins)}, got {sorted(values)}")
        self._prepare(wrapper, compiled)
        with wrapper.cursor() as cursor:
            cursor.execute(compiled.execute, [values[key] for key in compiled.order])
            rows = cursor.fetchall()
        if compiled.compiler.has_extra_select:  # columns the ORM selects only to order by
            rows = [row[: compiled.compiler.col_count] for row in rows]
        if compiled.converters:  # as the ORM reads a value (a time zone, JSON): the compiler's own converters
            rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
        return rows

    @functools.cache  # noqa: B019 -- one per module-level query and time zone, kept for the process's life
    def _compiled(self, tzname: str) -> _Compiled:
        """The SQL with PostgreSQL's $n in place of each stand-in and the other parameters (statuses, the time
        zone's name, constants: the same on every request) written into it; the compiler, which reads the rows."""
        queryset = self.build(**self.stand_ins)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(fields):
            raise ValueError(f"{self.name}: a composite primary key is not read here")
        converters = compiler.get_converters(fields)  # kept: finding them costs more than reading a page's rows
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
        if set(order) != set(self.stand_ins):
            raise ValueError(f"{self.name}: a stand-in is missing from the compiled query")
        statement = f"{self.name}_{hashlib.sha1(tzname.encode()).hexdigest()[:8]}"  # noqa: S324 -- a name
        types = ", ".join(_TYPES[type(self.stand_ins[key])] for key in order)
        execute = f"EXECUTE {statement}({', '.join(['%s'] * len(order))})"
        return _Compiled(
            compiler, converters, statement, f"PREPARE {statement}({types}) AS {sql}", marked, order, execute
        )

    def _prepare(self, wrapper: BaseDatabaseWrapper, compiled: _Compiled) -> None:
        wrapper.ensure_connection()  # a new connection starts with an empty `prepared_names` (_forget_prepared)
        if not hasattr(wrapper, "prepared_names"):  # connected before this module was imported: nothing of ours yet
            wrapper.prepared_names = set()
        if compiled.statement not in wrapper.prepared_names:
            # On the driver's own cursor: a step of the connection's set-up (as Django's own SET TIME ZONE is), not
            # one of the request's queries; `mogrify` writes the constant parameters in as SQL literals.
            with wrapper.connection.cursor() as cursor:
                cursor.execute(cursor.mogrify(compiled.prepare, compiled.parameters))
            wrapper.prepared_names.add(compiled.statement)


@dataclass(frozen=True)
class _Compiled:
    compiler: SQLCompiler
    converters: dict[int, tuple[list, Any]]
    statement: str
    prepare: str
    parameters: list[Any]
    order: list[str]
    execute: str  # EXECUTE name(%s, ...): the request's values in the order of PREPARE's $n


class _Placeholder:
    """PostgreSQL's $n, written into the SQL as it is by psycopg's `mogrify` (psycopg2's ISQLQuote protocol)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __conform__(self, protocol):
        return self

    def getquoted(self) -> bytes:
        return f"${self.n}".encode()
