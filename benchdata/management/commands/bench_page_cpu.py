"""CPU per request of `make bench-web`'s pages, measured in-process (a benchmark, not a test).

Load on a shared machine skews wall-clock figures, but hardly the CPU a request costs: this command opens each
page `-n` times through Django's whole stack (the test client: every middleware, the session read from the
store, the template rendered) as the users `bench_web_seed` logs in, in turn, and prints per page the CPU
milliseconds per request of this process (`time.process_time`) and of its PostgreSQL backend (from /proc,
when the server runs on this machine), the queries of one request and the size of the page:

    page gallery: 4.1 ms CPU (Django 3.3 + PostgreSQL 0.8), 5 queries, 31.2 KB, 200 requests

Run it against the bench database after `bench_web_seed`, with the settings `make bench-web` uses (DEBUG off):

    DEBUG=false SECRET_KEY=... SECURE=false ALLOWED_HOSTS=127.0.0.1 DATABASE_URL=<bench db> REDIS_URL=... \\
        python manage.py bench_page_cpu --page gallery -n 200 [--profile 30]

`--profile N` runs the requests under cProfile (timed in CPU time) and prints the N costliest functions
(cumulative time; `--sort tottime` for their own time); `--sql` prints the SQL of one request.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import time
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from applications.models import Program
from benchdata.management.commands.bench_web_seed import (
    CHAIR_PAGES,
    MENTEE_PAGES,
    MENTOR_PAGES,
    SLUG,
    page_visitors,
    session_cookie,
)

PAGES = MENTEE_PAGES + MENTOR_PAGES + CHAIR_PAGES
ROUNDS = 5  # the requests run in rounds; the cheapest round is reported
LINE = (
    "page {name}: {total:.1f} ms CPU (Django {django:.1f} + PostgreSQL {pg}), "
    "{queries} queries, {kb:.1f} KB, {n} requests"
)


def backend_cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU of the PostgreSQL backend serving this process, when it runs on this machine."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backend_pid() -> int | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


class Command(BaseCommand):
    help = "CPU milliseconds per request of the bench-web pages, in-process (run bench_web_seed first)."

    def add_arguments(self, parser):
        parser.add_argument("--page", action="append", choices=PAGES, help="A page (repeatable); default: all.")
        parser.add_argument("-n", type=int, default=200, help="Measured requests per page (after one warm-up each).")
        parser.add_argument("--users", type=int, default=50, help="Users the requests rotate through.")
        parser.add_argument("--profile", type=int, default=0, metavar="N", help="Print the N costliest functions.")
        parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative (default), tottime, ...")
        parser.add_argument("--sql", action="store_true", help="Print the SQL of one request.")

    def handle(self, *args, page: list[str] | None, n: int, users: int, profile: int, sort: str, sql: bool, **options):
        self.sort, self.sql = sort, sql
        program = Program.objects.filter(slug=SLUG).first()
        if program is None:
            raise CommandError("No bench data: run `manage.py bench_web_seed` on this database first.")
        if settings.DEBUG:
            self.stderr.write("bench_page_cpu: DEBUG is on; production runs with it off (set DEBUG=false)")
        store_class = import_module(settings.SESSION_ENGINE).SessionStore
        visitors = page_visitors(program, users)
        host = (settings.ALLOWED_HOSTS or ["testserver"])[0]
        for name in page or PAGES:
            entries = visitors[name]
            clients = []
            for url, user in entries:
                client = Client(HTTP_HOST=host)
                client.cookies.load(session_cookie(store_class, user))
                clients.append((client, url))
            self._measure(name, clients, n, profile)

    def _measure(self, name: str, clients, n: int, profile: int) -> None:
        for client, url in clients:  # warm up: each worker process has long served these pages
            response = client.get(url)
            if response.status_code != 200 or b"Log out" not in response.content:
                raise CommandError(f"{name} {url} is not a logged-in 200 (status {response.status_code})")
        client, url = clients[0]
        queries = []  # counted by a wrapper: the request's start empties connection.queries
        with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
            size = len(client.get(url).content)
        if self.sql:
            self.stdout.write("\n\n".join(queries))
        # CPU time, not wall-clock: on a loaded machine a function's wait for its turn would swamp what it costs.
        profiler = cProfile.Profile(time.process_time) if profile else None
        pid = backend_pid()
        rounds: list[tuple[float, float | None]] = []  # (Django, PostgreSQL) ms per request of each round
        per_round = max(1, n // ROUNDS)
        for done in range(0, n, per_round):
            count = min(per_round, n - done)
            pg_before, started = backend_cpu_seconds(pid), time.process_time()
            if profiler:
                profiler.enable()
            for i in range(done, done + count):
                client, url = clients[i % len(clients)]
                client.get(url)
            if profiler:
                profiler.disable()
            django = (time.process_time() - started) * 1000 / count
            pg_after = backend_cpu_seconds(pid)
            pg = None if pg_before is None or pg_after is None else (pg_after - pg_before) * 1000 / count
            rounds.append((django, pg))
        # The cheapest round: other work on the machine only ever adds to a round's CPU (caches, migrations).
        django, pg = min(rounds, key=lambda r: r[0] + (r[1] or 0))
        if backend_pid() != pid:
            pg = None
        self.stdout.write(
            LINE.format(
                name=name,
                total=django + (pg or 0),
                django=django,
                pg="?" if pg is None else f"{pg:.1f}",
                queries=len(queries),
                kb=size / 1024,
                n=n,
            )
        )
        if profiler:
            text = io.StringIO()  # one write: Django's OutputWrapper would end each of pstats' pieces with a newline
            pstats.Stats(profiler, stream=text).sort_stats(self.sort).print_stats(profile)
            self.stdout.write(text.getvalue())
