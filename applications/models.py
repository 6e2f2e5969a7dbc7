"""Programs (one cohort's rules) and, later, the applications made to them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils import timezone
from timezone_field import TimeZoneField

from applications.vocabulary import Frequency


class ProgramQuerySet(models.QuerySet):
    def open_at(self, at: dt.datetime) -> list[Program]:
        """Programs taking applications at `at`; deadlines are per time zone, so decided in Python."""
        return [program for program in self if program.is_open(at)]


class Program(models.Model):
    """One cohort of a mentorship program, e.g. "2024 Mentorship Program". Programs differ; this is their rules."""

    class PairingMode(models.TextChoices):
        CHAIR = "chair", "The chair matches from applications"
        GALLERY = "gallery", "Mentees choose from the Mentors Gallery"
        BOTH = "both", "Both: chair matching and the Mentors Gallery"

    name = models.CharField(max_length=200, help_text='The cohort, e.g. "2024 Mentorship Program".')
    slug = models.SlugField(unique=True, help_text="Used in web addresses.")
    association = models.CharField(
        max_length=200, blank=True, help_text="The association running it, printed on emails and agreements."
    )
    description = models.TextField(blank=True, help_text="Shown to applicants on the program page.")

    # Application window.
    time_zone = TimeZoneField(
        default="America/Los_Angeles", help_text="Dates below are in this time zone (the association's own)."
    )
    opens_on = models.DateField(null=True, blank=True, help_text="First day applications are taken; blank: open now.")
    deadline = models.DateField(help_text="Last day to apply; applications close at 11:59 PM that day.")

    # Who may apply.
    mentor_min_years = models.PositiveSmallIntegerField(
        default=3, help_text="Years a mentor must have worked at a public agency."
    )
    mentor_requires_full_membership = models.BooleanField(
        default=True, help_text="Mentors must be Full members (or eligible for Full membership)."
    )
    allow_eligible_nonmembers = models.BooleanField(
        default=True, help_text="People who are not members but meet the membership criteria may apply, for a fee."
    )
    nonmember_fee = models.DecimalField(
        max_digits=8, decimal_places=2, default=Decimal("50.00"), help_text="Application fee for non-members, in USD."
    )

    # How pairs form.
    pairing_mode = models.CharField(max_length=10, choices=PairingMode, default=PairingMode.CHAIR)
    mentor_max_mentees = models.PositiveSmallIntegerField(
        default=2, help_text="The most mentees one mentor may take; each mentor may offer fewer."
    )
    mentee_max_mentors = models.PositiveSmallIntegerField(
        default=1, help_text='How many mentors a mentee may have at once; more than 1 allows a "dream team".'
    )
    exclude_same_organization = models.BooleanField(
        default=True, help_text="Never pair a mentor and a mentee from the same organization."
    )

    # The relationship.
    term_months = models.PositiveSmallIntegerField(default=12, help_text="Length of a pairing's term, in months.")
    term_description = models.CharField(
        max_length=200,
        default="One year",
        help_text='How the term is described, e.g. "An initial term of 3 to 6 months".',
    )
    recommended_frequency = models.CharField(
        max_length=20,
        choices=Frequency,
        default=Frequency.MONTHLY,
        help_text="How often pairs are asked to meet or communicate.",
    )
    required_regional_events = models.PositiveSmallIntegerField(
        default=0, help_text="Regional events each mentee must attend during the term."
    )
    required_signature_events = models.PositiveSmallIntegerField(
        default=0, help_text="Signature events each mentee must attend during the term."
    )
    requirements = models.TextField(
        blank=True, help_text="Other expectations, in words, e.g. joining a planning committee."
    )
    chair_email = models.EmailField(help_text="The mentorship chair's address; executed agreements are sent here.")

    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-deadline", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("applications:program", args=[self.slug])

    @property
    def opens_at(self) -> dt.datetime | None:
        if self.opens_on is None:
            return None
        return dt.datetime.combine(self.opens_on, dt.time.min, tzinfo=self.time_zone)

    @property
    def closes_at(self) -> dt.datetime:
        """The first instant after the deadline day, in the program's time zone (11:59 PM is still open)."""
        return dt.datetime.combine(self.deadline + dt.timedelta(days=1), dt.time.min, tzinfo=self.time_zone)

    def is_open(self, at: dt.datetime | None = None) -> bool:
        at = at or timezone.now()
        if self.opens_at is not None and at < self.opens_at:
            return False
        return at < self.closes_at

    @property
    def has_event_requirement(self) -> bool:
        return bool(self.required_regional_events or self.required_signature_events)

    @property
    def uses_gallery(self) -> bool:
        return self.pairing_mode in (self.PairingMode.GALLERY, self.PairingMode.BOTH)

    @property
    def uses_chair_matching(self) -> bool:
        return self.pairing_mode in (self.PairingMode.CHAIR, self.PairingMode.BOTH)
