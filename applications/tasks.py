"""Background work about applications. Thin: each task calls one function and is safe to run twice."""

from __future__ import annotations

from celery import shared_task

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
    (matching/text_vectors.py). Does nothing when the model is not installed or the stored vector is fresh."""
    application = Application.objects.select_related("applicant__profile").filter(pk=application_id).first()
    if application is None or not semantic.available():
        return False
    facts = mentor_facts(application, capacity=0) if application.is_mentor else mentee_facts(application)
    return store_vector(application, facts, EXPERTISE_LABELS)
