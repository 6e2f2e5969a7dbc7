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
from pairings.models import MentoringGroup, Pairing


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


class AgreementQuerySet(models.QuerySet):
    def of_pairing(self, pairing: Pairing) -> AgreementQuerySet:
        """The agreement a pairing works under: its group's when it is in a group, else its own."""
        if pairing.group_id is not None:
            return self.filter(group_id=pairing.group_id)
        return self.filter(pairing=pairing)


class Agreement(models.Model):
    """A pair's (or a group's) Statement of Mutual Understanding: editable by every party until all sign, then
    frozen.

    A group's agreement is kept on the group's first pairing (`pairing`, its anchor) and names the group (`group`):
    every reader keyed on a pairing (the admin's scope, the PDF's URL, the dashboard) keeps working, and each member's
    pairing reads it through the group (`Agreement.objects.of_pairing`)."""

    pairing = models.OneToOneField(Pairing, on_delete=models.PROTECT, related_name="agreement")
    group = models.OneToOneField(
        MentoringGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement",
        help_text="Set for a group's agreement: the mentor and every mentee of the group sign it.",
    )

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

    objects = AgreementQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(executed_at__isnull=True) | ~Q(content_sha256=""), name="executed_agreement_has_hash"
            ),
        ]

    def __str__(self) -> str:
        if self.group_id is not None:
            return f"Statement of Mutual Understanding: {self.group}"
        return f"Statement of Mutual Understanding: {self.pairing}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement", args=[self.pairing_id])

    def member_pairings(self) -> list[Pairing]:
        """The pairings whose partners sign: the pair's own, or the group's active ones (a mentee who left the group
        no longer signs)."""
        if self.group_id is None:
            return [self.pairing]
        pairings = self.group.pairings.select_related("mentor", "mentee", "program").order_by("pk")
        return [p for p in pairings if p.is_active]

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
            # Per signer, not per role: a group's agreement has one mentor and several mentees.
            models.UniqueConstraint(
                fields=["agreement", "signer"],
                condition=Q(voided_at__isnull=True),
                name="one_valid_signature_per_signer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.typed_name}, {self.signed_at:%Y-%m-%d %H:%M} UTC"


class PartnerNews(models.Model):
    """What a party has not been told yet about their agreement: a burst of signatures and edits by the others is
    told in one email once it has been quiet for a while (agreements.services.partner_news_send), not one each."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="news")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    first_at = models.DateTimeField(default=timezone.now, help_text="The burst's first event.")
    due_at = models.DateTimeField(help_text="When the email is recorded, unless another event pushes it later.")
    voided = models.JSONField(default=list, blank=True, help_text="Ids of the signatures the burst voided.")
    told_at = models.DateTimeField(null=True, blank=True, help_text="When its email was recorded in the ledger.")

    class Meta:
        verbose_name_plural = "partner news"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "recipient"], condition=Q(told_at__isnull=True), name="one_open_news_per_party"
            ),
        ]
        indexes = [models.Index(fields=["told_at", "due_at"])]

    def __str__(self) -> str:
        return f"News of {self.agreement} for {self.recipient}"
