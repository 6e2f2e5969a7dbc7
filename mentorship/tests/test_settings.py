"""The project starts on the real services and refuses a bad configuration with one line."""

import ast
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


def read_settings(*names: str, **env: str) -> dict[str, str]:
    code = f"from django.conf import settings; print(repr({{n: getattr(settings, n) for n in {names!r}}}))"
    result = run_manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip())


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
        ("DATABASE_URL", "mysql://user@localhost/mentorship"),  # django-environ knows it; this project has no driver
        ("DATABASE_URL", "sqlite:///var/db.sqlite3"),  # its migrations stop at the first array column
        ("DATABASE_URL", "postgres://localhost:5432"),  # no database name
        ("DATABASE_URL", "postgres://localhost:port/mentorship"),
        ("REDIS_URL", "redis://localhost:six/0"),
        ("CACHE_URL", "memcache://localhost:11211"),
        ("CELERY_RESULT_BACKEND_URL", "rabbit://localhost"),
        ("SECURE", "perhaps"),
        ("HSTS_SECONDS", "a year"),
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


def test_with_nothing_set_the_app_uses_the_local_postgresql_and_the_filesystem_broker():
    found = read_settings("DATABASES", "CELERY_BROKER_URL", DEBUG="true")
    assert found["DATABASES"]["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert (found["DATABASES"]["default"]["HOST"], found["DATABASES"]["default"]["NAME"]) == ("127.0.0.1", "mentorship")
    assert found["CELERY_BROKER_URL"] == "filesystem://"


def test_an_empty_variable_means_its_documented_default():
    found = read_settings("RESUME_MAX_BYTES", "ALLOWED_HOSTS", "SECURE", DEBUG="true", RESUME_MAX_BYTES="", SECURE="")
    assert found == {"RESUME_MAX_BYTES": 5 * 1024 * 1024, "ALLOWED_HOSTS": ["127.0.0.1", "localhost"], "SECURE": False}


def test_lists_are_split_on_commas_and_trimmed():
    found = read_settings("ALLOWED_HOSTS", DEBUG="true", ALLOWED_HOSTS="a.example.org, b.example.org")
    assert found == {"ALLOWED_HOSTS": ["a.example.org", "b.example.org"]}


def test_redis_url_alone_gives_the_broker_results_and_cache_each_their_own_keys():
    found = read_settings(
        "CELERY_BROKER_URL",
        "CELERY_RESULT_BACKEND",
        "CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS",
        "CELERY_RESULT_EXPIRES",
        "CACHES",
        DEBUG="true",
        REDIS_URL="redis://redis.internal:6379/4",
        CACHE_URL="",
    )
    assert found["CELERY_BROKER_URL"] == found["CELERY_RESULT_BACKEND"] == "redis://redis.internal:6379/4"
    assert found["CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS"] == {"global_keyprefix": "results:"}
    assert found["CELERY_RESULT_EXPIRES"] > 0
    cache = found["CACHES"]["default"]
    assert cache["BACKEND"] == "mentorship.redis_cache.RedisCache"  # Django's, one client per pool
    assert (cache["LOCATION"], cache["KEY_PREFIX"]) == ("redis://redis.internal:6379/4", "cache")
    assert cache["TIMEOUT"] > 0


def test_results_and_cache_can_each_have_their_own_redis():
    found = read_settings(
        "CELERY_BROKER_URL",
        "CELERY_RESULT_BACKEND",
        "CACHES",
        DEBUG="true",
        REDIS_URL="redis://broker.internal:6379/0",
        CELERY_RESULT_BACKEND_URL="redis://broker.internal:6379/1",
        CACHE_URL="redis://cache.internal:6379/0",
    )
    assert found["CELERY_BROKER_URL"] == "redis://broker.internal:6379/0"
    assert found["CELERY_RESULT_BACKEND"] == "redis://broker.internal:6379/1"
    assert found["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/0"


def test_pages_carry_a_content_security_policy(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_every_variable_the_settings_read_is_in_the_readmes_configuration_table():
    tree = ast.parse((ROOT / "mentorship" / "settings.py").read_text())
    read = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and getattr(node.func.value, "id", None) == "env"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Configuration") : readme.index("\n## ", readme.index("## Configuration") + 1)]
    documented = {line.split("`")[1] for line in table.splitlines() if line.startswith("| `")}
    assert len(read) > 15
    assert read == documented


def test_every_apps_tests_are_collected_by_a_plain_run():
    """An app whose tests folder is missing from pytest.ini's testpaths would never be tested by `make test`."""
    import configparser
    from pathlib import Path

    from django.conf import settings

    from mentorship.tests.project import project_apps

    config = configparser.ConfigParser()
    config.read(Path(settings.BASE_DIR) / "pytest.ini")
    collected = set(config["pytest"]["testpaths"].split())
    ours = {app.label for app in project_apps() if (Path(app.path) / "tests").is_dir()}
    assert ours - collected == set()
