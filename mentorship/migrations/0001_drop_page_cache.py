"""Drop the whole-page cache's triggers, function and data-version sequence from a database that had them.

The page cache (removed) installed, after every migrate, two triggers on every table of the product's data
that bumped one sequence on each write. Nothing reads that sequence any more, and the triggers cost a call
on every row written, so they go. A database that never had them is left as it is.
"""

from django.db import migrations

TRIGGERS = ("mentorship_version_statement", "mentorship_version_commit")


def drop_page_cache(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname, n.nspname, c.relname FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE t.tgname = ANY(%s)",
            [list(TRIGGERS)],
        )
        for trigger, schema, table in cursor.fetchall():
            cursor.execute(f'DROP TRIGGER IF EXISTS "{trigger}" ON "{schema}"."{table}"')
        cursor.execute("DROP FUNCTION IF EXISTS mentorship_bump_data_version()")
        cursor.execute("DROP SEQUENCE IF EXISTS mentorship_data_version")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(drop_page_cache, migrations.RunPython.noop, elidable=True)]
