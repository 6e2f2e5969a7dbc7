"""Project-wide tasks."""

import socket

from celery import shared_task


@shared_task(time_limit=10, soft_time_limit=8)
def ping() -> dict[str, str]:
    """Answer from a worker; `manage.py worker_ping` uses it to show the queue works end to end."""
    return {"reply": "pong", "worker": socket.gethostname()}
