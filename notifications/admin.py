from django.contrib import admin

from notifications.models import Notice, OptOut


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """The ledger: what was sent, what failed and is being retried, what was suppressed."""

    # Scope (applications/admin_scope.py): a program's notices to its chairs and coordinators; a student chapter's
    # (no program) to its association's chairs.
    program_path = "program"
    association_path = "association"

    list_display = [
        "kind",
        "to",
        "status",
        "attempts",
        "program",
        "association",
        "created_at",
        "sent_at",
        "last_error_short",
    ]
    list_filter = ["status", "kind", "program", "association"]
    search_fields = ["to", "key"]
    list_select_related = ["program", "association"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Notice._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Last error")
    def last_error_short(self, obj: Notice) -> str:
        return obj.last_error[:80]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
