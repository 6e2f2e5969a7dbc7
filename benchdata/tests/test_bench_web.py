"""`make bench-web` measures logged-in pages, never login redirects: the seed's sessions are real logins."""

from __future__ import annotations

import asyncio
import importlib.util
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from applications.models import Application, Program
from matching.models import Favourite
from pairings.models import CheckIn, Pairing

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "home", "my_applications", "my_pairings", "pair_page", "agreement_page", "gallery", "request_inbox",
    "admin_applications", "admin_proposals", "dashboard",
}  # fmt: skip


def seed(mentors: int = 5, applications: int = 20, users: int = 2) -> dict[str, list[dict[str, str]]]:
    out = io.StringIO()
    sizes = ["--mentors", str(mentors), "--applications", str(applications), "--users", str(users)]
    sizes += ["--requests", "4", "--proposals", "3"]
    call_command("bench_web_seed", *sizes, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def get_with(client, entry: dict[str, str]):
    client.cookies.clear()
    client.cookies.load(entry["cookie"])  # the session, and the CSRF cookie a browser has after its first page
    return client.get(entry["url"])


@pytest.mark.django_db
def test_every_printed_session_is_logged_in_and_gets_its_page(client):
    pages = seed()

    assert set(pages) == PAGES
    assert len(pages["gallery"]) == 2
    assert len(pages["admin_applications"]) == len(pages["dashboard"]) == 1
    for name, entries in pages.items():
        for entry in entries:
            response = get_with(client, entry)
            assert response.status_code == 200, (name, entry["url"])
            assert response.wsgi_request.user.is_authenticated, name
    # The pages carry the data the benchmark is about.
    program = Program.objects.get(slug="bench-web")
    assert program.applications.count() == 20
    assert program.applications.approved().mentors().count() == 5
    assert len(get_with(client, pages["gallery"][0]).context["cards"]) == 5  # every mentor has room left
    admin = get_with(client, pages["admin_applications"][0])
    assert admin.wsgi_request.user.is_staff
    assert admin.context["cl"].result_count == 20
    assert get_with(client, pages["admin_proposals"][0]).context["cl"].result_count == 3
    inbox = get_with(client, pages["request_inbox"][0])
    assert inbox.wsgi_request.user.email.startswith("mentor")
    assert len(inbox.context["requests"]) == 4 + 1  # and the accepted request its pairing came from


@pytest.mark.django_db
def test_running_it_again_keeps_the_data_and_replaces_the_sessions(client):
    first = seed()
    pairings = set(Pairing.objects.values_list("pk", flat=True))
    second = seed()

    assert set(Pairing.objects.values_list("pk", flat=True)) == pairings
    assert Application.objects.count() == 20
    assert get_with(client, second["my_applications"][0]).status_code == 200
    # The previous run's sessions are gone: they would now be redirected to the login page.
    assert get_with(client, first["my_applications"][0]).status_code == 302


@pytest.mark.django_db
def test_other_sizes_rebuild_the_data():
    seed()
    seed(mentors=3, applications=8, users=1)
    assert Application.objects.filter(program__slug="bench-web").count() == 8
    assert Program.objects.filter(slug="bench-web").count() == 1


@pytest.mark.django_db
def test_the_background_writer_logs_check_ins_favourites_and_logins():
    seed()
    checkins, favourites = CheckIn.objects.count(), set(Favourite.objects.values_list("pk", flat=True))
    out = io.StringIO()

    call_command("bench_web_write", "--interval", "0", "--seconds", "0.5", stdout=out)

    ready, done = out.getvalue().splitlines()
    assert ready == "bench_web_write: writing"  # after its first write: what bench-web waits for before measuring
    writes = int(done.split()[1])
    assert writes >= 3
    assert CheckIn.objects.count() > checkins
    assert set(Favourite.objects.values_list("pk", flat=True)) != favourites


@pytest.mark.django_db
def test_the_cpu_harness_opens_each_page_logged_in_and_prints_its_line():
    seed()
    out = io.StringIO()

    pages = ["--page", "gallery", "--page", "request_inbox"]
    call_command("bench_page_cpu", *pages, "-n", "3", "--users", "2", stdout=out)

    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["page gallery", "page request_inbox"]
    cpu = r"[0-9.]+ ms CPU \(Django [0-9.]+ \+ PostgreSQL ([0-9.]+|\?)\)"
    line = rf"page gallery: {cpu}, [1-9][0-9]* queries, [0-9.]+ KB, 3 requests"
    assert re.fullmatch(line, lines[0]), lines[0]


@pytest.mark.django_db
def test_the_cpu_harness_refuses_a_database_without_the_bench_data():
    with pytest.raises(CommandError, match="bench_web_seed"):
        call_command("bench_page_cpu", "--page", "home", "-n", "1", stdout=io.StringIO())


def load_script():
    spec = importlib.util.spec_from_file_location("bench_web", ROOT / "scripts" / "bench_web.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_report_counts_redirects_and_socket_errors_and_ends_with_the_worst_p99():
    script = load_script()
    wrk_output = (
        "Running 10s test @ http://127.0.0.1:8000/\n"
        'BENCH_JSON {"requests": 2000, "duration_us": 10000000, "p50_us": 12500, "p99_us": 48000, "max_us": 60000, '
        '"connect": 0, "read": 1, "write": 0, "timeout": 2, "not200": 3}\n'
    )
    home = script.parse_wrk(wrk_output)
    gallery = {"rate": 5.0, "median": 900.0, "p99": 1900.0, "errors": 0, "requests": 50}

    lines = script.report({"home": home, "gallery": gallery})

    assert lines[0] == "page home: 200.0 req/s, median 12.5 ms, p99 48.0 ms, 6 errors"
    assert lines[-1] == "bench-web: worst p99 1900.0 ms (gallery)"


def test_a_window_too_short_for_a_slow_page_is_flagged():
    script = load_script()
    slow = {"rate": 2.4, "median": 4000.0, "p99": 9800.0, "errors": 0, "requests": 24}
    fast = {"rate": 180.0, "median": 270.0, "p99": 700.0, "errors": 0, "requests": 1800}

    assert "about 20833 ms" in script.short_window_note("gallery", slow, 50, 10)
    assert script.short_window_note("home", fast, 50, 10) is None


def test_the_python_client_counts_answers_on_connections_the_server_closes():
    """gunicorn's sync workers answer `Connection: close`: a whole 200 is a success, not a socket error."""
    script = load_script()

    async def scenario() -> dict:
        async def answer(reader, writer):
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(answer, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            return await script._drive(port, [{"url": "/", "cookie": ""}], 0.3, 2, 5)

    figures = asyncio.run(scenario())

    assert figures["requests"] > 0
    assert figures["errors"] == 0
