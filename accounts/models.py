"""People: a user logs in by email and carries the contact profile applications reuse."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An account. There is no username: people sign in with their email address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(
        max_length=150,
        help_text="The name as the person signs it; agreements are signed by typing it.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Profile(models.Model):
    """Contact information: filled by a person's first application, reused by the next ones."""

    class JurisdictionType(models.TextChoices):
        CITY = "city", "City"
        TOWN = "town", "Town or village"
        COUNTY = "county", "County"
        SPECIAL_DISTRICT = "special_district", "Special district or regional agency"
        STATE = "state", "State agency"
        SCHOOL = "school", "College or university"
        OTHER = "other", "Other or none"

    class JurisdictionSize(models.TextChoices):
        SMALL = "small", "Under 25,000 residents"
        MEDIUM = "medium", "25,000 to 100,000 residents"
        LARGE = "large", "Over 100,000 residents"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    organization = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    address = models.CharField(max_length=250)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=50)
    zip_code = models.CharField("ZIP code", max_length=10)
    phone = models.CharField(max_length=30)
    region = models.CharField(
        max_length=100, blank=True, help_text='The region you work in, e.g. "Orange County"; used to match in person.'
    )
    jurisdiction_type = models.CharField(max_length=20, choices=JurisdictionType, blank=True)
    jurisdiction_size = models.CharField(max_length=10, choices=JurisdictionSize, blank=True)
    # Indexed: the Mentors Gallery asks for the latest change to any profile on every page (matching/gallery_pool.py).
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.organization})"

    @property
    def city_state_zip(self) -> str:
        return f"{self.city}, {self.state} {self.zip_code}".strip(", ")
