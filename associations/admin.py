from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest

from associations import roles
from associations.models import Association


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    """A superuser adds associations and names their chairs; a chair edits their own association's page."""

    association_path = ""  # scope: applications/admin_scope.py
    superuser_fields = ["chairs"]
    list_display = ["name", "short_name", "region", "contact_email", "program_count"]
    search_fields = ["name", "short_name", "region"]
    prepopulated_fields = {"slug": ["short_name"]}
    filter_horizontal = ["chairs"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "region", "website", "contact_email", "time_zone"]}),
        ("Look on pages, emails and agreements", {"fields": ["colour", "logo"]}),
        ("Membership", {"fields": ["membership_categories", "allow_eligible_nonmembers", "nonmember_fee"]}),
        ("Who runs it", {"fields": ["chairs"]}),
    ]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(program_count=Count("hosted_programs"))

    @admin.display(description="programs hosted", ordering="program_count")
    def program_count(self, association: Association) -> int:
        return association.program_count

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        before = set(form.instance.chairs.all()) if change else set()
        super().save_related(request, form, formsets, change)
        roles.roles_sync(before | set(form.instance.chairs.all()))
