"""The notification ledger: every email a job sends, once, under a unique key."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notice(models.Model):
    """One notification to one person. The key (kind, subject, period) is unique, so a job that runs twice,
    or two workers running it at once, can never send the same notice twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, will retry"
        GAVE_UP = "gave_up", "Failed for good"
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
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    batch = models.UUIDField(null=True, blank=True, editable=False, help_text="The job run that recorded it.")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a worker last took it to send.")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.get_status_display()})"


class OptOut(models.Model):
    """A person stopped one kind of reminder with the link at the foot of an email."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opt_outs")
    kind = models.CharField(max_length=50)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")]

    def __str__(self) -> str:
        return f"{self.user} stopped {self.kind}"
