"""The Statement of Mutual Understanding, its signatures, the program's coaching guidance, and what ends a pairing."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from agreements import wording
from applications.models import Program
from applications.vocabulary import ContactForm, Frequency, MentorRole
from matching.models import Pairing


def agreement_pdf_path(instance: Agreement, filename: str) -> str:
    """An unguessable name in private storage; nothing about the pair is in it."""
    return f"agreements/{uuid.uuid4().hex}.pdf"


class ProgramGuidance(models.Model):
    """The coaching guidance shown beside the agreement form. Program content: the chair edits it in the admin."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="guidance")
    title = models.CharField(max_length=200, default=wording.GUIDANCE_TITLE)
    steps = models.TextField(
        default=wording.DEFAULT_STEPS,
        help_text="One step per paragraph (leave a blank line between steps). "
        "The first line of a paragraph is the step; the lines after it explain it.",
    )
    good_coaches = models.TextField(
        "good coaches", default=wording.DEFAULT_GOOD_COACHES, help_text="One point per line."
    )
    good_proteges = models.TextField(
        "good protégés", default=wording.DEFAULT_GOOD_PROTEGES, help_text="One point per line."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "coaching guidance"
        verbose_name_plural = "coaching guidance"

    def __str__(self) -> str:
        return f"Coaching guidance for {self.program}"

    def step_list(self) -> list[tuple[str, str]]:
        """(step, explanation) pairs, in order."""
        steps = []
        for paragraph in self.steps.replace("\r\n", "\n").split("\n\n"):
            lines = [line.strip() for line in paragraph.strip().splitlines() if line.strip()]
            if lines:
                steps.append((lines[0], " ".join(lines[1:])))
        return steps

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    def coach_points(self) -> list[str]:
        return self._lines(self.good_coaches)

    def protege_points(self) -> list[str]:
        return self._lines(self.good_proteges)


class Agreement(models.Model):
    """A pair's Statement of Mutual Understanding: editable by either partner until both sign, then frozen."""

    pairing = models.OneToOneField(Pairing, on_delete=models.PROTECT, related_name="agreement")

    # The items the pair fills in together (labels and hints in agreements/wording.py).
    confidentiality = models.TextField(blank=True)
    duration = models.CharField(max_length=200, blank=True)
    frequency = models.CharField(max_length=20, choices=Frequency, blank=True)
    contact_forms = models.JSONField(default=list, blank=True, help_text="ContactForm values.")
    mentor_time = models.CharField(max_length=200, blank=True)
    roles = models.JSONField(default=list, blank=True, help_text="MentorRole values.")
    additional_points = models.TextField(blank=True)

    version = models.PositiveIntegerField(default=1, help_text="Goes up by one with every saved edit.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Set once, when the second signature lands; afterwards nothing above may change.
    executed_at = models.DateTimeField(null=True, blank=True)
    signed_content = models.JSONField(
        null=True, blank=True, help_text="The exact content both partners signed; the PDF is printed from it."
    )
    content_sha256 = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the signed content.")
    pdf = models.FileField(upload_to=agreement_pdf_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the stored PDF file.")
    pdf_emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(executed_at__isnull=True) | ~Q(content_sha256=""), name="executed_agreement_has_hash"
            ),
        ]

    def __str__(self) -> str:
        return f"Statement of Mutual Understanding: {self.pairing}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement", args=[self.pairing_id])

    @property
    def is_executed(self) -> bool:
        return self.executed_at is not None

    def frequency_label(self) -> str:
        return self.get_frequency_display() if self.frequency else ""

    def contact_form_labels(self) -> list[str]:
        return [ContactForm(value).label for value in self.contact_forms if value in ContactForm.values]

    def role_labels(self) -> list[str]:
        return [MentorRole(value).label for value in self.roles if value in MentorRole.values]


class SignatureQuerySet(models.QuerySet):
    def valid(self) -> SignatureQuerySet:
        return self.filter(voided_at__isnull=True)


class Signature(models.Model):
    """One partner's electronic signature of one version of the agreement: who, what, when and from where."""

    class Role(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Mentee"

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, choices=Role)
    typed_name = models.CharField(max_length=150, help_text="The name as the signer typed it.")
    signed_at = models.DateTimeField(default=timezone.now, help_text="Stored in UTC.")
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    agreement_version = models.PositiveIntegerField()
    content_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the exact content signed.")
    voided_at = models.DateTimeField(null=True, blank=True, help_text="Set when an edit made this signature void.")

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "role"], condition=Q(voided_at__isnull=True), name="one_valid_signature_per_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.typed_name}, {self.signed_at:%Y-%m-%d %H:%M} UTC"


class ThankYouNote(models.Model):
    """The note of thanks a partner may leave for the other when ending the relationship."""

    pairing = models.OneToOneField(Pairing, on_delete=models.CASCADE, related_name="thank_you_note")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    # Written for the partner (and emailed to them), not for the chair: see mentorship/privacy.py.
    PRIVATE_TO_PAIR = ("message",)

    def __str__(self) -> str:
        return f"Thanks from {self.author}"


class RematchRequest(models.Model):
    """A mentee whose pairing ended asks the chair for a new match."""

    pairing = models.OneToOneField(
        Pairing, on_delete=models.CASCADE, related_name="rematch_request", help_text="The pairing that ended."
    )
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rematch_requests")
    reason = models.TextField(blank=True, help_text="What the mentee wrote, for the chair.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"New match requested by {self.mentee}"


class CheckIn(models.Model):
    """A meeting or exchange the pair logged. The note is private to the two partners; the chair sees only
    that a check-in happened."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="checkins")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    form = models.CharField(max_length=20, choices=ContactForm)
    minutes = models.PositiveSmallIntegerField(help_text="How long, in minutes.")
    note = models.TextField(blank=True, help_text="Private to the two of you.")
    created_at = models.DateTimeField(default=timezone.now)

    PRIVATE_TO_PAIR = ("note",)  # never shown, filtered, searched or exported for the chair: mentorship/privacy.py

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["pairing", "date"])]

    def __str__(self) -> str:
        return f"Check-in on {self.date:%Y-%m-%d} ({self.get_form_display()})"


class PulseResponse(models.Model):
    """One partner's answer to "How is your mentorship going?" (1 to 5). Round 0 is asked 30 days after pairing,
    then every 60 days. The comment is private to the pair; the chair sees the scores."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="pulses")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    round = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField(choices=[(n, str(n)) for n in range(1, 6)])
    comment = models.TextField(blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    PRIVATE_TO_PAIR = ("comment",)  # the chair sees the score only: mentorship/privacy.py

    class Meta:
        ordering = ["pairing", "round", "respondent"]
        constraints = [models.UniqueConstraint(fields=["pairing", "respondent", "round"], name="one_pulse_per_round")]

    def __str__(self) -> str:
        return f"Pulse {self.round} of pairing {self.pairing_id}: {self.score}/5"


class EventAttendance(models.Model):
    """A regional or signature event the mentee attended, confirmed by the chair in the admin."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", "Regional event"
        SIGNATURE = "signature", "Signature event"

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="events_attended")
    kind = models.CharField(max_length=10, choices=Kind)
    name = models.CharField(max_length=200)
    date = models.DateField()
    logged_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name} ({self.date:%Y-%m-%d})"


class MatchFeedback(models.Model):
    """At the end (early or at term), each partner rates the match and says why it ended."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(choices=[(n, str(n)) for n in range(1, 6)])
    comments = models.TextField(blank=True, help_text="For the chair.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pairing", "author"], name="one_feedback_per_partner")]

    def __str__(self) -> str:
        return f"Feedback on pairing {self.pairing_id}: {self.rating}/5"
