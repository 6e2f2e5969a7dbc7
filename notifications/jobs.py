"""The daily jobs. Each takes `today` (so tests can walk through a term) and returns how many notices it queued.

Beat runs `run_daily_jobs` once a day; `python manage.py run_jobs` runs them by hand. Running one twice sends
nothing twice: every notice goes through the ledger (notifications.services.notify_once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.module_loading import import_string

JOBS: dict[str, str] = {
    "deadline_notices": "applications.jobs.deadline_notices",
    "checkin_reminders": "pairings.jobs.checkin_reminders",
    "agreement_nudges": "pairings.jobs.agreement_nudges",
    "event_requirements": "pairings.jobs.event_requirements",
    "term_endings": "pairings.jobs.term_endings",
    "pulses": "pairings.jobs.pulses",
}


def job(name: str) -> Callable[[dt.datetime], int]:
    return import_string(JOBS[name])


# What beat runs each morning: the relationship scan runs the five relationship jobs over one read of the pairs.
DAILY: dict[str, str] = {
    "deadline_notices": JOBS["deadline_notices"],
    "relationship_scan": "pairings.jobs.relationship_scan",
}


def run_all(now: dt.datetime) -> dict[str, int]:
    return {name: import_string(path)(now) for name, path in DAILY.items()}
