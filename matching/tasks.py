from celery import shared_task

from matching.gallery import gallery_sweep


@shared_task(time_limit=300, soft_time_limit=240, acks_late=True)
def gallery_sweep_task() -> dict[str, int]:
    """Remind mentors of unanswered gallery requests and expire stale ones (safe to run at any time)."""
    reminded, expired = gallery_sweep()
    return {"reminded": reminded, "expired": expired}
