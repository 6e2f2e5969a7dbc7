"""The chair's view of agreements: read-only, always. Agreements change only through the pair's own pages.

The chair edits the program's coaching guidance here.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from agreements.models import Agreement, ProgramGuidance, Signature


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable, never added, changed or deleted from the admin: the record is the pair's, not the chair's."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ProgramGuidance)
class ProgramGuidanceAdmin(admin.ModelAdmin):
    program_path = "program"  # scope: applications/admin_scope.py
    list_display = ["program", "title", "updated_at"]
    fields = ["program", "title", "steps", "good_coaches", "good_proteges"]
    autocomplete_fields = ["program"]

    def get_readonly_fields(self, request: HttpRequest, obj: ProgramGuidance | None = None) -> list[str]:
        return ["program"] if obj else []


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    can_delete = False
    fields = ["role", "typed_name", "signed_at", "ip", "user_agent", "agreement_version", "content_sha256", "voided_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    program_path = "pairing__program"  # scope: applications/admin_scope.py
    list_display = ["pairing", "group", "program", "version", "valid_signatures", "executed_at", "pdf_link"]
    list_filter = ["pairing__program", ("executed_at", admin.EmptyFieldListFilter)]
    search_fields = ["pairing__mentor__full_name", "pairing__mentee__full_name", "pairing__program__name"]
    inlines = [SignatureInline]
    fields = [
        "pairing",
        "group",
        "confidentiality",
        "duration",
        "frequency",
        "contact_forms",
        "mentor_time",
        "roles",
        "additional_points",
        "version",
        "updated_at",
        "updated_by",
        "executed_at",
        "content_sha256",
        "pdf_link",
        "pdf_sha256",
        "pdf_emailed_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Agreement]:
        return (
            super()
            .get_queryset(request)
            .select_related("pairing__program", "pairing__mentor", "pairing__mentee", "group", "updated_by")
            .annotate(
                valid_signature_count=Count("signatures", filter=Q(signatures__voided_at__isnull=True), distinct=True),
                # A group's agreement is signed by its mentor and each active mentee.
                group_mentees=Count("group__pairings", filter=Q(group__pairings__status="active"), distinct=True),
            )
        )

    @admin.display(description="program", ordering="pairing__program__name")
    def program(self, agreement: Agreement) -> str:
        return agreement.pairing.program.name

    @admin.display(description="signatures")
    def valid_signatures(self, agreement: Agreement) -> str:
        parties = 2 if agreement.group_id is None else agreement.group_mentees + 1
        return f"{agreement.valid_signature_count} of {parties}"

    @admin.display(description="PDF")
    def pdf_link(self, agreement: Agreement) -> str:
        # The file has no public URL: the download view checks its hash and who is asking.
        if not agreement.pdf:
            return "—"
        return format_html('<a href="{}">Download</a>', reverse("agreements:pdf", args=[agreement.pairing_id]))


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    program_path = "agreement__pairing__program"  # scope: applications/admin_scope.py
    list_display = ["agreement", "role", "typed_name", "signed_at", "ip", "voided_at"]
    list_filter = ["role", ("voided_at", admin.EmptyFieldListFilter)]
    list_select_related = ["agreement__pairing__mentor", "agreement__pairing__mentee"]
    fields = [
        "agreement",
        "signer",
        "role",
        "typed_name",
        "signed_at",
        "ip",
        "user_agent",
        "agreement_version",
        "content_sha256",
        "voided_at",
    ]
    readonly_fields = fields
