"""State changes of matching: pairings, match runs, gallery requests."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from applications.models import Application
from matching.models import Pairing, PairingEvent
from mentorship.mail import send_after_commit


class MatchingError(Exception):
    """A request the rules refuse; the message is for the person who asked."""


@transaction.atomic
def pairing_create(
    *,
    mentor_application: Application,
    mentee_application: Application,
    source: str,
    approved_by: User | None,
    score: float | None = None,
    reasons: list[str] | None = None,
) -> Pairing:
    """Pair an approved mentor with an approved mentee and tell both, with each other's contact details."""
    if mentor_application.applicant_id == mentee_application.applicant_id:
        raise MatchingError("A person cannot be paired with themselves.")
    program = mentor_application.program
    start, end = Pairing.term_for(program, timezone.localdate())
    pairing = Pairing.objects.create(
        program=program,
        mentor_application=mentor_application,
        mentee_application=mentee_application,
        mentor_id=mentor_application.applicant_id,
        mentee_id=mentee_application.applicant_id,
        source=source,
        approved_by=approved_by,
        score=score,
        reasons=reasons or [],
        started_on=start,
        ends_on=end,
    )
    PairingEvent.objects.create(pairing=pairing, kind=PairingEvent.Kind.CREATED, actor=approved_by)
    for person, partner, partner_application in (
        (pairing.mentor, pairing.mentee, mentee_application),
        (pairing.mentee, pairing.mentor, mentor_application),
    ):
        send_after_commit(
            "pairing_created",
            [person.email],
            {"pairing": pairing, "person": person, "partner": partner, "partner_application": partner_application},
        )
    return pairing
