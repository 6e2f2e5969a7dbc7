"""Background work about applications. Thin: each task calls one function and is safe to run twice."""

from __future__ import annotations

from celery import shared_task

from applications.resumes import kept


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def discard_stale_kept_resumes() -> int:
    """Hourly: delete resumes kept for a form that was never sent again."""
    return kept.discard_stale()
