"""How pairings are formed: match runs and their proposals, the chair's pair rules, and the Mentors Gallery."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from applications.models import Application, Program
from applications.policy import DEFAULT_WEIGHTS, WEIGHT_LABELS, weight_help
from pairings.models import Pairing


def weight_field(part: str) -> models.FloatField:
    """One part's weight, named as the chair reads it everywhere (a proposal's parts), with what it does."""
    return models.FloatField(
        default=DEFAULT_WEIGHTS[part], verbose_name=WEIGHT_LABELS[part], help_text=weight_help(part)
    )


class MatchRun(models.Model):
    """One proposal of pairs for a program, with the weights the chair chose. Published once."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft: being reviewed"
        PUBLISHED = "published", "Published"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="match_runs")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    solved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    # Weights: how much each part of the score counts. Documented defaults; the chair owns them.
    weight_expertise = weight_field("expertise")
    weight_frequency = weight_field("frequency")
    weight_contact = weight_field("contact")
    weight_text = weight_field("text")
    weight_career = weight_field("career")
    weight_local_government = weight_field("local_government")
    weight_wish = weight_field("wish")
    objective = models.CharField(
        max_length=10,
        choices=[("total", "Highest total score"), ("coverage", "Most mentees matched, then highest total")],
        default="total",
    )
    min_score = models.FloatField(default=0.3, help_text="Pairs scoring below this are never proposed.")

    class Fairness(models.TextChoices):
        """What the run puts first; each guarantee is exact (matching/fairness.py)."""

        TOTAL = "total", "Best total"
        WEAKEST = "weakest", "Lift the weakest pair"
        STABLE = "stable", "No pair would rather swap"

    fairness = models.CharField(
        max_length=10,
        choices=Fairness,
        default=Fairness.TOTAL,
        help_text="Best total: the highest sum of match scores. Lift the weakest pair: the lowest match in the run "
        "as high as it can be while matching as many mentees, then the highest total. No pair would rather swap: "
        "no mentee and mentor who both like each other better than the partners they were given. The preview "
        "shows what a choice other than best total costs.",
    )

    teams = models.BooleanField(
        "several mentors per mentee (dream teams)",
        default=False,
        help_text='Where the program lets a mentee have several mentors ("Mentee max mentors" above 1), give each '
        "mentee up to that many in this run, chosen to cover different areas: a mentor who only repeats areas the "
        "mentee's other mentors cover counts for less. Works with best total and lift the weakest pair.",
    )

    # Figures of the last solve, for the list.
    total_score = models.FloatField(default=0)
    matched = models.PositiveIntegerField(default=0)
    unmatched = models.PositiveIntegerField(default=0)

    WEIGHT_FIELDS = (
        "weight_expertise",
        "weight_frequency",
        "weight_contact",
        "weight_text",
        "weight_career",
        "weight_local_government",
        "weight_wish",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Match run {self.pk} for {self.program} ({self.get_status_display().split(':')[0].lower()})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def teams_refusal(self) -> dict[str, str]:
        """Why this run cannot give several mentors per mentee as set, by field (the form puts each on its field,
        a solve refuses with them); empty when it can, or does not ask to."""
        if not self.teams:
            return {}
        refusal = {}
        if self.program_id and self.program.mentee_max_mentors <= 1:
            refusal["teams"] = (
                f"{self.program} lets a mentee have one mentor (“Mentee max mentors” on the program is "
                f"{self.program.mentee_max_mentors}), so there is no team to form."
            )
        if self.fairness == self.Fairness.STABLE:
            refusal["fairness"] = (
                f"“{self.get_fairness_display()}” cannot be combined with several mentors per mentee: when a "
                "mentor's worth depends on the mentee's other mentors, a set of pairs that no mentee and mentor would "
                "both leave for each other may not exist. Choose best total or lift the weakest pair, or one mentor "
                "per mentee."
            )
        return refusal


class ProposalQuerySet(models.QuerySet):
    def kept(self) -> ProposalQuerySet:
        """Proposals that publishing would turn into pairings."""
        return self.exclude(state=Proposal.State.REJECTED)

    def left_out(self) -> ProposalQuerySet:
        """Kept proposals that publishing could not turn into pairings, with the reason recorded."""
        return self.kept().exclude(not_published="")


class Proposal(models.Model):
    """A proposed pair in a match run, with its score and the reasons for it."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        LOCKED = "locked", "Locked by the chair"
        REJECTED = "rejected", "Rejected by the chair"

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    mentor_application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    mentee_application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    components = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=State, default=State.PROPOSED)
    pairing = models.OneToOneField(Pairing, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal")
    not_published = models.TextField(
        "not published because",
        blank=True,
        help_text="Why publishing left this pair out: what changed since the run was solved.",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "pk"]
        # One proposal per pair; a dream-team run proposes several mentors for a mentee.
        constraints = [
            models.UniqueConstraint(
                fields=["run", "mentee_application", "mentor_application"], name="one_proposal_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor_application.applicant} + {self.mentee_application.applicant} ({self.score:.2f})"


class PairRule(models.Model):
    """The chair's word on a pair, kept across re-runs: always pair them (lock) or never (forbid)."""

    class Kind(models.TextChoices):
        LOCK = "lock", "Always pair (locked)"
        FORBID = "forbid", "Never pair (forbidden)"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pair_rules")
    mentor_application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    mentee_application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentor_application", "mentee_application"], name="one_rule_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mentor_application.applicant} + {self.mentee_application.applicant}"


class Favourite(models.Model):
    """A mentor a mentee marked in the Mentors Gallery."""

    mentee_application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="favourites")
    mentor_application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["mentee_application", "mentor_application"], name="one_favourite")
        ]

    def __str__(self) -> str:
        return f"Favourite {self.mentor_application_id} of {self.mentee_application_id}"


class GalleryRequestQuerySet(models.QuerySet):
    def open(self) -> GalleryRequestQuerySet:
        return self.filter(status__in=GalleryRequest.OPEN)


class GalleryRequest(models.Model):
    """A mentee asks a mentor from the gallery; the mentor accepts, declines or asks for more information."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the mentor"
        INFO_REQUESTED = "info_requested", "Mentor asked for more information"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Expired unanswered"
        WITHDRAWN = "withdrawn", "Withdrawn by the mentee"

    OPEN = (Status.PENDING, Status.INFO_REQUESTED)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="gallery_requests")
    mentee_application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="requests_made")
    mentor_application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="requests_received")
    message = models.TextField()
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    response = models.TextField(blank=True, help_text="The mentor's note: a question, or a word with a decline.")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    pairing = models.OneToOneField(
        Pairing, null=True, blank=True, on_delete=models.SET_NULL, related_name="gallery_request"
    )

    # What the mentee and the mentor wrote to each other; the chair sees who asked whom and the outcome.
    PRIVATE_TO_PAIR = ("message", "response")

    objects = GalleryRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee_application", "mentor_application"],
                condition=Q(status__in=["pending", "info_requested"]),
                name="one_open_request_per_pair",
            )
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.mentee_application.applicant} asks {self.mentor_application.applicant}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def remind_at(self) -> dt.datetime:
        """Halfway through the response window."""
        return self.created_at + (self.expires_at - self.created_at) / 2
