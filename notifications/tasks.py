"""Delivering ledger notices. Retries with backoff; no delay exceeds the broker's visibility timeout."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from mentorship.mail import build_email
from notifications.models import Notice
from notifications.services import opt_out_url, unpack

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


def retry_delay(attempt: int) -> int:
    """Seconds before the next try: 1, 2, 4, 8... minutes, never past the broker's visibility timeout."""
    return min(60 * 2 ** max(0, attempt - 1), settings.CELERY_VISIBILITY_TIMEOUT // 2)


def deliver(notice: Notice) -> None:
    context = unpack(notice.context)
    if notice.user_id:
        context["stop_url"] = opt_out_url(notice.user_id, notice.kind)
    message = build_email(notice.template, [notice.to], context)
    if "stop_url" in context:
        message.extra_headers["List-Unsubscribe"] = f"<{context['stop_url']}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.send()


@shared_task(bind=True, acks_late=True, time_limit=60, soft_time_limit=50, max_retries=MAX_ATTEMPTS)
def send_notice(self, notice_id: int) -> str:
    # Claim it: only one worker moves a notice from queued/failed to sending.
    claimed = Notice.objects.filter(pk=notice_id, status__in=[Notice.Status.PENDING, Notice.Status.FAILED]).update(
        status=Notice.Status.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if not claimed:
        return "already handled"
    notice = Notice.objects.get(pk=notice_id)
    try:
        deliver(notice)
    except Exception as error:
        logger.warning("notice %s failed (attempt %s): %s", notice_id, notice.attempts, error)
        final = notice.attempts >= MAX_ATTEMPTS
        Notice.objects.filter(pk=notice_id).update(
            status=Notice.Status.GAVE_UP if final else Notice.Status.FAILED, last_error=str(error)[:2000]
        )
        if final:
            return "gave up"
        raise self.retry(exc=error, countdown=retry_delay(notice.attempts)) from error
    Notice.objects.filter(pk=notice_id).update(status=Notice.Status.SENT, sent_at=timezone.now(), last_error="")
    return "sent"


@shared_task(time_limit=120, soft_time_limit=100)
def requeue_stuck_notices() -> int:
    """Queue again what a lost task left behind: a notice never claimed, one whose worker died mid-send (long past
    the send task's time limit), or a failed one whose retry should long have run. Claims keep it to one send."""
    now = timezone.now()
    idle = now - dt.timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT)
    dead = now - dt.timedelta(minutes=10)
    stuck = (
        Notice.objects.filter(status=Notice.Status.PENDING, created_at__lt=idle)
        | Notice.objects.filter(status=Notice.Status.SENDING, claimed_at__lt=dead)
        | Notice.objects.filter(status=Notice.Status.FAILED, claimed_at__lt=idle)
    )
    ids = list(stuck.values_list("pk", flat=True))
    Notice.objects.filter(pk__in=ids, status=Notice.Status.SENDING, claimed_at__lt=dead).update(
        status=Notice.Status.FAILED
    )
    for notice_id in ids:
        send_notice.delay(notice_id)
    return len(ids)


@shared_task(time_limit=1800, soft_time_limit=1700, acks_late=True)
def run_daily_jobs(only: str | None = None) -> dict[str, int]:
    """Beat calls this once a day. Safe to run again the same day: the ledger sends nothing twice."""
    from notifications import jobs

    now = timezone.now()
    if only:
        return {only: jobs.job(only)(now)}
    return jobs.run_all(now)
