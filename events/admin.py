"""The chair's events in the admin: each event's date and times typed in its association's time zone, its check-in
code to show at the door, and its RSVPs, where the chair marks who came."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from events import services
from events.models import RSVP, Event


class EventForm(forms.ModelForm):
    """Date and times as the association's members read them (Association.time_zone), stored in UTC."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), help_text="In the association's time zone.")
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    class Meta:
        model = Event
        fields = ["association", "program", "kind", "title", "description", "place", "online_url", "capacity"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            start, end = self.instance.local_start, self.instance.local_end
            self.initial.update(date=start.date(), start_time=start.time(), end_time=end.time())

    def clean(self) -> dict:
        cleaned = super().clean()
        association, day = cleaned.get("association"), cleaned.get("date")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if association is None or day is None or start is None or end is None:
            return cleaned
        if end <= start:
            self.add_error("end_time", "The event must end after it starts.")
            return cleaned
        program = cleaned.get("program")
        if program is not None and program.host_id != association.pk:
            self.add_error("program", "Choose one of the association's own programs, or none.")
        self.instance.starts_at = dt.datetime.combine(day, start, tzinfo=association.time_zone)
        self.instance.ends_at = dt.datetime.combine(day, end, tzinfo=association.time_zone)
        return cleaned


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    association_path = "association"  # scope: applications/admin_scope.py
    form = EventForm
    list_display = ["title", "kind", "when", "association", "capacity", "going", "waitlisted", "attended", "rsvps"]
    list_filter = ["kind", ("association", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    list_select_related = ["association"]
    fieldsets = [
        (None, {"fields": ["association", "program", "kind", "title", "description"]}),
        ("When", {"fields": ["date", "start_time", "end_time"]}),
        ("Where", {"fields": ["place", "online_url"]}),
        ("Seats and the door", {"fields": ["capacity", "checkin_code", "rsvps"]}),
    ]
    readonly_fields = ["checkin_code", "rsvps"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                going_total=Count("rsvps", filter=Q(rsvps__status=RSVP.Status.GOING)),
                waitlist_total=Count("rsvps", filter=Q(rsvps__status=RSVP.Status.WAITLISTED)),
                attended_total=Count("rsvps", filter=Q(rsvps__attended_at__isnull=False)),
            )
        )

    @admin.display(description="when (local time)", ordering="starts_at")
    def when(self, event: Event) -> str:
        start = event.local_start
        return f"{start:%b} {start.day}, {start:%Y %H:%M} {start.tzname()}"

    @admin.display(description="going", ordering="going_total")
    def going(self, event: Event) -> int:
        return event.going_total

    @admin.display(description="waitlist", ordering="waitlist_total")
    def waitlisted(self, event: Event) -> int:
        return event.waitlist_total

    @admin.display(description="attended", ordering="attended_total")
    def attended(self, event: Event) -> int:
        return event.attended_total

    @admin.display(description="RSVPs and attendance")
    def rsvps(self, event: Event) -> str:
        if not event.pk:
            return "—"
        url = reverse("admin:events_rsvp_changelist") + f"?event__id__exact={event.pk}"
        return format_html('<a href="{}">Mark who came</a>', url)

    def save_model(self, request: HttpRequest, obj: Event, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            promoted = services.event_capacity_changed(event=obj)
            if promoted:
                self.message_user(request, f"{len(promoted)} person(s) moved from the waitlist to going, by email.")


class AttendedFilter(admin.SimpleListFilter):
    title = "attended"
    parameter_name = "attended"

    def lookups(self, request, model_admin):
        return [("yes", "Attended"), ("no", "Not marked")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(attended_at__isnull=self.value() == "no")
        return queryset


@admin.register(RSVP)
class RSVPAdmin(admin.ModelAdmin):
    """Who is coming to each event; the chair ticks who came (a selection, then "Mark as attended")."""

    association_path = "event__association"  # scope: applications/admin_scope.py
    list_display = ["person", "event", "status", "joined_at", "attended_at", "attendance_via"]
    list_filter = ["status", AttendedFilter, ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "event"]
    search_fields = ["user__full_name", "user__email", "event__title"]
    readonly_fields = [
        "event",
        "user",
        "status",
        "joined_at",
        "promoted_at",
        "cancelled_at",
        "attended_at",
        "attendance_via",
        "attendance_marked_by",
    ]
    actions = ["mark_attended", "mark_not_attended"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="person", ordering="user__full_name")
    def person(self, rsvp: RSVP) -> str:
        return rsvp.user.full_name or rsvp.user.email

    @admin.action(description="Mark the selected people as attended", permissions=["change"])
    def mark_attended(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = services.attendance_mark(rsvps=queryset, actor=request.user, attended=True)
        self.message_user(request, f"{done} marked as attended at {timezone.localtime():%H:%M}.")

    @admin.action(description="Mark the selected people as not attended", permissions=["change"])
    def mark_not_attended(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = services.attendance_mark(rsvps=queryset, actor=request.user, attended=False)
        self.message_user(request, f"{done} attendance mark(s) removed.")
