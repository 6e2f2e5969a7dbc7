"""Programs (one program's rules) and the applications made to them.

Past 400 lines on purpose: the two models' fields are the program's rules and the application form's questions,
each with the help text the admin and the forms show; splitting them would part a field from its words."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from timezone_field import TimeZoneField

from applications.vocabulary import ContactForm, Frequency, expertise_labels

# value -> label, built once: `.choices` builds a new list on every call, a millisecond or two per row of a list
# page (the admin's applications, the gallery's cards, a mentor's requests). Expertise's: vocabulary.expertise_labels.
_CONTACT_FORM_LABELS = dict(ContactForm.choices)


# Programs without a deadline (always open) first, then the latest deadline, on any database.
LISTED_ORDER = (F("deadline").desc(nulls_first=True), "name")


class ProgramQuerySet(models.QuerySet):
    def open_at(self, at: dt.datetime) -> list[Program]:
        """Programs taking applications at `at`; deadlines are per time zone, so decided in Python."""
        return [program for program in self if program.is_open(at)]


class Program(models.Model):
    """One cohort of a mentorship program, e.g. "2024 Mentorship Program". Programs differ; this is their rules."""

    class Kind(models.TextChoices):
        COHORT = "cohort", "Yearly cohort"
        ALWAYS_OPEN = "always_open", "Always open"
        ADVISORS = "advisors", "Senior advisor roster"

    class PairingMode(models.TextChoices):
        CHAIR = "chair", "The chair matches from applications"
        GALLERY = "gallery", "Mentees choose from the Mentors Gallery"
        BOTH = "both", "Both: chair matching and the Mentors Gallery"

    name = models.CharField(max_length=200, help_text='The cohort, e.g. "2024 Mentorship Program".')
    kind = models.CharField(
        max_length=12,
        choices=Kind,
        default=Kind.COHORT,
        help_text="Yearly cohort: a deadline, then pairs for a year. Always open: no deadline, applications approved "
        "as they come, mentees choose coaches from the gallery, one after another or several at once. Senior "
        "advisor roster: members ask a retired manager for advice; no deadline.",
    )
    slug = models.SlugField(unique=True, help_text="Used in web addresses.")
    host = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        related_name="hosted_programs",
        help_text="The association running it: its chairs run the program; its name and look are on emails and "
        "agreements.",
    )
    partners = models.ManyToManyField(
        "associations.Association",
        blank=True,
        related_name="partner_programs",
        help_text="Co-sponsoring associations: their members may apply too, under their own association's rules.",
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_programs",
        help_text="People who run this program only (not the association's other programs). Granted by a superuser.",
    )
    description = models.TextField(blank=True, help_text="Shown to applicants on the program page.")

    # Application window.
    time_zone = TimeZoneField(
        default="America/Los_Angeles", help_text="Dates below are in this time zone (the association's own)."
    )
    opens_on = models.DateField(null=True, blank=True, help_text="First day applications are taken; blank: open now.")
    deadline = models.DateField(
        null=True,
        blank=True,
        help_text="Last day to apply; applications close at 11:59 PM that day. Yearly cohorts only: always-open "
        "programs and advisor rosters have none.",
    )

    # Who may apply.
    mentor_min_years = models.PositiveSmallIntegerField(
        default=3, help_text="Years a mentor must have worked at a public agency."
    )
    mentor_requires_full_membership = models.BooleanField(
        default=True, help_text="Mentors must be Full members (or eligible for Full membership)."
    )
    # Membership categories, eligible non-members and their fee are each association's (associations.Association):
    # an applicant applies under the rules of the association they name, the host or a partner.

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
    match_objective = models.CharField(
        max_length=10,
        choices=[
            ("total", "Highest total score"),
            ("coverage", "Most mentees matched first, then the highest total score"),
        ],
        default="total",
        help_text="What a match run optimises.",
    )
    min_match_score = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.30"),
        help_text="A mentee stays unmatched rather than get a pair scoring below this (0 to 1).",
    )
    local_government_fit = models.BooleanField(
        default=True, help_text="Score region, agency type and community size when matching."
    )
    text_similarity = models.CharField(
        "compare texts by",
        max_length=10,
        choices=[
            ("words", "Shared words (TF-IDF)"),
            ("meaning", "Meaning (sentence embeddings)"),
        ],
        default="words",
        help_text="How matching compares what mentees and mentors wrote. Meaning needs the optional model "
        "(requirements-semantic.txt); without it, shared words are compared.",
    )
    gallery_response_days = models.PositiveSmallIntegerField(
        default=3, help_text="Days a mentor has to answer a gallery request; reminded halfway, then it expires."
    )
    allow_rematch = models.BooleanField(
        default=True, help_text="A mentee whose pairing ended may ask the chair for a new match."
    )
    allows_groups = models.BooleanField(
        default=False,
        help_text="A mentor may mentor several mentees as one group: one agreement they all sign and check-ins "
        "they share. A match run then groups a mentor's new mentees, and the chair may group pairings in the admin.",
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
    requires_agreement = models.BooleanField(
        default=True,
        help_text="Each pair fills in and signs a Statement of Mutual Understanding. Off: pairs start without one "
        "(no agreement step, no reminders to sign).",
    )
    chair_email = models.EmailField(help_text="The mentorship chair's address; executed agreements are sent here.")

    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        # PostgreSQL sorts NULL first in a descending order: programs without a deadline (always open) come first,
        # then the latest deadline. (Pages that list programs say so explicitly: LISTED_ORDER.)
        ordering = ["-deadline", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("applications:program", args=[self.slug])

    def clean(self) -> None:
        if self.kind == self.Kind.COHORT and self.deadline is None:
            raise ValidationError({"deadline": "A yearly cohort needs a deadline."})
        if self.kind != self.Kind.COHORT and self.deadline is not None:
            raise ValidationError(
                {
                    "deadline": f"{self.get_kind_display()} programs take applications all year: "
                    "leave the deadline blank."
                }
            )
        if self.kind == self.Kind.ADVISORS and self.pairing_mode != self.PairingMode.GALLERY:
            raise ValidationError({"pairing_mode": "On an advisor roster members ask an advisor: choose the gallery."})
        if self.kind == self.Kind.ALWAYS_OPEN and not self.uses_gallery:
            raise ValidationError(
                {"pairing_mode": "An always-open program pairs through the gallery: choose the gallery or both."}
            )

    @property
    def is_rolling(self) -> bool:
        """Always open (no deadline): applications are approved as they come; no deadline notices, no next year."""
        return self.kind != self.Kind.COHORT

    @property
    def is_advisor_roster(self) -> bool:
        return self.kind == self.Kind.ADVISORS

    @property
    def opens_at(self) -> dt.datetime | None:
        if self.opens_on is None:
            return None
        return dt.datetime.combine(self.opens_on, dt.time.min, tzinfo=self.time_zone)

    @property
    def closes_at(self) -> dt.datetime | None:
        """The first instant after the deadline day, in the program's time zone (11:59 PM is still open); None
        when the program has no deadline."""
        if self.deadline is None:
            return None
        return dt.datetime.combine(self.deadline + dt.timedelta(days=1), dt.time.min, tzinfo=self.time_zone)

    def is_open(self, at: dt.datetime | None = None) -> bool:
        at = at or timezone.now()
        if self.opens_at is not None and at < self.opens_at:
            return False
        return self.closes_at is None or at < self.closes_at

    def mentor_places(self, capacity: int | None) -> int:
        """How many mentees a mentor who offered `capacity` may take here (the program's limit caps it)."""
        return min(capacity or 1, self.mentor_max_mentees)

    @property
    def has_event_requirement(self) -> bool:
        return bool(self.required_regional_events or self.required_signature_events)

    @property
    def uses_gallery(self) -> bool:
        return self.pairing_mode in (self.PairingMode.GALLERY, self.PairingMode.BOTH)

    @property
    def uses_chair_matching(self) -> bool:
        return self.pairing_mode in (self.PairingMode.CHAIR, self.PairingMode.BOTH)

    @property
    def mentor_word(self) -> str:
        """What the program calls the person giving advice (an advisor roster's wording differs)."""
        return "advisor" if self.is_advisor_roster else "mentor"

    @property
    def mentee_word(self) -> str:
        return "member" if self.is_advisor_roster else "mentee"

    @property
    def how_pairing_works(self) -> str:
        """How pairs form here, in one plain sentence for the public pages."""
        if self.is_advisor_roster:
            return (
                "You ask an advisor: browse the senior advisors by state or region, ask one for advice, and the "
                "advisor accepts or declines."
            )
        if self.pairing_mode == self.PairingMode.CHAIR:
            return (
                "The chair matches you: after the deadline, the chair pairs mentors and mentees from the applications."
            )
        if self.pairing_mode == self.PairingMode.GALLERY:
            return (
                "You choose: once approved, you browse the Mentors Gallery and ask a mentor, who accepts or declines."
            )
        return (
            "Both: you may choose a mentor from the Mentors Gallery once approved, and the chair matches those "
            "who have not chosen."
        )


def resume_path(instance: Application, filename: str) -> str:
    """An unguessable name; the original filename is never used on disk."""
    return f"resumes/{uuid.uuid4().hex}.pdf"


class ApplicationQuerySet(models.QuerySet):
    def for_lists(self) -> ApplicationQuerySet:
        """Everything a list of applications shows, in a fixed number of queries."""
        return self.select_related("program", "applicant", "applicant__profile", "decided_by")

    def submitted(self) -> ApplicationQuerySet:
        return self.exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])

    def approved(self) -> ApplicationQuerySet:
        return self.filter(status=Application.Status.APPROVED)

    def mentors(self) -> ApplicationQuerySet:
        return self.filter(role=Application.Role.MENTOR)

    def mentees(self) -> ApplicationQuerySet:
        return self.filter(role=Application.Role.MENTEE)


class Application(models.Model):
    """One person's application to one program in one role. Mentor and mentee answers share this table."""

    class Role(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Mentee"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        UNDER_REVIEW = "under_review", "Under review"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        WAITLISTED = "waitlisted", "Waitlisted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Membership(models.TextChoices):
        FULL = "full", "Full member"
        STUDENT = "student", "Student member"
        AFFILIATE = "affiliate", "Affiliate member"
        NONMEMBER = "nonmember", "Not a member, but eligible for membership"

    class Fee(models.TextChoices):
        NONE = "none", "No fee (member)"
        DUE = "due", "Due"
        PAID = "paid", "Paid"
        WAIVED = "waived", "Waived"

    class CareerStage(models.TextChoices):
        STUDENT = "student", "Student"
        EARLY_CAREER = "early_career", "Early career"
        MID_CAREER = "mid_career", "Mid-career"
        ASPIRING_MANAGER = "aspiring_manager", "Aspiring manager"

    DECIDED = (Status.APPROVED, Status.DECLINED, Status.WAITLISTED)

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications")
    role = models.CharField(max_length=10, choices=Role)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    status_changed_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The day of submitted_at in the program's time zone, for the chair's counts by day (dashboard.selectors.intake):
    # written by the database itself on PostgreSQL (migration 0011's triggers: on every insert or update of the
    # application, whoever writes it, and for all of a program's applications when its time zone changes), so the
    # page groups a stored date instead of converting each submission's time zone on every request. Read it from a
    # query: an instance saved in this process does not see what the database wrote.
    submitted_on = models.DateField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        help_text="The association the applicant is a member of (or, as an eligible non-member, applies through): "
        "the program's host or a partner. Its membership categories and non-member fee apply. Blank: the host.",
    )
    membership = models.CharField(max_length=10, choices=Membership, blank=True)
    fee_status = models.CharField(max_length=10, choices=Fee, default=Fee.NONE)
    fee_amount = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0.00"))
    fee_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    fee_recorded_at = models.DateTimeField(null=True, blank=True)

    # Both roles.
    expertise = models.JSONField(
        default=list, blank=True, help_text="Mentor: their three strongest areas. Mentee: up to three areas wanted."
    )
    expertise_other = models.CharField("other area", max_length=200, blank=True)
    frequency = models.CharField(max_length=20, choices=Frequency, blank=True)
    contact_forms = models.JSONField(default=list, blank=True)
    preferences = models.TextField(blank=True, help_text="Preferences about the partner's traits and qualities.")
    mentored_before = models.TextField(blank=True)
    additional_info = models.TextField(blank=True)
    resume = models.FileField(upload_to=resume_path, blank=True)

    # Mentors.
    years_experience = models.PositiveSmallIntegerField(null=True, blank=True)
    education = models.TextField(blank=True)
    statement = models.TextField(blank=True, help_text="Why they want to mentor and how their experience helps.")
    capacity = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Mentees they can take.")

    # Mentees.
    works_at_public_agency = models.BooleanField(null=True, blank=True)
    public_service_interest = models.TextField(blank=True)
    career_stage = models.CharField(max_length=20, choices=CareerStage, blank=True)
    goals = models.TextField(blank=True, help_text="What the mentee hopes to gain: goals and expectations.")

    # Matching by meaning (matching/semantic.py): the text's vector, stored by a task when the application is saved.
    text_vector = models.BinaryField(blank=True, default=b"", editable=False, help_text="float32 numbers.")
    text_vector_of = models.CharField(
        max_length=64, blank=True, editable=False, help_text="What the vector was made from (model and text, hashed)."
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-status_changed_at"]
        constraints = [
            models.UniqueConstraint(fields=["program", "applicant", "role"], name="one_application_per_role"),
        ]
        indexes = [models.Index(fields=["program", "role", "status"])]

    def __str__(self) -> str:
        return f"{self.applicant} — {self.get_role_display()}, {self.program}"

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", args=[self.pk])

    @property
    def is_mentor(self) -> bool:
        return self.role == self.Role.MENTOR

    @property
    def member_association(self):
        """The association whose membership rules and fee apply: the one named, else the program's host."""
        return self.association or self.program.host

    @property
    def is_editable(self) -> bool:
        """The applicant may still change it: a draft, or a submission not yet reviewed, before the deadline."""
        return self.status in (self.Status.DRAFT, self.Status.SUBMITTED) and self.program.is_open()

    @property
    def can_withdraw(self) -> bool:
        return self.status not in (self.Status.WITHDRAWN, self.Status.DECLINED)

    def expertise_labels(self) -> list[str]:
        return expertise_labels(self.expertise, self.expertise_other)

    def contact_form_labels(self) -> list[str]:
        return [_CONTACT_FORM_LABELS[value] for value in self.contact_forms if value in _CONTACT_FORM_LABELS]


class ApplicationEvent(models.Model):
    """A change of an application's status: who and when."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=Application.Status)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.at:%Y-%m-%d %H:%M}"
