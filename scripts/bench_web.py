"""`make bench-web`: the busiest pages under load (a benchmark, not a test).

Migrates the bench database, builds its data set and sessions (`manage.py bench_web_seed`, in the benchdata
app), collects the static files, starts gunicorn on PostgreSQL and Redis exactly as in production (DEBUG off,
manifest static storage; only HTTPS is off, on loopback), then drives each page for a bounded time at N
concurrent connections (50 on the participants' pages, 5 on the chair's: an association has a handful of
chairs) from a separate process: `wrk` (installed from Debian when missing), else a Python asyncio
client run as a subprocess. Each request carries one of the logged-in sessions in turn. All the while a
background writer (`manage.py bench_web_write`) writes once a second, a check-in, a favourite or a login
in turn, so a page whose speed depended on nothing being written would show it.

Prints, per page, `page <name>: R req/s, median M ms, p99 P ms, E errors` and, as the last line,
`bench-web: worst p99 P ms (<page>)`. An error is any response other than 200 (a login redirect would
otherwise be measured as a fast success), a socket error (connect, read, write) or a timeout.
Gunicorn is always stopped, Ctrl-C included.

    .venv/bin/python scripts/bench_web.py [--duration 10] [--connections 50] [--chair-connections 5] [--workers 5]

Past 400 lines on purpose: one self-contained script (server, load generator, writer, report) run outside the
test suite, so a newcomer reads the whole measurement in one place.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "postgres://postgres@127.0.0.1:5432/mentorship_bench"
PAGES = [
    "home", "my_applications", "my_pairings", "pair_page", "agreement_page", "gallery", "request_inbox",
    "admin_applications", "admin_proposals", "dashboard",
]  # fmt: skip
# The chair's pages take the load of a handful of chairs (--chair-connections), the others that of the participants.
CHAIR_PAGES = {"admin_applications", "admin_proposals", "dashboard"}
# One line per page, then the worst p99 last; the format is read by people and by tests.
RESULT_LINE = "page {name}: {rate:.1f} req/s, median {median:.1f} ms, p99 {p99:.1f} ms, {errors} errors"


# The settings the benchmark sets itself; the rest of the environment passes through.
OWN_SETTINGS = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "CACHE_URL", "SECURE",
}  # fmt: skip


def bench_env(database_url: str, redis_url: str) -> dict[str, str]:
    """Production settings on loopback: DEBUG off, a throwaway key, plain HTTP."""
    env = {k: v for k, v in os.environ.items() if k not in OWN_SETTINGS}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECURE="false",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=None, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"bench-web: manage.py {args[0]} failed (exit {result.returncode})")
    return result.stdout


def ensure_wrk() -> str | None:
    """wrk from Debian, installed the way scripts/weasyprint_libs.sh installs libraries; None if impossible."""
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get") is None:
        return None
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    print("bench-web: installing wrk from Debian", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in ([*sudo, "apt-get", "update", "-qq"], [*sudo, "apt-get", "install", "-y", "-qq", "wrk"]):
        if subprocess.run(command, env=env, check=False).returncode != 0:
            return None
    return shutil.which("wrk")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(base: str, url: str, cookie: str = "", timeout: float = 30) -> tuple[int, bytes]:
    opener = urllib.request.build_opener(NoRedirect)
    # base is always http://127.0.0.1:<port>, built by this script.
    request = urllib.request.Request(base + url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def wait_until_up(base: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bench-web: gunicorn exited at start-up:\n{log.read_text()[-3000:]}")
        try:
            if fetch(base, "/", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"bench-web: gunicorn did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def check_sessions(base: str, pages: dict[str, list[dict[str, str]]]) -> None:
    """Every session really is logged in: 200 and the page shows the log-out button. Warms every worker too."""
    entries = [(name, e["url"], e["cookie"]) for name, page in pages.items() for e in page]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = pool.map(lambda entry: (entry, fetch(base, entry[1], entry[2])), entries)
        for (name, url, _), (status, body) in answers:
            if status != 200 or b"Log out" not in body:
                raise SystemExit(f"bench-web: {name} {url} is not a logged-in 200 (status {status}); refusing to run")


WRK_SCRIPT = """\
local entries = %(entries)s
local threads = {}

function setup(thread)
  thread:set("position", #threads * 7)
  table.insert(threads, thread)
end

function init(args)
  not200 = 0
end

function request()
  position = position %% #entries + 1
  local entry = entries[position]
  return wrk.format("GET", entry[1], {["Cookie"] = entry[2]})
end

function response(status, headers, body)
  if status ~= 200 then not200 = not200 + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("not200") end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, "max_us": %%d, ' ..
    '"connect": %%d, "read": %%d, "write": %%d, "timeout": %%d, "not200": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, bad))
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_wrk(wrk: str, base: str, entries, *, duration: float, connections: int, threads: int, timeout: float):
    table = "{" + ", ".join(f"{{{lua_string(e['url'])}, {lua_string(e['cookie'])}}}" for e in entries) + "}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"entries": table})
    try:
        command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", f"--timeout={timeout:g}s"]
        result = subprocess.run(
            [*command, "--latency", "-s", script.name, base + "/"], capture_output=True, text=True, check=False
        )
    finally:
        os.unlink(script.name)
    return parse_wrk(result.stdout + result.stderr)


def parse_wrk(output: str) -> dict[str, float]:
    """The figures from the BENCH_JSON line our Lua `done()` writes (wrk's own text rounds them)."""
    match = re.search(r"^BENCH_JSON (\{.*\})$", output, re.MULTILINE)
    if match is None:
        raise SystemExit(f"bench-web: could not read wrk's output:\n{output}")
    raw = json.loads(match.group(1))
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"] + raw["not200"]
    return {
        "rate": raw["requests"] / (raw["duration_us"] / 1e6),
        "median": raw["p50_us"] / 1000,
        "p99": raw["p99_us"] / 1000,
        "errors": errors,
        "requests": raw["requests"],
    }


# --- the fallback client: asyncio, HTTP/1.1 keep-alive, run in its own process ---


async def _one_request(reader, writer, host: str, url: str, cookie: str) -> tuple[int, bool]:
    """The response's status, and whether the connection stays open (gunicorn's sync workers close it)."""
    writer.write(f"GET {url} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nConnection: keep-alive\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.read()
        headers["connection"] = "close"
    kept = headers.get("connection", "").lower() != "close"
    if not kept:
        writer.close()
    return status, kept


async def _drive(port: int, entries, duration: float, connections: int, timeout: float) -> dict:
    latencies: list[float] = []
    errors = {"socket": 0, "timeout": 0, "not200": 0}
    deadline = time.monotonic() + duration
    host = f"127.0.0.1:{port}"

    async def connection(index: int) -> None:
        position, stream = index * 7, None
        while time.monotonic() < deadline:
            entry = entries[position % len(entries)]
            position += 1
            started = time.perf_counter()  # a new connection's set-up counts: a browser waits for it too
            try:
                if stream is None:
                    stream = await asyncio.open_connection("127.0.0.1", port)
                status, kept = await asyncio.wait_for(
                    _one_request(*stream, host, entry["url"], entry["cookie"]), timeout
                )
                latencies.append(time.perf_counter() - started)
                if not kept:  # a complete answer on a closed connection: the next request opens a new one
                    stream = None
                if status != 200:
                    errors["not200"] += 1
            except TimeoutError:
                errors["timeout"] += 1
                stream = None
            except (OSError, asyncio.IncompleteReadError, ValueError):
                errors["socket"] += 1
                stream = None

    started = time.monotonic()
    await asyncio.gather(*(connection(i) for i in range(connections)))
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0.0

    return {
        "rate": len(latencies) / elapsed,
        "median": percentile(0.5),
        "p99": percentile(0.99),
        "errors": sum(errors.values()),
        "requests": len(latencies),
    }


def run_python_client(port: int, entries, *, duration: float, connections: int, timeout: float) -> dict:
    config = json.dumps({"port": port, "entries": entries, "duration": duration, "connections": connections})
    result = subprocess.run(
        [PYTHON, __file__, "--client-process", "--timeout", str(timeout)],
        input=config,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench-web: the Python client failed:\n{result.stderr}")
    return json.loads(result.stdout)


def client_process(timeout: float) -> None:
    config = json.loads(sys.stdin.read())
    figures = asyncio.run(_drive(config["port"], config["entries"], config["duration"], config["connections"], timeout))
    print(json.dumps(figures))


# --- the run ---


def report(results: dict[str, dict[str, float]]) -> list[str]:
    lines = [RESULT_LINE.format(name=name, **figures) for name, figures in results.items()]
    worst = max(results, key=lambda name: results[name]["p99"])
    lines.append(f"bench-web: worst p99 {results[worst]['p99']:.1f} ms ({worst})")
    return lines


def cpu_seconds(master: int) -> float:
    """CPU time used so far by gunicorn's workers (Linux /proc), to tell when the server has gone idle."""
    total = 0.0
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return 0.0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def wait_until_idle(master: int, limit: float = 120) -> None:
    """The client has stopped, but requests it left in flight still run; let them finish before the next page."""
    deadline = time.monotonic() + limit
    before = cpu_seconds(master)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(master)
        if now - before < 0.05:
            return
        before = now


def short_window_note(name: str, figures: dict[str, float], connections: int, duration: float) -> str | None:
    """wrk counts only requests that finish inside the window: when each connection finished fewer than two,
    the slowest requests were cut off and the p99 understates the steady state (Little's law gives it)."""
    if figures["requests"] >= 2 * connections:
        return None
    steady = connections / figures["rate"] * 1000 if figures["rate"] else float("inf")
    return (
        f"  note: {name} finished only {figures['requests']} requests in {duration:g} s; at that rate "
        f"{connections} connections each wait about {steady:.0f} ms, so its p99 is understated "
        "(a longer --duration measures it)"
    )


def stop(server: subprocess.Popen) -> None:
    """Graceful stop (SIGTERM to the master, which stops its workers), then SIGKILL to the group if it lingers."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def wait_for_writer(writer: subprocess.Popen, timeout: float = 60) -> None:
    """Until the background writer has made its first write. Its start (a Python process loading Django and the
    bench data: a second or two of CPU) would otherwise land on the first page measured, as load of its own."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(writer.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if reader.is_alive() or not lines or not lines[0].startswith("bench_web_write: writing"):
        writer.kill()
        raise SystemExit(f"bench-web: the background writer did not start (exit {writer.poll()}): {lines}")


def stop_writer(writer: subprocess.Popen) -> str:
    """Stop the background writer (it finishes its write) and return its count of writes."""
    if writer.poll() is None:
        writer.send_signal(signal.SIGTERM)
    try:
        out, _ = writer.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(writer.pid, signal.SIGKILL)
        out, _ = writer.communicate()
    return (out or "").strip() or f"bench_web_write: exit {writer.returncode}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="Seconds of load per page (default 10).")
    parser.add_argument("--warmup", type=float, default=1, help="Unmeasured seconds of load per page first.")
    parser.add_argument("--connections", type=int, default=50, help="Connections on the participants' pages.")
    parser.add_argument("--chair-connections", type=int, default=5, help="Connections on the chair's pages.")
    # gunicorn's own advice, 2 x cores + 1 sync workers: each takes the next connection only when free, so
    # no request waits behind a busy worker while another is idle (gthread's keep-alive queues did: p99 = 5 x median).
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn worker processes.")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (gthread only).")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (sync, gthread).")
    parser.add_argument("--client-threads", type=int, default=2, help="wrk threads.")
    parser.add_argument("--timeout", type=float, default=30, help="A request slower than this is an error.")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--pages", default=",".join(PAGES), help="Comma-separated subset of: " + ", ".join(PAGES))
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", BENCH_DB))
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--mentors", type=int, default=1500)
    parser.add_argument("--applications", type=int, default=5000)
    parser.add_argument("--users", type=int, default=50, help="Logged-in mentees the requests rotate through.")
    parser.add_argument("--requests", type=int, default=40, help="Gallery requests in each mentor's inbox.")
    parser.add_argument("--proposals", type=int, default=1500, help="Proposed pairs in the chair's match run.")
    parser.add_argument("--write-interval", type=float, default=1.0, help="Seconds between background writes.")
    parser.add_argument("--client-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client_process:
        client_process(args.timeout)
        return
    pages_wanted = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = set(pages_wanted) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")

    # Ctrl-C raises KeyboardInterrupt even when started with SIGINT ignored (a background job); a plain
    # SIGTERM (kill, a CI timeout) unwinds the same way, so gunicorn is stopped in every case.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    wrk = None if args.client == "python" else ensure_wrk()
    if wrk is None and args.client == "wrk":
        raise SystemExit("bench-web: wrk is not installed and could not be installed")
    env = bench_env(args.database_url, args.redis_url)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    sizes = [
        *("--mentors", str(args.mentors), "--applications", str(args.applications), "--users", str(args.users)),
        *("--requests", str(args.requests), "--proposals", str(args.proposals)),
    ]
    pages = json.loads(manage(env, "bench_web_seed", *sizes).strip().splitlines()[-1])

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = Path(tempfile.mkstemp(prefix="bench-web-gunicorn-", suffix=".log")[1])
    gunicorn = [
        str(Path(PYTHON).parent / "gunicorn"),
        "mentorship.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={args.workers}",
        f"--threads={args.threads}",
        f"--worker-class={args.worker_class}",
        "--keep-alive=5",
        "--no-control-socket",  # gunicorn 27's default socket path is shared by every gunicorn of this user
        f"--error-logfile={log}",
    ]
    client = f"wrk, {args.client_threads} threads" if wrk else "Python asyncio client"
    print(
        f"bench-web: gunicorn {args.workers} {args.worker_class} workers x {args.threads} threads, "
        f"{os.cpu_count()} cores; "
        f"{args.connections} connections on participants' pages, {args.chair_connections} on the chair's ({client}), "
        f"{args.duration:g} s per page; "
        f"{args.mentors} mentors, {args.applications} applications, {args.users} logged-in mentees and their "
        f"mentors, {args.proposals} proposals; a write every {args.write_interval:g} s; "
        f"load average before start {os.getloadavg()[0]:.2f} (other work on the machine skews the figures)",
        flush=True,
    )
    results: dict[str, dict[str, float]] = {}
    interrupted, server, writer = False, None, None
    try:
        # Its own session: Ctrl-C reaches only this script, which then stops gunicorn in order.
        server = subprocess.Popen(gunicorn, cwd=ROOT, env=env, start_new_session=True)
        wait_until_up(base, server, log)
        check_sessions(base, {name: pages[name] for name in pages_wanted})
        writer = subprocess.Popen(
            [PYTHON, "manage.py", "bench_web_write", "--interval", str(args.write_interval)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        wait_for_writer(writer)
        for name in pages_wanted:
            connections = args.chair_connections if name in CHAIR_PAGES else args.connections
            for seconds in (args.warmup, args.duration):  # the first run only warms up
                if seconds <= 0:
                    continue
                options = {"duration": seconds, "connections": connections, "timeout": args.timeout}
                if wrk:
                    figures = run_wrk(wrk, base, pages[name], threads=args.client_threads, **options)
                else:
                    figures = run_python_client(port, pages[name], **options)
                wait_until_idle(server.pid)
            results[name] = figures
            print(RESULT_LINE.format(name=name, **figures), flush=True)
            note = short_window_note(name, figures, connections, args.duration)
            if note:
                print(note, flush=True)
            if server.poll() is not None:
                raise SystemExit(f"bench-web: gunicorn died during the run:\n{log.read_text()[-3000:]}")
            if writer.poll() is not None:
                raise SystemExit(f"bench-web: the background writer stopped (exit {writer.returncode})")
    except KeyboardInterrupt:
        interrupted = True
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the stop short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if writer is not None:
            print(stop_writer(writer), flush=True)
        if server is not None:
            stop(server)
    warnings = log.read_text().strip()
    log.unlink()
    if warnings and any(word in warnings for word in ("Traceback", "ERROR", "CRITICAL")):
        print(f"bench-web: gunicorn logged errors:\n{warnings[-3000:]}", file=sys.stderr)
    if interrupted:
        raise SystemExit("bench-web: interrupted; gunicorn stopped")
    if results:
        print(report(results)[-1])


if __name__ == "__main__":
    main()
