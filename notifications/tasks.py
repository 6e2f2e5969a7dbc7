"""Delivering ledger notices: retried with capped backoff for three days, then put on the chair's list.

No countdown exceeds the broker's visibility timeout (a longer one would be delivered twice), and the next attempt
is stored on the row, so the hourly requeue finds whatever a lost message, a dead worker or a lost broker left."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from mentorship.mail import Look, build_email
from notifications.models import Notice
from notifications.services import KINDS, TRANSACTIONAL, opt_out_url, unpack

logger = logging.getLogger(__name__)
# A worker that claimed a notice and has not finished it this long after (the send task's time limit is 60 s) died.
DEAD_WORKER = dt.timedelta(minutes=10)
# A queued notice not claimed this long after it was recorded lost its message (e.g. the broker was down).
UNCLAIMED = dt.timedelta(minutes=10)
# A retry message arrives a moment after the stored time; it still counts as due.
DUE_SLACK = dt.timedelta(seconds=5)


def retry_delay(attempt: int) -> int:
    """Seconds before the next try: 1, 2, 4, 8... minutes, capped at half the broker's visibility timeout (a
    longer countdown would be delivered twice). Over the 72-hour window that is about 150 tries.

    Not Celery's autoretry_for/retry_backoff: those stop after a count of retries carried in the message, where
    the ledger stops at a time (72 hours from creation or from Send again) and counts tries on the row; and their
    jittered countdown is chosen inside Celery, so the row could not store the time the hourly requeue reads."""
    first = getattr(settings, "NOTICE_FIRST_RETRY_SECONDS", 60)  # a test with a real worker sets it to 1
    return min(first * 2 ** max(0, min(attempt, 20) - 1), settings.CELERY_VISIBILITY_TIMEOUT // 2)


def notice_look(notice: Notice) -> Look:
    """The association the notice was recorded for (its program's host, or a chapter's association), in its look;
    the installation's own name when there is none."""
    return Look.of(notice.association, notice.program)


def deliver(notice: Notice) -> None:
    context = unpack(notice.context)
    stoppable = notice.kind in KINDS and notice.user_id
    stop_url = opt_out_url(notice.user_id, notice.kind) if stoppable else ""
    message = build_email(notice.template, [notice.to], context, look=notice_look(notice), stop_url=stop_url)
    message.extra_headers["X-Notice"] = f"{notice.pk} {notice.kind}"  # which ledger row a message (or bounce) is
    if stoppable:
        message.extra_headers["List-Unsubscribe"] = f"<{stop_url}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    kind = TRANSACTIONAL.get(notice.kind)
    if kind is not None and kind.attach:
        for filename, content, mimetype in import_string(kind.attach)(context):
            message.attach(filename, content, mimetype)
    message.send()


def _failed_and_due(at: dt.datetime) -> Q:
    # A null next try: failed before the ledger kept one.
    return Q(status=Notice.Status.FAILED) & (Q(next_attempt_at__lte=at) | Q(next_attempt_at__isnull=True))


def _claim(notice_id: int) -> bool:
    """Only one worker moves a notice from queued (or failed and due) to sending."""
    now = timezone.now()
    sendable = Q(status=Notice.Status.PENDING) | _failed_and_due(now + DUE_SLACK)
    return bool(
        Notice.objects.filter(sendable, pk=notice_id).update(
            status=Notice.Status.SENDING, attempts=F("attempts") + 1, claimed_at=now, next_attempt_at=None
        )
    )


def _record_failure(notice: Notice, error: Exception) -> int | None:
    """Seconds until the next try, or None once the retry window is over (the notice goes on the chair's list)."""
    now = timezone.now()
    if now >= notice.retry_until:
        Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.GAVE_UP, last_error=str(error)[:2000])
        return None
    delay = retry_delay(notice.attempts)
    Notice.objects.filter(pk=notice.pk).update(
        status=Notice.Status.FAILED, last_error=str(error)[:2000], next_attempt_at=now + dt.timedelta(seconds=delay)
    )
    return delay


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50)
def send_notice(notice_id: int) -> str:
    if not _claim(notice_id):
        return "already handled or not due"
    notice = Notice.objects.select_related("program", "association").get(pk=notice_id)
    try:
        deliver(notice)
    except Exception as error:
        logger.warning("notice %s failed (attempt %s): %s", notice_id, notice.attempts, error)
        delay = _record_failure(notice, error)
        if delay is None:
            return "gave up"
        # The next try is a new message (the row holds its time): should it be lost, the hourly requeue sends it.
        try:
            send_notice.apply_async((notice_id,), countdown=delay)
        except Exception:  # the broker is down too
            logger.warning("notice %s: next try left to the hourly requeue", notice_id, exc_info=True)
        return f"failed; next try in {delay} s"
    Notice.objects.filter(pk=notice_id).update(status=Notice.Status.SENT, sent_at=timezone.now(), last_error="")
    return "sent"


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def queue_notices(notice_ids: list[int]) -> int:
    """Fan out one send task per notice: what a request recorded reaches the broker as one message."""
    for notice_id in notice_ids:
        send_notice.delay(notice_id)
    return len(notice_ids)


@shared_task(time_limit=120, soft_time_limit=100)
def requeue_stuck_notices() -> int:
    """Hourly: queue again every notice that can still be sent and whose message may be lost: queued and never
    claimed, claimed by a worker that died mid-send, or failed with its next try due. Claims keep it to one send."""
    now = timezone.now()
    Notice.objects.filter(status=Notice.Status.SENDING, claimed_at__lt=now - DEAD_WORKER).update(
        status=Notice.Status.FAILED, next_attempt_at=now
    )
    unclaimed = Q(created_at__lt=now - UNCLAIMED) & (Q(resent_at__isnull=True) | Q(resent_at__lt=now - UNCLAIMED))
    stuck = Notice.objects.filter(Q(unclaimed, status=Notice.Status.PENDING) | _failed_and_due(now))
    ids = list(stuck.values_list("pk", flat=True))
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
