"""The notification ledger: every email the product sends, once, under a unique key."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

# A mail outage of a whole day (and a weekend) loses nothing: a notice is tried again for this long.
RETRY_WINDOW = dt.timedelta(hours=72)


class Notice(models.Model):
    """One email to one person. The key (kind, subject, period) is unique, so a job that runs twice, a double
    submit, or two workers at once can never send the same notice twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, will retry"
        GAVE_UP = "gave_up", "Failed for 3 days: on the chair's list"
        SUPPRESSED = "suppressed", "Not sent: the person stopped this kind"

    kind = models.CharField(max_length=50, help_text="What the notice is about, e.g. checkin_due.")
    key = models.CharField(max_length=255, unique=True, help_text="kind:subject:period; unique forever.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to = models.EmailField()
    template = models.CharField(max_length=100)
    context = models.JSONField(default=dict, help_text="Ids the email template is rendered from.")
    program = models.ForeignKey(
        "applications.Program", null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    association = models.ForeignKey(
        "associations.Association",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
        help_text="Who sends it: the program's host, or the association of the chapter it is about. Its chairs see "
        "it, and the email wears its look.",
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    batch = models.UUIDField(null=True, blank=True, editable=False, help_text="The job run that recorded it.")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a worker last took it to send.")
    sent_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When a failed notice is tried next; the hourly requeue goes by it."
    )
    resent_at = models.DateTimeField(null=True, blank=True, help_text="When the chair last pressed Send again.")
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["kind"]),
        ]
        permissions = [("resend_notice", "Can send a failed email again")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.get_status_display()})"

    @property
    def retry_until(self) -> dt.datetime:
        """Tried again until then; Send again starts a new window."""
        return (self.resent_at or self.created_at) + RETRY_WINDOW


class OptOut(models.Model):
    """A person stopped one kind of reminder with the link at the foot of an email."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opt_outs")
    kind = models.CharField(max_length=50)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")]

    def __str__(self) -> str:
        return f"{self.user} stopped {self.kind}"
