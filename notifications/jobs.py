"""The daily jobs. Each takes `today` (so tests can walk through a term) and returns how many notices it queued.

Beat runs `run_daily_jobs` once a day; `python manage.py run_jobs` runs them by hand. Running one twice sends
nothing twice: every notice goes through the ledger (notifications.services.notify_once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.module_loading import import_string

JOBS: dict[str, str] = {
    "deadline_notices": "applications.jobs.deadline_notices",
}


def job(name: str) -> Callable[[dt.datetime], int]:
    return import_string(JOBS[name])


def run_all(now: dt.datetime) -> dict[str, int]:
    return {name: job(name)(now) for name in JOBS}
