"""A pairing (a mentor and a mentee in a program) and its life: the history, check-ins, pulses, events attended,
feedback, the thanks at the end and a mentee's request for a new match.

The tables keep the names they had when these models lived in `matching` and `agreements` (`db_table`): the move
was a change of owner, not of data, and the foreign keys from agreements, proposals and gallery requests still
point at the same rows (pairings/migrations/0001_initial.py).
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Program
from applications.vocabulary import ContactForm


class MentoringGroup(models.Model):
    """One mentor and several mentees in a program that allows groups: one agreement they all sign
    (agreements.Agreement.group) and check-ins they share. Each mentee keeps their own Pairing (`pairings`), so
    places, pages, reminders and each mentee's ending work as for a pair."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="mentoring_groups")
    mentor_application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="mentoring_groups")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200, help_text="What the members call the group, e.g. a chapter's name.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pairings:group", args=[self.pk])

    def is_member(self, user) -> bool:
        """The mentor, or a mentee of one of the group's pairings (any status: an ended member still reads it)."""
        if not user.is_authenticated:
            return False
        return user.id == self.mentor_id or self.pairings.filter(mentee=user).exists()


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
    group = models.ForeignKey(
        MentoringGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings",
        help_text="The mentoring group this pairing belongs to, if any: its agreement and check-ins are the group's.",
    )

    objects = PairingQuerySet.as_manager()

    class Meta:
        db_table = "matching_pairing"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["mentor_application", "mentee_application"], name="one_pairing_per_pair"),
            models.CheckConstraint(condition=~Q(mentor=models.F("mentee")), name="never_paired_with_self"),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"{self.mentor} mentors {self.mentee}"

    def get_absolute_url(self) -> str:
        return reverse("pairings:pairing", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def is_partner(self, user) -> bool:
        return user.is_authenticated and user.id in (self.mentor_id, self.mentee_id)

    def partner_of(self, user):
        return self.mentee if user.id == self.mentor_id else self.mentor

    @classmethod
    def term_for(cls, program: Program, start: dt.date) -> tuple[dt.date, dt.date]:
        # relativedelta clamps to the month's end: a term from Jan 31 runs to the end of February.
        return start, start + relativedelta(months=program.term_months) - dt.timedelta(days=1)


class PairingEvent(models.Model):
    """A change in a pairing's life: who and when. Shown to the pair as a short history."""

    class Kind(models.TextChoices):
        CREATED = "created", "Paired"
        GROUPED = "grouped", "Joined a mentoring group"
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
        db_table = "matching_pairingevent"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class ThankYouNote(models.Model):
    """The note of thanks a partner may leave for the other when ending the relationship."""

    pairing = models.OneToOneField(Pairing, on_delete=models.CASCADE, related_name="thank_you_note")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    # Written for the partner (and emailed to them), not for the chair: see mentorship/privacy.py.
    PRIVATE_TO_PAIR = ("message",)

    class Meta:
        db_table = "agreements_thankyounote"

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
        db_table = "agreements_rematchrequest"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"New match requested by {self.mentee}"


class CheckIn(models.Model):
    """A meeting or exchange the pair (or the group) logged. The note is private to the partners (the group's
    members); the chair sees only that a check-in happened."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="checkins")
    # A check-in logged on the group's page: stored once (on the logger's pairing) and counted for every pairing
    # of the group (pairings.groups.group_checkins).
    group = models.ForeignKey(MentoringGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="checkins")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    form = models.CharField(max_length=20, choices=ContactForm)
    minutes = models.PositiveSmallIntegerField(help_text="How long, in minutes.")
    note = models.TextField(blank=True, help_text="Private to the two of you.")
    created_at = models.DateTimeField(default=timezone.now)

    PRIVATE_TO_PAIR = ("note",)  # never shown, filtered, searched or exported for the chair: mentorship/privacy.py

    class Meta:
        db_table = "agreements_checkin"
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
        db_table = "agreements_pulseresponse"
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
        db_table = "agreements_eventattendance"
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
        db_table = "agreements_matchfeedback"
        constraints = [models.UniqueConstraint(fields=["pairing", "author"], name="one_feedback_per_partner")]

    def __str__(self) -> str:
        return f"Feedback on pairing {self.pairing_id}: {self.rating}/5"
