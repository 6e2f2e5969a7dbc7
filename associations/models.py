"""Associations: the city and county management associations that host programs, and who chairs them.

An association hosts programs (applications.Program.host) and may be a partner of another's (co-sponsored
programs); its members apply under its membership rules. Its chairs are granted here, by a superuser; what they
may then see is decided in applications.access.chair_programs.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from timezone_field import TimeZoneField

NONMEMBER = "nonmember"  # applications.Application.Membership.NONMEMBER: not a category, the rule for non-members
DEFAULT_COLOUR = "#1f4e79"
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}  # the extensions the field allows


class Association(models.Model):
    class Category(models.TextChoices):
        FULL = "full", "Full member"
        STUDENT = "student", "Student member"
        AFFILIATE = "affiliate", "Affiliate member"

    name = models.CharField(max_length=200, unique=True, help_text='e.g. "Municipal Management Association of ..."')
    short_name = models.CharField(max_length=30, unique=True, help_text='e.g. "MMASC"; shown where space is short.')
    slug = models.SlugField(unique=True, help_text="Used in web addresses.")
    region = models.CharField(
        max_length=100, blank=True, help_text='The state or region it serves, e.g. "California" or "National".'
    )
    website = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True, help_text="Where members write with questions.")
    time_zone = TimeZoneField(
        default="America/Los_Angeles",
        db_default="America/Los_Angeles",  # rows written by code that predates the field (old migrations) get it too
        help_text="Its events' dates and times are in this time zone.",
    )

    # Its look on pages, emails and agreement PDFs.
    colour = models.CharField(
        max_length=7,
        default=DEFAULT_COLOUR,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "A colour as #RRGGBB, e.g. #1f4e79.")],
        help_text="Accent colour, as #RRGGBB.",
    )
    logo = models.ImageField(
        upload_to="associations/logos/",
        blank=True,
        validators=[FileExtensionValidator([suffix.lstrip(".") for suffix in LOGO_TYPES])],
        help_text="PNG or JPEG, shown on program pages, emails and agreements.",
    )

    # Who counts as a member, and the rule for people who are not.
    membership_categories = ArrayField(
        models.CharField(max_length=10, choices=Category),
        default=list,
        blank=True,
        help_text="The membership categories applicants may choose.",
    )
    allow_eligible_nonmembers = models.BooleanField(
        default=True, help_text="People who are not members but meet the membership criteria may apply, for a fee."
    )
    nonmember_fee = models.DecimalField(
        max_digits=8, decimal_places=2, default=Decimal("50.00"), help_text="Application fee for non-members, in USD."
    )

    chairs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="chaired_associations",
        help_text="Mentorship chairs: they run every program this association hosts. Granted by a superuser.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.membership_categories:
            self.membership_categories = [self.Category.FULL, self.Category.STUDENT]
        super().save(*args, **kwargs)

    @property
    def logo_content_type(self) -> str | None:
        """The stored logo's type, from its checked extension; None when there is no logo (or an unknown one)."""
        if not self.logo:
            return None
        return LOGO_TYPES.get(PurePath(self.logo.name).suffix.lower())

    @property
    def accent(self) -> str:
        """The colour, safe to write into CSS: a row that skipped validation gets the default."""
        return self.colour if HEX_COLOUR.fullmatch(self.colour or "") else DEFAULT_COLOUR

    def offers(self, membership: str) -> bool:
        """May an applicant name `membership` here: one of its categories, or "not a member" when it takes them."""
        if membership == NONMEMBER:
            return self.allow_eligible_nonmembers
        return membership in self.membership_categories

    @property
    def membership_labels(self) -> str:
        """ "Full member, Student member": its categories, in the vocabulary's order."""
        return ", ".join(label for value, label in self.Category.choices if value in self.membership_categories)

    @property
    def nonmember_rule(self) -> str:
        if self.allow_eligible_nonmembers:
            return f"eligible non-members pay a ${self.nonmember_fee} fee"
        return "no non-members"
