"""`manage.py create_database`: create the configured PostgreSQL database when it does not exist yet.

`make run` calls it before `migrate`, so a newcomer's first run needs only the machine's PostgreSQL (127.0.0.1,
user `postgres`), not a `createdb` of their own. It connects to the server's `postgres` maintenance database with
the configured user, host and port; an existing database is left as it is.
"""

from __future__ import annotations

import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg2 import sql


class Command(BaseCommand):
    help = "Create the configured PostgreSQL database if it does not exist."
    requires_system_checks = []  # the checks would read the database this command is about to create

    def handle(self, *args, **options) -> None:
        database = settings.DATABASES["default"]
        name = database["NAME"]
        server = {
            "dbname": "postgres",
            "user": database.get("USER") or None,
            "password": database.get("PASSWORD") or None,
            "host": database.get("HOST") or None,
            "port": database.get("PORT") or None,
        }
        try:
            connection = psycopg2.connect(**{key: value for key, value in server.items() if value is not None})
        except psycopg2.OperationalError as error:
            start = ""
            if server["host"] in {None, "127.0.0.1", "localhost"}:
                start = "\nStart it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
            raise CommandError(f"PostgreSQL is not reachable: {str(error).strip()}{start}") from None
        connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if cursor.fetchone():
                    self.stdout.write(f"Database {name} is there.")
                    return
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                self.stdout.write(f"Created the database {name}.")
        finally:
            connection.close()
