"""Thin tasks: given ids, they call a service. Retries stay far below the broker's one-hour visibility timeout."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from agreements import services

# Retried on what may pass (a database hiccup, a mail server or disk error); delays of 30 s doubling to 10 min.
RETRY = {
    "autoretry_for": (DatabaseError, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task(acks_late=True, time_limit=120, soft_time_limit=90, **RETRY)
def render_executed_agreement(agreement_id: int) -> None:
    """Render, store and email the executed agreement's PDF; does nothing for a step already done."""
    services.agreement_archive(agreement_id=agreement_id)


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50)
def archive_pending_agreements() -> int:
    """Hourly: queue the PDF of any executed agreement still waiting, e.g. when the broker was down at execution."""
    pending = services.agreements_to_archive()
    for agreement_id in pending:
        render_executed_agreement.delay(agreement_id)
    return len(pending)


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50, **RETRY)
def send_partner_news(news_id: int) -> bool:
    """Queued with a countdown at each event: records the burst's one email once it is due (the ledger sends it)."""
    return services.partner_news_send(news_id=news_id)


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def send_overdue_partner_news() -> int:
    """Hourly: tell the news whose task was lost (the broker was down when it was queued)."""
    return sum(services.partner_news_send(news_id=news_id) for news_id in services.partner_news_overdue())
