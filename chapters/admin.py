from django.contrib import admin

from chapters.models import ChapterOffer, StudentChapter


@admin.register(StudentChapter)
class StudentChapterAdmin(admin.ModelAdmin):
    """An association's chairs list the student chapters near it and keep their contact current."""

    association_path = "association"  # scope: applications/admin_scope.py
    list_display = ["university", "program_name", "city", "state", "association", "active"]
    list_filter = ["active", ("association", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["association"]
    search_fields = ["university", "program_name", "city", "contact_name"]
    fields = ["association", "university", "program_name", "city", "state", "contact_name", "contact_email", "active"]


@admin.register(ChapterOffer)
class ChapterOfferAdmin(admin.ModelAdmin):
    """What managers offered the association's chapters and how the chapters answered. Read-only: the manager and
    the chapter's contact make every change, and each is emailed."""

    association_path = "chapter__association"
    list_display = ["chapter", "manager", "kind", "status", "created_at", "scheduled_date"]
    list_filter = ["status", "kind"]
    list_select_related = ["chapter", "manager"]
    search_fields = ["chapter__university", "manager__full_name"]
    date_hierarchy = "created_at"
    fields = [
        "chapter",
        "manager",
        "kind",
        "message",
        "suggested_dates",
        "status",
        "created_at",
        "answered_at",
        "scheduled_date",
        "scheduled_time",
        "place",
        "reply",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
