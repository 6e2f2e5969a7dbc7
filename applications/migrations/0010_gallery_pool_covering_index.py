"""A covering index for the gallery's pool version (matching/gallery_pool.py), read on every gallery page.

The version counts, sums and XORs the ids of a program's approved applications and takes their latest change:
with (program, status) leading and the id and updated_at carried in the index, PostgreSQL answers it from the
index alone instead of reading every application row of the table (about a third of the query's time with
1,500 mentors). PostgreSQL only (INCLUDE); the models do not name it, so the ORM's state is unchanged.
"""

from django.db import migrations

INDEX = "application_pool_version_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON applications_application (program_id, status) "
            "INCLUDE (id, updated_at)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("applications", "0009_matching_by_meaning")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
