"""The chair's view of pairings and their life: who is paired and how it is going, never what the pair wrote to
each other (check-in notes, pulse comments). The chair confirms logged events and reads requests for a new match."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html_join

from agreements.admin import ReadOnlyAdmin
from pairings import checkins, groups
from pairings.models import (
    CheckIn,
    EventAttendance,
    MatchFeedback,
    MentoringGroup,
    Pairing,
    PairingEvent,
    PulseResponse,
    RematchRequest,
)


class PairingEventInline(admin.TabularInline):
    model = PairingEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Pairing)
class PairingAdmin(admin.ModelAdmin):
    program_path = "program"  # scope: applications/admin_scope.py
    list_display = ["__str__", "program", "status", "source", "score", "group", "created_at", "ends_on"]
    list_filter = ["program", "status", "source"]
    list_select_related = ["program", "mentor", "mentee", "group"]
    search_fields = ["mentor__full_name", "mentee__full_name", "mentor__email", "mentee__email"]
    inlines = [PairingEventInline]
    readonly_fields = [
        "program",
        "mentor_application",
        "mentee_application",
        "mentor",
        "mentee",
        "status",
        "source",
        "score",
        "reasons_text",
        "approved_by",
        "created_at",
        "started_on",
        "ends_on",
        "ended_at",
        "ended_by",
        "end_reason",
        "group",
    ]
    exclude = ["reasons"]
    actions = ["mentor_as_group"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(
        description="Mentor these as one group (same mentor, one agreement, shared check-ins)", permissions=["change"]
    )
    def mentor_as_group(self, request, queryset):
        try:
            group = groups.group_form(pairings=list(queryset), actor=request.user)
        except groups.GroupError as error:
            self.message_user(request, f"No group was formed: {error}", messages.ERROR)
            return
        self.message_user(request, f"{group.name} formed: {queryset.count()} pairings, one agreement to sign.")

    @admin.display(description="Reasons")
    def reasons_text(self, obj: Pairing) -> str:
        # One per line, as a proposal's reasons.
        return format_html_join("", "{}<br>", ((reason,) for reason in obj.reasons)) or "—"


class GroupPairingInline(admin.TabularInline):
    model = Pairing
    fk_name = "group"
    extra = 0
    can_delete = False
    fields = ["mentee", "status", "started_on", "ends_on"]
    readonly_fields = fields
    verbose_name = "member"

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MentoringGroup)
class MentoringGroupAdmin(admin.ModelAdmin):
    """A mentor's group: formed from pairings (their action) or by a publish; the chair may rename it."""

    program_path = "program"  # scope: applications/admin_scope.py
    list_display = ["name", "program", "mentor", "members", "created_at"]
    list_filter = ["program"]
    list_select_related = ["program", "mentor"]
    search_fields = ["name", "mentor__full_name"]
    fields = ["name", "program", "mentor", "mentor_application", "created_at", "created_by"]
    readonly_fields = ["program", "mentor", "mentor_application", "created_at", "created_by"]
    inlines = [GroupPairingInline]

    def has_add_permission(self, request) -> bool:
        return False  # formed from pairings, through the service

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("pairings"))

    @admin.display(description="mentees", ordering="member_count")
    def members(self, group: MentoringGroup) -> int:
        return group.member_count


@admin.register(RematchRequest)
class RematchRequestAdmin(ReadOnlyAdmin):
    program_path = "program"  # scope: applications/admin_scope.py
    list_display = ["mentee", "program", "created_at", "pairing"]
    list_filter = ["program"]
    list_select_related = ["mentee", "program", "pairing__mentor", "pairing__mentee"]
    fields = ["mentee", "program", "pairing", "reason", "created_at"]
    readonly_fields = fields


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    """That a pair met, how and for how long. Never the note: it is private to the pair."""

    program_path = "pairing__program"  # scope: applications/admin_scope.py

    list_display = ["pairing", "date", "form", "minutes", "logged_by"]
    list_filter = ["pairing__program", "form"]
    list_select_related = ["pairing__mentor", "pairing__mentee", "logged_by"]
    fields = ["pairing", "date", "form", "minutes", "logged_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PulseResponse)
class PulseResponseAdmin(admin.ModelAdmin):
    """Scores and their trend per pair. Never the comment: it is private to the pair."""

    program_path = "pairing__program"  # scope: applications/admin_scope.py

    list_display = ["pairing", "round", "respondent", "score", "answered_at"]
    list_filter = ["pairing__program", "score", "round"]
    list_select_related = ["pairing__mentor", "pairing__mentee", "respondent"]
    fields = ["pairing", "round", "respondent", "score", "answered_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EventAttendance)
class EventAttendanceAdmin(admin.ModelAdmin):
    program_path = "pairing__program"  # scope: applications/admin_scope.py
    list_display = ["name", "kind", "date", "pairing", "confirmed_by", "confirmed_at"]
    list_filter = ["pairing__program", "kind", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["pairing__mentor", "pairing__mentee", "confirmed_by"]
    readonly_fields = ["pairing", "kind", "name", "date", "logged_at", "confirmed_by", "confirmed_at"]
    actions = ["confirm"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Confirm the selected events", permissions=["change"])
    def confirm(self, request, queryset):
        done = sum(checkins.event_confirm(attendance=a, actor=request.user) for a in queryset)
        self.message_user(request, f"{done} event(s) confirmed.")


@admin.register(MatchFeedback)
class MatchFeedbackAdmin(admin.ModelAdmin):
    program_path = "pairing__program"  # scope: applications/admin_scope.py
    list_display = ["pairing", "author", "rating", "created_at"]
    list_filter = ["pairing__program", "rating"]
    list_select_related = ["pairing__mentor", "pairing__mentee", "author"]
    readonly_fields = ["pairing", "author", "rating", "comments", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
