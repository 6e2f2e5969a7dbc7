"""Student chapters: a university's public administration program near an association, and the offers managers make
to it (mentor its students as a group, sit on a panel, host a tour of their community).

The chapter's contact may have no account: they answer an offer through a signed link emailed to them
(chapters.tokens). The contact's email address is never shown on a page; only the ledger writes to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from associations.models import Association


class StudentChapterQuerySet(models.QuerySet):
    def active(self) -> StudentChapterQuerySet:
        return self.filter(active=True)


class StudentChapter(models.Model):
    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="student_chapters",
        help_text="The association that lists this chapter: its chairs manage it.",
    )
    university = models.CharField(max_length=200, help_text='e.g. "California State University, Long Beach".')
    program_name = models.CharField(
        "public administration program",
        max_length=200,
        help_text='The program whose students form the chapter, e.g. "Master of Public Administration".',
    )
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=50, help_text='e.g. "CA" or "California".')
    contact_name = models.CharField(max_length=200, help_text="Who answers offers: a faculty advisor or officer.")
    contact_email = models.EmailField(
        help_text="Offers are emailed here with a link to answer them. Never shown on the site."
    )
    active = models.BooleanField(default=True, help_text="Only active chapters are listed and can receive offers.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = StudentChapterQuerySet.as_manager()

    class Meta:
        ordering = ["university", "program_name"]

    def __str__(self) -> str:
        return f"{self.university}: {self.program_name}"


class ChapterOfferQuerySet(models.QuerySet):
    def open(self) -> ChapterOfferQuerySet:
        return self.filter(status=ChapterOffer.Status.OFFERED)


class ChapterOffer(models.Model):
    class Kind(models.TextChoices):
        GROUP_MENTORING = "group_mentoring", "Mentor its students as a group"
        PANEL = "panel", "Sit on a panel"
        TOUR = "tour", "Host a tour of my community"

    class Status(models.TextChoices):
        OFFERED = "offered", "Waiting for the chapter's answer"
        SCHEDULED = "scheduled", "Scheduled"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    chapter = models.ForeignKey(StudentChapter, on_delete=models.CASCADE, related_name="offers")
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chapter_offers")
    kind = models.CharField("what you offer", max_length=20, choices=Kind)
    message = models.TextField(max_length=2000, help_text="Who you are and what you would like to share.")
    suggested_dates = models.CharField(
        max_length=300, help_text='When you could do it, e.g. "Any Tuesday evening in March, or April 10".'
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.OFFERED)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True, help_text="When it was answered or withdrawn.")
    # The chapter's answer.
    scheduled_date = models.DateField(null=True, blank=True)
    scheduled_time = models.TimeField(null=True, blank=True, help_text="Local time at the place.")
    place = models.CharField(max_length=300, blank=True, help_text="An address or an online meeting link.")
    reply = models.TextField(max_length=2000, blank=True, help_text="The chapter contact's note to the manager.")

    objects = ChapterOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "manager"],
                condition=Q(status="offered"),
                name="one_open_offer_per_manager_and_chapter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.chapter.university}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OFFERED

    @property
    def group_mentoring_note(self) -> str:
        """How an accepted offer to mentor the students as a group works (pairings.groups), for the answer page and
        the manager's email; empty for other offers. Plain text: the templates escape it."""
        if self.kind != self.Kind.GROUP_MENTORING or self.status != self.Status.SCHEDULED:
            return ""
        association = self.chapter.association.name
        return (
            f"How group mentoring works: each student applies as a mentee, and {self.manager.full_name} as a mentor, "
            f"to a {association} program that allows group mentoring. Once the chair pairs the students with their "
            "mentor, they are mentored as one group: one Statement of Mutual Understanding that everyone signs, and "
            "check-ins logged once for the whole group. Each student can still end their own pairing with no fault."
        )
