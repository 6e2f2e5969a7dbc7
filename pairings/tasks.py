"""Thin tasks about the relationship: given nothing or ids, they call a service."""

from __future__ import annotations

from celery import shared_task

from agreements.tasks import RETRY
from pairings import services


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240, **RETRY)
def complete_pairings() -> int:
    """Daily: complete the pairings whose term has ended. Idempotent."""
    return services.complete_pairings()
