"""Background work about applications. Thin: each task calls one function and is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from applications.models import Application
from applications.resumes import kept
from matching import semantic
from matching.selectors import EXPERTISE_LABELS, mentee_facts, mentor_facts
from matching.text_vectors import store_vector


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def discard_stale_kept_resumes() -> int:
    """Hourly: delete resumes kept for a form that was never sent again."""
    return kept.discard_stale()


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def embed_application_text(application_id: int) -> bool:
    """After an application is submitted or edited: store its text's vector for matching by meaning
    (matching/text_vectors.py). Does nothing when the model is not installed or the stored vector is fresh.

    The row is locked while its text is read and its vector written, so an edit saved meanwhile commits after, and
    its own task, queued on that commit, writes last: an older text's vector never overwrites a newer one's."""
    if not semantic.available():
        return False
    with transaction.atomic():
        rows = Application.objects.select_for_update(of=("self",)).select_related("applicant__profile")
        application = rows.filter(pk=application_id).first()
        if application is None:
            return False
        facts = mentor_facts(application, capacity=0) if application.is_mentor else mentee_facts(application)
        return store_vector(application, facts, EXPERTISE_LABELS)
