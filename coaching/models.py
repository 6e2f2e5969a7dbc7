"""Speed coaching sessions: coaches sign up, learners register and wish for coaches, and the seating plan
(coaching/scheduler.py decides it, coaching/services.py writes it)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from applications.vocabulary import Expertise
from associations.models import Association
from coaching.scheduler import MAX_WISHES  # a learner names up to five coaches, most wished first


class Session(models.Model):
    """One speed coaching session, e.g. at an association's annual conference."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="coaching_sessions")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField("date and time")
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


class CoachSignup(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="coach_signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_signups")
    areas = ArrayField(
        models.CharField(max_length=40, choices=Expertise), default=list, blank=True, help_text="Areas of strength."
    )
    rounds = ArrayField(
        models.PositiveSmallIntegerField(), default=list, help_text="The rounds this coach can do, e.g. 1,2,3."
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="coaching_one_signup_per_coach")]

    def __str__(self) -> str:
        return f"{self.user} (coach)"

    def clean(self) -> None:
        if self.session_id and any(not 1 <= r <= self.session.rounds for r in self.rounds):
            raise ValidationError({"rounds": f"Rounds run from 1 to {self.session.rounds}."})


class LearnerRegistration(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="learner_registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_registrations")
    areas = ArrayField(
        models.CharField(max_length=40, choices=Expertise), default=list, blank=True, help_text="Areas wanted."
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="coaching_one_registration_each")]

    def __str__(self) -> str:
        return f"{self.user} (learner)"


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
