"""Moving the test database between migration states, for the tests that fill an old layout and migrate it."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[tuple[str, str | None]]):
    """Migrate the test database to `targets`; the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    # A fresh render of that state: the one `migrate` returns after unapplying migrations of several apps can hold
    # models related to an older render of each other (Agreement.pairing to another Pairing class).
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def migrate_to_latest() -> None:
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
