"""The project starts on the real services and refuses a bad configuration with one line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_suite_runs_on_postgresql(db):
    # pytest.ini points DATABASE_URL at the machine's PostgreSQL; CI (CI set) must never fall back to SQLite.
    assert connection.vendor == "postgresql"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql-ish:not a url"),
        ("REDIS_URL", "http://localhost:6379"),
        ("TIME_ZONE", "Mars/Olympus_Mons"),
        ("DEBUG", "perhaps"),
        ("EMAIL_URL", "pigeon://coop"),
        ("RESUME_MAX_BYTES", "five megabytes"),
    ],
)
def test_a_malformed_variable_stops_start_up_with_one_clear_line(variable, value):
    result = run_manage("check", **{"DEBUG": "true", variable: value})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error:")
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x7!kq2Lm9#vR4tZp8sW1nB6yC3dF5gH0jK-aQeUoIiPl7MnBv-only-in-this-test",
        ALLOWED_HOSTS="mentorship.example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/mentorship",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="false")
    assert result.returncode != 0
    assert result.stderr.strip() == "Configuration error: SECRET_KEY must be set when DEBUG is off"


def test_with_nothing_set_the_app_uses_sqlite_and_the_filesystem_broker():
    code = (
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "filesystem://"]


def test_pages_carry_a_content_security_policy(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
