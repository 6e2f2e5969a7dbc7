"""State changes of a pairing's life: created (by a publish or an accepted gallery request), ended by a partner,
completed at the end of its term, and a mentee's request for a new match. Views, matching, jobs and tasks call these.

Each runs in one transaction and records its emails in the ledger in that transaction (sent by the ledger's task
once it commits).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from agreements.content import agreement_sha256
from agreements.models import Agreement
from agreements.services import agreement_member_left
from applications.models import Application
from notifications.services import Spec, notify_many
from pairings.emails import pairing_email
from pairings.models import Pairing, PairingEvent, RematchRequest, ThankYouNote


class PairingError(Exception):
    """A change to the relationship the rules refuse; the message is for the person who asked."""


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
        raise PairingError("A person cannot be paired with themselves.")
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
    notify_many(pairing_announcements(pairing))
    return pairing


def pairing_announcements(pairing: Pairing) -> list[Spec]:
    """The two emails that tell each partner about the other, one per pairing and person: record them in the
    transaction that creates the pairing (notify_many), and a publish run twice or a double click sends once."""
    mentor, mentee = pairing.mentor_application.applicant, pairing.mentee_application.applicant
    return [
        Spec(
            kind="pairing_created",
            subject=f"pairing:{pairing.pk}",
            period=role,
            to=person.email,
            user=person,
            program=pairing.program,
            context={"pairing": pairing, "person": person, "partner": partner, "partner_application": application},
        )
        # The applications' applicants: already loaded by whoever paired them (no query per person at publish).
        for role, person, partner, application in (
            ("mentor", mentor, mentee, pairing.mentee_application),
            ("mentee", mentee, mentor, pairing.mentor_application),
        )
    ]


@transaction.atomic
def pairing_end(*, pairing: Pairing, actor: User, reason: str = "", thanks: str = "") -> Pairing:
    """Either partner ends the relationship, no fault. The reason is for the chair; the thanks for the partner."""
    locked = (
        Pairing.objects.select_for_update(of=("self",)).select_related("program", "mentor", "mentee").get(pk=pairing.pk)
    )
    if not locked.is_partner(actor):
        raise PairingError("Only the two partners can end this relationship.")
    if not locked.is_active:
        raise PairingError(f"This relationship is already {locked.get_status_display().lower()}.")
    # A group's agreement as it stands before the mentee leaves (naming them): what the others signed.
    group_agreement = None
    if locked.group_id is not None:
        group_agreement = Agreement.objects.filter(group_id=locked.group_id, executed_at__isnull=True).first()
    signed_digest = agreement_sha256(group_agreement) if group_agreement else ""
    locked.status = Pairing.Status.ENDED
    locked.ended_at = timezone.now()
    locked.ended_by = actor
    locked.end_reason = reason.strip()
    locked.save(update_fields=["status", "ended_at", "ended_by", "end_reason"])
    PairingEvent.objects.create(pairing=locked, kind=PairingEvent.Kind.ENDED, actor=actor, at=locked.ended_at)
    if group_agreement is not None:
        agreement_member_left(agreement=group_agreement, leaver=locked, signed_digest=signed_digest)
    partner = locked.partner_of(actor)
    note = ThankYouNote.objects.create(pairing=locked, author=actor, message=thanks.strip()) if thanks.strip() else None
    subject = f"pairing:{locked.pk}"
    notify_many(
        [
            pairing_email(
                "pairing_ended", locked, subject=subject, period="partner", to=partner, ended_by=actor, note=note
            ),
            pairing_email(
                "pairing_ended_chair",
                locked,
                subject=subject,
                period="chair",
                to=locked.program.chair_email,
                ended_by=actor,
            ),
        ]
    )
    return locked


@transaction.atomic
def pairing_complete(*, pairing: Pairing) -> bool:
    """Complete an active pairing at the end of its term; False when it was no longer active (already done)."""
    if not Pairing.objects.filter(pk=pairing.pk, status=Pairing.Status.ACTIVE).update(status=Pairing.Status.COMPLETED):
        return False
    pairing.status = Pairing.Status.COMPLETED
    PairingEvent.objects.create(pairing=pairing, kind=PairingEvent.Kind.COMPLETED, actor=None)
    # Recorded with the status change: a failure rolls both back, and the next run completes it and emails.
    notify_many(
        pairing_email("pairing_completed", pairing, subject=f"pairing:{pairing.pk}", period=role, to=person)
        for role, person in (("mentor", pairing.mentor), ("mentee", pairing.mentee))
    )
    return True


def complete_pairings(*, today=None) -> int:
    """Complete every active pairing whose term ended before `today`; running it twice changes nothing."""
    today = today or timezone.localdate()
    due = Pairing.objects.active().filter(ends_on__lt=today).select_related("program", "mentor", "mentee")
    return sum(pairing_complete(pairing=pairing) for pairing in due)


def rematch_allowed(pairing: Pairing) -> bool:
    return pairing.status == Pairing.Status.ENDED and pairing.program.allow_rematch


@transaction.atomic
def rematch_request(*, pairing: Pairing, mentee: User, reason: str = "") -> RematchRequest:
    """The mentee of an ended pairing asks the chair for a new match; asking twice sends one email."""
    if mentee.id != pairing.mentee_id:
        raise PairingError("Only the mentee can ask for a new match.")
    if not rematch_allowed(pairing):
        raise PairingError("A new match can be requested once a relationship has ended, where the program allows it.")
    rematch, created = RematchRequest.objects.get_or_create(
        pairing=pairing, defaults={"mentee": mentee, "program": pairing.program, "reason": reason.strip()}
    )
    if created:
        notify_many(
            [
                pairing_email(
                    "rematch_requested",
                    pairing,
                    subject=f"rematch:{rematch.pk}",
                    period="chair",
                    to=pairing.program.chair_email,
                    rematch=rematch,
                )
            ]
        )
    return rematch
