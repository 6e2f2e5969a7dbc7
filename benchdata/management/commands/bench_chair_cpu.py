"""The chair's pages of `make bench-web`, measured in-process: CPU ms per request and the queries each makes.

Wall-clock figures under load are noisy on a shared machine; the CPU this process spends on a request (the
view, the templates, the ORM) is not, nor is the CPU of the PostgreSQL backend serving it (read from /proc, its
average over the measured requests, when the database runs on this machine; ticks of 10 ms, so ask for enough
requests). Builds
or reuses the bench data exactly as `make bench-web` does (`bench_web_seed`, the same sizes), then opens each
chair's page with the chair's session through Django's test client: a few warm-up requests, then `--requests`
measured ones, then one more with its queries counted. `--profile PAGE` prints where one page's time goes.

Run it with the settings of the benchmark's server (DEBUG off, plain HTTP), on a bench database:

    DEBUG=false SECRET_KEY=bench ALLOWED_HOSTS=127.0.0.1 SECURE=false DATABASE_URL=postgres://.../bench_db \\
        .venv/bin/python manage.py bench_chair_cpu [--requests 20] [--profile admin_proposals]
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import statistics
import time
from functools import partial

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchdata.management.commands.bench_page_cpu import backend_cpu_seconds, backend_pid

CHAIR_PAGES = ["admin_applications", "admin_proposals", "dashboard"]
# The sizes scripts/bench_web.py gives the seeder by default.
SIZES = ["--mentors", "1500", "--applications", "5000", "--users", "50", "--requests", "40", "--proposals", "1500"]


def _timed(waited: list[float], execute, sql, params, many, context):
    """An execute wrapper adding each query's wall time (sent, run, rows read back) to `waited[0]`."""
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        waited[0] += time.perf_counter() - started


class Command(BaseCommand):
    help = "CPU ms per request and query count of the chair's bench-web pages, measured in this process."

    def add_arguments(self, parser):
        parser.add_argument("--pages", default=",".join(CHAIR_PAGES), help="Comma-separated subset of the pages.")
        parser.add_argument("--requests", type=int, default=20, help="Measured requests per page.")
        parser.add_argument("--warmup", type=int, default=3, help="Unmeasured requests per page first.")
        parser.add_argument("--profile", default="", help="A page to profile (cProfile).")
        parser.add_argument("--sort", default="cumulative", help="The profile's order: cumulative, tottime...")
        parser.add_argument("--top", type=int, default=40, help="Lines of the profile to print.")
        parser.add_argument("--queries", action="store_true", help="Print each page's queries and their times.")
        parser.add_argument("--sql-chars", type=int, default=300, help="Characters of each query's SQL to print.")

    def handle(self, *args, pages: str, requests: int, warmup: int, profile: str, **options):
        wanted = [page.strip() for page in pages.split(",") if page.strip()]
        if unknown := set(wanted + ([profile] if profile else [])) - set(CHAIR_PAGES):
            raise CommandError(f"unknown pages: {', '.join(sorted(unknown))}")
        out = io.StringIO()
        call_command("bench_web_seed", *SIZES, stdout=out, stderr=self.stderr)
        entries = json.loads(out.getvalue().strip().splitlines()[-1])
        for page in wanted:
            client = self._client(entries[page][0]["cookie"])
            url = entries[page][0]["url"]
            for _ in range(warmup):
                self._get(client, url)
            cpu, wall, database, size = [], [], [], 0
            pid = backend_pid()
            backend_before = backend_cpu_seconds(pid)
            for _ in range(requests):
                waited = [0.0]
                started_cpu, started_wall = time.process_time(), time.perf_counter()
                with connection.execute_wrapper(partial(_timed, waited)):
                    size = len(self._get(client, url))
                cpu.append((time.process_time() - started_cpu) * 1000)
                wall.append((time.perf_counter() - started_wall) * 1000)
                database.append(waited[0] * 1000)
            backend_after = backend_cpu_seconds(pid)
            postgres = (
                f"PostgreSQL CPU {(backend_after - backend_before) * 1000 / requests:.1f} ms, "
                if None not in (backend_before, backend_after) and backend_pid() == pid
                else ""
            )
            with CaptureQueriesContext(connection) as captured:
                self._get(client, url)
            self.stdout.write(
                f"page {page}: CPU median {statistics.median(cpu):.1f} ms (min {min(cpu):.1f}, max {max(cpu):.1f}), "
                f"{postgres}wall median {statistics.median(wall):.1f} ms, of which waiting on the database "
                f"{statistics.median(database):.1f} ms, {len(captured)} queries, {size // 1024} KiB"
            )
            for query in captured.captured_queries if options["queries"] else ():
                self.stdout.write(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][: options['sql_chars']]}")
        if profile:
            client = self._client(entries[profile][0]["cookie"])
            self._profile(client, entries[profile][0]["url"], options["top"], options["sort"])

    @staticmethod
    def _client(cookie: str) -> Client:
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies.load(cookie)
        return client

    @staticmethod
    def _get(client: Client, url: str) -> bytes:
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}, not 200")
        return response.content

    def _profile(self, client: Client, url: str, top: int, sort: str) -> None:
        self._get(client, url)  # the process's first request loads the middleware
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            self._get(client, url)
        profiler.disable()
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(sort).print_stats(top)
        self.stdout.write(stream.getvalue())
