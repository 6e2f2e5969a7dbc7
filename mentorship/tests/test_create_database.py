"""`make run`'s first step on a fresh machine: `manage.py create_database` makes the configured database, once."""

import os
import uuid

import psycopg2
import pytest

from mentorship.tests.test_settings import run_manage

SERVER = "postgres://postgres@127.0.0.1:5432"


def on_server(statement: str, *params: str) -> tuple | None:
    connection = psycopg2.connect(dbname="postgres", user="postgres", host="127.0.0.1", port=5432)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


def exists(name: str) -> bool:
    return on_server("SELECT 1 FROM pg_database WHERE datname = %s", name) is not None


@pytest.fixture
def fresh_name():
    name = f"mentorship_fresh_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    yield name
    on_server(f'DROP DATABASE IF EXISTS "{name}"')  # a name made above, letters, digits and underscores


def test_it_creates_a_missing_database_then_leaves_it_as_it_is(fresh_name):
    assert not exists(fresh_name)
    first = run_manage("create_database", DEBUG="true", DATABASE_URL=f"{SERVER}/{fresh_name}")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == f"Created the database {fresh_name}."
    assert exists(fresh_name)
    again = run_manage("create_database", DEBUG="true", DATABASE_URL=f"{SERVER}/{fresh_name}")
    assert (again.returncode, again.stdout.strip()) == (0, f"Database {fresh_name} is there.")


def test_an_unreachable_server_is_named_with_the_command_that_starts_it():
    result = run_manage("create_database", DEBUG="true", DATABASE_URL="postgres://postgres@127.0.0.1:1/mentorship")
    assert result.returncode != 0
    assert "PostgreSQL is not reachable" in result.stderr
    assert "pg_ctlcluster" in result.stderr
