"""The whole-page cache is gone, and `migrate` removes what it left in an existing database."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from applications.models import Program

# What the removed page cache installed after every migrate, as it did it.
OLD_INSTALL = [
    "CREATE SEQUENCE IF NOT EXISTS mentorship_data_version",
    "CREATE OR REPLACE FUNCTION mentorship_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN PERFORM nextval('mentorship_data_version'); RETURN NULL; END $$",
]
OLD_TABLES = ["applications_program", "applications_application", "matching_pairing"]


def install_old_page_cache() -> None:
    with connection.cursor() as cursor:
        for statement in OLD_INSTALL:
            cursor.execute(statement)
        for table in OLD_TABLES:
            cursor.execute(
                "CREATE TRIGGER mentorship_version_statement AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION mentorship_bump_data_version()'
            )
            cursor.execute(
                f'CREATE CONSTRAINT TRIGGER mentorship_version_commit AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mentorship_bump_data_version()"
            )


def page_cache_leftovers() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'mentorship\\_version\\_%%'")
        triggers = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relkind = 'S' "
            "AND (relname LIKE 'mentorship\\_version\\_%%' OR relname = 'mentorship_data_version')"
        )
        sequences = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = 'mentorship_bump_data_version'")
        functions = cursor.fetchone()[0]
    return {"triggers": triggers, "sequences": sequences, "functions": functions}


@pytest.mark.django_db(transaction=True)
def test_migrate_drops_the_old_page_cache_triggers_and_sequence_from_an_existing_database():
    call_command("migrate", "mentorship", "zero", verbosity=0)
    install_old_page_cache()
    assert page_cache_leftovers() == {"triggers": 6, "sequences": 1, "functions": 1}

    call_command("migrate", verbosity=0)

    assert page_cache_leftovers() == {"triggers": 0, "sequences": 0, "functions": 0}
    Program.objects.filter(pk=-1).update(name="x")  # writes no longer call a missing function


@pytest.mark.django_db
def test_a_fresh_database_has_no_page_cache_and_pages_are_never_marked_cached(client, mentee):
    client.force_login(mentee)
    response = client.get("/")

    assert page_cache_leftovers() == {"triggers": 0, "sequences": 0, "functions": 0}
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
