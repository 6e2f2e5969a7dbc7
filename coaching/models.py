"""Speed coaching sessions: coaches sign up, learners register and wish for coaches, and the seating plan
(coaching/scheduler.py decides it, coaching/services.py writes it)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from timezone_field import TimeZoneField

from applications.vocabulary import Expertise
from associations.models import Association
from coaching.scheduler import MAX_WISHES  # a learner names up to five coaches, most wished first


class Session(models.Model):
    """One speed coaching session, e.g. at an association's annual conference."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="coaching_sessions")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField("date and time")
    time_zone = TimeZoneField(
        default="America/Los_Angeles", help_text="Where the session happens: times are shown in it."
    )
    place = models.CharField(max_length=200, help_text="The room, e.g. “Hall B, Convention Center”.")
    rounds = models.PositiveSmallIntegerField(default=6, validators=[MinValueValidator(1), MaxValueValidator(20)])
    minutes_per_round = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    tables = models.PositiveSmallIntegerField(
        default=20, validators=[MinValueValidator(1)], help_text="One coach per table in a round."
    )
    group_size = models.PositiveSmallIntegerField(
        "learners per coach per round",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text="1 for one-to-one conversations; more seats a small group at each coach's table.",
    )

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def round_numbers(self) -> range:
        return range(1, self.rounds + 1)

    def round_starts_at(self, round_: int):
        return self.starts_at + dt.timedelta(minutes=self.minutes_per_round * (round_ - 1))

    @property
    def ends_at(self):
        return self.round_starts_at(self.rounds + 1)

    def round_under_way(self, at) -> int:
        """The round running at `at`: 0 before the first, `rounds` after the last (every round then done)."""
        if at < self.starts_at:
            return 0
        passed = int((at - self.starts_at).total_seconds() // (self.minutes_per_round * 60)) + 1
        return min(passed, self.rounds)

    def has_started(self, at) -> bool:
        return at >= self.starts_at


class CoachSignup(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="coach_signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_signups")
    areas = ArrayField(
        models.CharField(max_length=40, choices=Expertise), default=list, blank=True, help_text="Areas of strength."
    )
    rounds = ArrayField(
        models.PositiveSmallIntegerField(), default=list, help_text="The rounds this coach can do, e.g. 1,2,3."
    )
    no_show = models.BooleanField(default=False, help_text="Marked at the door: not seated in the rounds re-planned.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="coaching_one_signup_per_coach")]

    def __str__(self) -> str:
        return f"{self.user} (coach)"

    @property
    def name(self) -> str:
        return self.user.full_name or "A coach"

    def clean(self) -> None:
        if self.session_id and any(not 1 <= r <= self.session.rounds for r in self.rounds):
            raise ValidationError({"rounds": f"Rounds run from 1 to {self.session.rounds}."})


def new_link_token() -> str:
    """A learner's short link: 72 random bits, 12 characters; guessing one among a few hundred learners is hopeless
    at the rate the short link page allows (coaching.views.short_link)."""
    return secrets.token_urlsafe(9)


class LearnerRegistration(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="learner_registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learner_registrations",
        null=True,
        blank=True,
        help_text="Blank for a walk-in added at the door without an account.",
    )
    walk_in_name = models.CharField(max_length=200, blank=True, help_text="A walk-in's name, as given at the door.")
    areas = ArrayField(
        models.CharField(max_length=40, choices=Expertise), default=list, blank=True, help_text="Areas wanted."
    )
    no_show = models.BooleanField(default=False, help_text="Marked at the door: not seated in the rounds re-planned.")
    link_token = models.CharField(
        max_length=24, unique=True, default=new_link_token, help_text="The learner's short link to their schedule."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="coaching_one_registration_each"),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(walk_in_name=""), name="coaching_learner_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (learner)"

    @property
    def name(self) -> str:
        if self.user_id is None:
            return self.walk_in_name
        return self.user.full_name or "A learner"

    @property
    def is_walk_in(self) -> bool:
        return self.user_id is None


class Wish(models.Model):
    """A coach the learner would most like to meet; rank 1 is the most wished."""

    registration = models.ForeignKey(LearnerRegistration, on_delete=models.CASCADE, related_name="wishes")
    coach = models.ForeignKey(CoachSignup, on_delete=models.CASCADE, related_name="wished_by")
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(MAX_WISHES)])

    class Meta:
        ordering = ["rank"]
        verbose_name_plural = "wishes"
        constraints = [
            models.UniqueConstraint(fields=["registration", "rank"], name="coaching_one_wish_per_rank"),
            models.UniqueConstraint(fields=["registration", "coach"], name="coaching_one_wish_per_coach"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.coach}"

    def clean(self) -> None:
        if self.registration_id and self.coach_id and self.coach.session_id != self.registration.session_id:
            raise ValidationError({"coach": "The coach signed up for another session."})


class Seat(models.Model):
    """Who sits where in a round: written by coaching.services.session_plan_seating, never by hand."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="seats")
    round = models.PositiveSmallIntegerField()
    table = models.PositiveSmallIntegerField()
    coach = models.ForeignKey(CoachSignup, on_delete=models.CASCADE, related_name="seats")
    learner = models.ForeignKey(LearnerRegistration, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        ordering = ["round", "table"]
        constraints = [
            models.UniqueConstraint(fields=["session", "round", "learner"], name="coaching_one_seat_per_round"),
            models.UniqueConstraint(fields=["session", "coach", "learner"], name="coaching_meet_once"),
        ]

    def __str__(self) -> str:
        return f"round {self.round}, table {self.table}"


class Feedback(models.Model):
    """A learner's one-minute word on one coach they met: useful or not, and a short comment."""

    registration = models.ForeignKey(LearnerRegistration, on_delete=models.CASCADE, related_name="feedback")
    coach = models.ForeignKey(CoachSignup, on_delete=models.CASCADE, related_name="feedback")
    useful = models.BooleanField()
    comment = models.CharField(max_length=300, blank=True)
    given_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "feedback"
        constraints = [models.UniqueConstraint(fields=["registration", "coach"], name="coaching_feedback_once")]

    def __str__(self) -> str:
        return f"{self.registration.name} on {self.coach.name}"
