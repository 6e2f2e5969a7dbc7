"""State changes of applications. Views and admin actions call these; they never repeat the rules."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from applications import eligibility
from applications.access import require_chair
from applications.models import Application, ApplicationEvent
from applications.tasks import embed_application_text
from matching import semantic
from notifications.services import Spec, notify_many


class ApplicationError(Exception):
    """A request the rules refuse; the message is for the person who asked."""


def _set_status(application: Application, status: str, *, actor: User | None, note: str = "") -> None:
    now = timezone.now()
    application.status = status
    application.status_changed_at = now
    ApplicationEvent.objects.create(application=application, status=status, actor=actor, at=now, note=note)


def _notify_applicant(application: Application, kind: str, period: str, **context) -> None:
    """Recorded in the caller's transaction, so the email exists exactly when the change does."""
    notify_many(
        [
            Spec(
                kind=kind,
                subject=f"application:{application.pk}",
                period=period,
                to=application.applicant.email,
                user=application.applicant,
                program=application.program,
                context={"application": application, "program": application.program, **context},
            )
        ]
    )


class IneligibleError(ApplicationError):
    """The answers break the program's eligibility rules; `problems` says which field each is about."""

    def __init__(self, problems: list[eligibility.Problem]):
        super().__init__(" ".join(problem.message for problem in problems))
        self.problems = problems


def _check_eligibility(application: Application, *, submit: bool) -> None:
    """The rules the form checks, checked again here: a caller that skips the form is held to them too.
    An application that is or becomes submitted is held to every rule; a draft to those that bind drafts."""
    submitting = submit or application.status != Application.Status.DRAFT
    found = eligibility.problems(application.program, eligibility.Answers.of(application), submitting=submitting)
    if found:
        raise IneligibleError(found)


def _apply_fee_rule(application: Application) -> None:
    application.association = application.member_association  # named from now on: the host when none was
    application.fee_status, application.fee_amount = eligibility.fee_terms(
        application.association,
        membership=application.membership,
        recorded=application.fee_status,
        recorded_amount=application.fee_amount,
    )


def _delete_after_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def application_save(
    *, application: Application, previous_resume: str = "", kept_resume: str = "", submit: bool, actor: User
) -> Application:
    """Save a draft, or submit; a replaced resume file, and a kept upload the application copied or replaced,
    are deleted once the change commits."""
    if not application.program.is_open():
        raise ApplicationError("The deadline for this program has passed; applications can no longer be changed.")
    if (
        application.pk is None
        and Application.objects.filter(
            program=application.program, applicant=application.applicant, role=application.role
        ).exists()
    ):
        raise ApplicationError(f"You already have a {application.get_role_display().lower()} application here.")
    if application.status not in (Application.Status.DRAFT, Application.Status.SUBMITTED):
        raise ApplicationError("This application is being reviewed and can no longer be changed.")
    _check_eligibility(application, submit=submit)
    _apply_fee_rule(application)
    first_submission = submit and application.status == Application.Status.DRAFT
    is_new = application.pk is None
    application.save()
    if is_new:
        ApplicationEvent.objects.create(application=application, status=Application.Status.DRAFT, actor=actor)
    if first_submission:
        application.submitted_at = timezone.now()
        _set_status(application, Application.Status.SUBMITTED, actor=actor)
        application.save(update_fields=["status", "status_changed_at", "submitted_at"])
        _notify_applicant(application, "application_submitted", "submitted")
    if application.status != Application.Status.DRAFT and semantic.available():  # drafts are never matched
        transaction.on_commit(lambda: embed_application_text.delay(application.pk))
    if previous_resume and previous_resume != application.resume.name:
        _delete_after_commit(previous_resume)
    _delete_after_commit(kept_resume)
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor: User) -> Application:
    if actor.pk != application.applicant_id:
        raise ApplicationError("Only the applicant can withdraw their application.")
    if not application.can_withdraw:
        raise ApplicationError("This application cannot be withdrawn.")
    _set_status(application, Application.Status.WITHDRAWN, actor=actor)
    application.save(update_fields=["status", "status_changed_at"])
    return application


DECISIONS = (Application.Status.UNDER_REVIEW, *Application.DECIDED)


# How much of the chair's message the application's history keeps (ApplicationEvent.note); the email carries it all.
NOTE_MAX = ApplicationEvent._meta.get_field("note").max_length


def _note_of(message: str) -> str:
    note = f"Message: {message}"
    return note if len(note) <= NOTE_MAX else note[: NOTE_MAX - 1] + "…"


def _refuse_if_changed(application: Application, seen_status: str) -> None:
    """Lock the row and compare: a second click, or another chair deciding meanwhile, is refused in words."""
    fresh = Application.objects.select_for_update(of=("self",)).select_related("decided_by").get(pk=application.pk)
    if fresh.status == seen_status:
        return
    by = f" by {fresh.decided_by.full_name}" if fresh.decided_by and fresh.status in Application.DECIDED else ""
    raise ApplicationError(
        f"Nothing was changed and no email was sent: this application was {fresh.get_status_display().lower()}"
        f"{by} after you opened it."
    )


@transaction.atomic
def application_decide(
    *, application: Application, status: str, actor: User, message: str = "", seen_status: str = ""
) -> bool:
    """The chair approves, declines or waitlists (or marks under review). False when nothing changed.

    `message`: the chair's words to the applicant, added to the decision email and noted in the history.
    `seen_status`: the status the chair decided from; if it has changed since, ApplicationError."""
    require_chair(actor, Application, application.program_id)
    if status not in DECISIONS:
        raise ValueError(f"{status!r} is not a decision")
    if seen_status:
        _refuse_if_changed(application, seen_status)
    if application.status in (Application.Status.DRAFT, Application.Status.WITHDRAWN) or application.status == status:
        return False
    # The nth time this decision is made: a double click or two chairs at once email once, a reversal emails again.
    times = ApplicationEvent.objects.filter(application=application, status=status).count()
    message = message.strip()
    _set_status(application, status, actor=actor, note=_note_of(message) if message else "")
    fields = ["status", "status_changed_at"]
    if status in Application.DECIDED:
        application.decided_by = actor
        application.decided_at = application.status_changed_at
        fields += ["decided_by", "decided_at"]
        label = Application.Status(status).label
        _notify_applicant(
            application, "application_decision", f"{status}:{times}", status=status, status_label=label, message=message
        )
    application.save(update_fields=fields)
    return True


@transaction.atomic
def application_record_fee(*, application: Application, fee_status: str, actor: User) -> bool:
    """The chair records a non-member's fee as paid or waived. False when no fee applies or nothing changed."""
    require_chair(actor, Application, application.program_id)
    if fee_status not in (Application.Fee.PAID, Application.Fee.WAIVED):
        raise ValueError(f"{fee_status!r} is not a fee record")
    if application.fee_status == Application.Fee.NONE or application.fee_status == fee_status:
        return False
    application.fee_status = fee_status
    application.fee_recorded_by = actor
    application.fee_recorded_at = timezone.now()
    application.save(update_fields=["fee_status", "fee_recorded_by", "fee_recorded_at"])
    ApplicationEvent.objects.create(
        application=application, status=application.status, actor=actor, note=f"Fee {fee_status}"
    )
    return True
