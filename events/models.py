"""An association's regional and signature events and webinars, who said they are coming, and who came.

An event's times are stored in UTC and shown in its association's time zone. Attendance (marked by the chair in the
admin, or by the attendee typing the code shown at the door) is what a program's event requirement counts
(events.requirement), beside the attendance mentees logged and the chair confirmed before the calendar existed."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from applications.models import Program
from associations.models import Association

# No 0/O, 1/I/L: read off a slide at the door and typed on a phone. 31 ** 8 is about 8.5e11 codes, and the check-in
# page allows a handful of tries per person (events.checkin), so a code cannot be guessed.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_checkin_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class EventQuerySet(models.QuerySet):
    def upcoming(self, now=None) -> EventQuerySet:
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None) -> EventQuerySet:
        return self.filter(ends_at__lt=now or timezone.now())


class Event(models.Model):
    class Kind(models.TextChoices):
        REGIONAL = "regional", "Regional event"
        SIGNATURE = "signature", "Signature event"
        WEBINAR = "webinar", "Webinar"

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="events")
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="Leave empty when the event counts for every program of the association; name one when it "
        "counts for that program's mentees only.",
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.REGIONAL)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Plain text; shown on the event's page and calendars.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True, help_text="Address or venue; leave empty for online only.")
    online_url = models.URLField(
        blank=True, help_text="The webinar or video link; shown only to people who are coming, never in the feed."
    )
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Seats; leave empty for no limit. Past it, people join a waitlist."
    )
    checkin_code = models.CharField(
        max_length=CODE_LENGTH,
        default=new_checkin_code,
        editable=False,
        help_text="Show it at the door: attendees type it on the event's check-in page.",
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # the calendar's UID, stable for life
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["association", "starts_at"])]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.association.time_zone)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.association.time_zone)

    @property
    def counts_for_requirement(self) -> bool:
        return self.kind in (self.Kind.REGIONAL, self.Kind.SIGNATURE)

    @property
    def is_over(self) -> bool:
        return self.ends_at < timezone.now()


class RSVPQuerySet(models.QuerySet):
    def going(self) -> RSVPQuerySet:
        return self.filter(status=RSVP.Status.GOING)

    def waitlisted(self) -> RSVPQuerySet:
        return self.filter(status=RSVP.Status.WAITLISTED).order_by("joined_at", "pk")

    def attended(self) -> RSVPQuerySet:
        return self.filter(attended_at__isnull=False)


class RSVP(models.Model):
    """One person's answer to one event: coming, on the waitlist, or cancelled; and whether they came."""

    class Status(models.TextChoices):
        GOING = "going", "Going"
        WAITLISTED = "waitlisted", "On the waitlist"
        CANCELLED = "cancelled", "Cancelled"

    class Via(models.TextChoices):
        CHAIR = "chair", "Marked by the chair"
        CODE = "code", "Check-in code"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_rsvps")
    status = models.CharField(max_length=10, choices=Status, default=Status.GOING)
    joined_at = models.DateTimeField(default=timezone.now, help_text="The waitlist is served in this order.")
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    attendance_via = models.CharField(max_length=5, choices=Via, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RSVPQuerySet.as_manager()

    class Meta:
        verbose_name = "RSVP"
        verbose_name_plural = "RSVPs"
        ordering = ["event", "joined_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_rsvp_per_person")]
        indexes = [models.Index(fields=["user", "attended_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.event} ({self.get_status_display()})"
