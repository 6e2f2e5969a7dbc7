"""Pairings (a mentor and a mentee in a program) and how they were formed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Program


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class PairingQuerySet(models.QuerySet):
    def active(self) -> PairingQuerySet:
        return self.filter(status=Pairing.Status.ACTIVE)

    def for_user(self, user) -> PairingQuerySet:
        """Pairings the user is a partner in."""
        return self.filter(Q(mentor=user) | Q(mentee=user))


class Pairing(models.Model):
    """A mentor and a mentee working together in one program, from publication (or acceptance) to its end."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended early (no fault)"
        COMPLETED = "completed", "Completed"

    class Source(models.TextChoices):
        CHAIR = "chair", "Matched by the chair"
        GALLERY = "gallery", "Requested from the Mentors Gallery"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="pairings")
    mentor_application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="pairings_as_mentor")
    mentee_application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="pairings_as_mentee")
    # The people, kept beside the applications so access checks are one indexed lookup.
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    source = models.CharField(max_length=10, choices=Source, default=Source.CHAIR)
    score = models.FloatField(null=True, blank=True, help_text="The match score when it was proposed, 0 to 1.")
    reasons = models.JSONField(
        default=list, blank=True, help_text="Plain reasons for the match, as shown to the chair."
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, help_text="When the pairing was published or accepted.")
    started_on = models.DateField(help_text="First day of the term.")
    ends_on = models.DateField(help_text="Last day of the agreed term; the pairing completes after it.")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_reason = models.TextField(blank=True, help_text="Private to the chair.")

    objects = PairingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["mentor_application", "mentee_application"], name="one_pairing_per_pair"),
            models.CheckConstraint(condition=~Q(mentor=models.F("mentee")), name="never_paired_with_self"),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"{self.mentor} mentors {self.mentee}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:pairing", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def is_partner(self, user) -> bool:
        return user.is_authenticated and user.id in (self.mentor_id, self.mentee_id)

    def partner_of(self, user):
        return self.mentee if user.id == self.mentor_id else self.mentor

    @classmethod
    def term_for(cls, program: Program, start: dt.date) -> tuple[dt.date, dt.date]:
        return start, add_months(start, program.term_months) - dt.timedelta(days=1)


class PairingEvent(models.Model):
    """A change in a pairing's life: who and when. Shown to the pair as a short history."""

    class Kind(models.TextChoices):
        CREATED = "created", "Paired"
        AGREEMENT_EDITED = "agreement_edited", "Agreement edited"
        SIGNED = "signed", "Agreement signed"
        SIGNATURES_VOIDED = "signatures_voided", "Signatures voided by an edit"
        EXECUTED = "executed", "Agreement executed"
        ENDED = "ended", "Ended (no fault)"
        COMPLETED = "completed", "Term completed"

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"
