from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from applications import admin_review, csv_export, services
from applications.models import Application, Program
from applications.vocabulary import Expertise
from associations import roles
from mentorship.admin_lists import CheapListMixin
from mentorship.spreadsheets import csv_response


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    program_path = ""  # scope: applications/admin_scope.py
    list_display = ["name", "host", "kind", "deadline", "time_zone", "pairing_mode", "chair_email"]
    list_filter = ["kind", "pairing_mode", "recommended_frequency", "requires_agreement"]
    list_select_related = ["host"]
    search_fields = ["name", "host__name", "host__short_name", "slug"]
    filter_horizontal = ["partners", "coordinators"]
    superuser_fields = ["coordinators"]  # roles are granted by a superuser (associations/roles.py)
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "host", "partners", "description", "chair_email", "coordinators"]}),
        ("Kind and application window", {"fields": ["kind", "time_zone", "opens_on", "deadline"]}),
        (
            "Who may apply",
            {
                "fields": [
                    "mentor_min_years",
                    "mentor_requires_full_membership",
                ]
            },
        ),
        (
            "How pairs form",
            {
                "fields": [
                    "pairing_mode",
                    "mentor_max_mentees",
                    "mentee_max_mentors",
                    "exclude_same_organization",
                    "match_objective",
                    "min_match_score",
                    "local_government_fit",
                    "text_similarity",
                    "gallery_response_days",
                    "allow_rematch",
                ]
            },
        ),
        (
            "The relationship",
            {
                "fields": [
                    "term_months",
                    "term_description",
                    "recommended_frequency",
                    "required_regional_events",
                    "required_signature_events",
                    "requirements",
                    "requires_agreement",
                ]
            },
        ),
    ]

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        before = set(form.instance.coordinators.all()) if change else set()
        super().save_related(request, form, formsets, change)
        if request.user.is_superuser:
            roles.roles_sync(before | set(form.instance.coordinators.all()))


class ExpertiseFilter(admin.SimpleListFilter):
    title = "expertise"
    parameter_name = "expertise"

    def lookups(self, request, model_admin):
        return Expertise.choices

    def queryset(self, request, queryset):
        if self.value() in Expertise.values:
            # The JSON list's text holds each value quoted; this works on PostgreSQL and SQLite alike.
            return queryset.filter(expertise__icontains=f'"{self.value()}"')
        return queryset


# What the list shows, and nothing more: statements, goals and the rest stay in the database.
LIST_COLUMNS = [
    "pk",
    "role",
    "status",
    "program__name",
    "applicant__full_name",
    "applicant__email",
    "applicant__profile__organization",
    "expertise",
    "expertise_other",
    "frequency",
    "membership",
    "fee_status",
    "status_changed_at",
    "resume",
]


@admin.register(Application)
class ApplicationAdmin(CheapListMixin, admin.ModelAdmin):
    program_path = "program"  # scope: applications/admin_scope.py
    list_display = [
        "name",
        "applicant_email",
        "role",
        "status",
        "program",
        "organization",
        "expertise_list",
        "frequency",
        "membership",
        "fee_status",
        "status_changed_at",
        "resume_link",
    ]
    list_filter = ["program", "role", "status", ExpertiseFilter, "frequency", "membership", "fee_status"]
    search_fields = ["applicant__full_name", "applicant__email", "applicant__profile__organization"]
    list_select_related = ["program", "applicant", "applicant__profile"]
    list_columns = LIST_COLUMNS
    list_per_page = 50
    # One application's page is for reading and deciding (admin_review.py): the answers in words, the contact
    # details, what is off, the decision buttons and the history. The answers are the applicant's: never edited here.
    change_form_template = "admin/applications/application/change_form.html"
    actions = ["mark_under_review", "approve", "decline", "waitlist", "mark_fee_paid", "mark_fee_waived", "export_csv"]
    readonly_fields = [
        "program",
        "association",
        "applicant",
        "role",
        "status",
        "status_changed_at",
        "submitted_at",
        "decided_by",
        "decided_at",
        "fee_status",
        "fee_amount",
        "fee_recorded_by",
        "fee_recorded_at",
        "resume_link",
    ]
    exclude = ["resume"]

    def get_readonly_fields(self, request: HttpRequest, obj: Application | None = None) -> list[str]:
        hidden = {"id", "text_vector", "text_vector_of"}  # the vector is numbers for matching, not for reading
        return [field.name for field in Application._meta.fields if field.name not in hidden] + ["resume_link"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        if application is not None:
            extra_context = {**(extra_context or {}), **self._review_context(request, application)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _review_context(self, request: HttpRequest, application: Application) -> dict:
        refused = admin_review.decision_refused(application)
        may_decide = self.has_change_permission(request, application) and not refused
        return {
            "title": f"{application.applicant.full_name}'s {application.get_role_display().lower()} application",
            "may_record_fee": self.has_change_permission(request, application),
            "application": application,
            "answers": admin_review.answers(application),
            "contact": admin_review.contact(application),
            "warnings": admin_review.warnings(application),
            "fee_text": admin_review.fee_text(application),
            "events": application.events.select_related("actor"),
            "decision_refused": refused,
            "decision_form": admin_review.DecisionForm(initial={"seen_status": application.status})
            if may_decide
            else None,
            "decision_buttons": admin_review.DECISION_BUTTONS,
            "resume_url": reverse("applications:resume", args=[application.pk]) if application.resume else "",
        }

    def get_urls(self):
        decide = path(
            "<path:object_id>/decide/",
            self.admin_site.admin_view(self.decide_view),
            name="applications_application_decide",
        )
        return [decide, *super().get_urls()]

    def decide_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The decision buttons of one application's page: a POST, by whom may change it, through the service."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        application = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        back = HttpResponseRedirect(reverse("admin:applications_application_change", args=[application.pk]))
        if "fee" in request.POST:
            self._record_fee_on_page(request, application, request.POST["fee"])
            return back
        form = admin_review.DecisionForm(request.POST)
        refused = admin_review.decision_refused(application)
        if refused:
            self.message_user(request, f"Nothing was changed. {refused}", messages.ERROR)
            return back
        if not form.is_valid():
            errors = "; ".join(error for errors in form.errors.values() for error in errors)
            self.message_user(request, f"Nothing was changed: {errors}", messages.ERROR)
            return back
        status = form.cleaned_data["decision"]
        try:
            changed = services.application_decide(
                application=application,
                status=status,
                actor=request.user,
                message=form.cleaned_data["message"],
                seen_status=form.cleaned_data["seen_status"],
            )
        except services.ApplicationError as error:
            self.message_user(request, str(error), messages.ERROR)
            return back
        label = Application.Status(status).label.lower()
        name = application.applicant.full_name
        if changed:
            self.message_user(request, f"{name}'s application is {label}; {name} was emailed.", messages.SUCCESS)
        else:
            self.message_user(request, f"Nothing was changed: the application is already {label}.", messages.WARNING)
        return back

    def _record_fee_on_page(self, request: HttpRequest, application: Application, fee_status: str) -> None:
        if fee_status not in (Application.Fee.PAID, Application.Fee.WAIVED):
            self.message_user(request, "Nothing was changed: choose paid or waived.", messages.ERROR)
        elif services.application_record_fee(application=application, fee_status=fee_status, actor=request.user):
            self.message_user(request, f"The non-member fee is recorded as {fee_status}.", messages.SUCCESS)
        else:
            self.message_user(request, "Nothing was changed: no fee is due on this application.", messages.WARNING)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("program", "applicant__profile", "decided_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # applications come from applicants

    @admin.display(description="Name", ordering="applicant__full_name")
    def name(self, obj: Application) -> str:
        return obj.applicant.full_name

    @admin.display(description="Email", ordering="applicant__email")
    def applicant_email(self, obj: Application) -> str:
        return obj.applicant.email

    @admin.display(description="Organization", ordering="applicant__profile__organization")
    def organization(self, obj: Application) -> str:
        return csv_export.profile_value(obj, "organization")

    @admin.display(description="Expertise")
    def expertise_list(self, obj: Application) -> str:
        return ", ".join(obj.expertise_labels())

    @admin.display(description="Resume")
    def resume_link(self, obj: Application) -> str:
        if not obj.resume:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Open PDF</a>', reverse("applications:resume", args=[obj.pk])
        )

    def _decide(self, request: HttpRequest, queryset: QuerySet, status: str) -> None:
        # Read once: the list may be filtered by the very status the decision changes ("Submitted"), and counted
        # again afterwards it would have shrunk.
        chosen = list(queryset.select_related("program", "applicant"))
        changed = sum(
            services.application_decide(application=application, status=status, actor=request.user)
            for application in chosen
        )
        label = Application.Status(status).label.lower()
        skipped = len(chosen) - changed
        self.message_user(request, f"{changed} application(s) {label}; the applicants were emailed.", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"{skipped} skipped: drafts, withdrawn, or already {label}.", messages.WARNING)
        owing = sorted(
            a.applicant.full_name
            for a in chosen
            if status == Application.Status.APPROVED and a.status == status and a.fee_status == Application.Fee.DUE
        )
        if owing:
            self.message_user(
                request,
                f"Approved, but the non-member fee is still due from {', '.join(owing)}: record it with "
                "“Mark fee paid” or “Mark fee waived”. Publishing a match run will remind you.",
                messages.WARNING,
            )

    @admin.action(description="Mark selected applications under review", permissions=["change"])
    def mark_under_review(self, request, queryset):
        changed = sum(
            services.application_decide(
                application=application, status=Application.Status.UNDER_REVIEW, actor=request.user
            )
            for application in queryset.select_related("program", "applicant")
        )
        self.message_user(request, f"{changed} application(s) marked under review.", messages.SUCCESS)

    @admin.action(description="Approve selected applications (emails the applicants)", permissions=["change"])
    def approve(self, request, queryset):
        self._decide(request, queryset, Application.Status.APPROVED)

    @admin.action(description="Decline selected applications (emails the applicants)", permissions=["change"])
    def decline(self, request, queryset):
        self._decide(request, queryset, Application.Status.DECLINED)

    @admin.action(description="Waitlist selected applications (emails the applicants)", permissions=["change"])
    def waitlist(self, request, queryset):
        self._decide(request, queryset, Application.Status.WAITLISTED)

    def _record_fee(self, request: HttpRequest, queryset: QuerySet, fee_status: str) -> None:
        changed = sum(
            services.application_record_fee(application=application, fee_status=fee_status, actor=request.user)
            for application in queryset
        )
        self.message_user(request, f"Fee recorded as {fee_status} on {changed} application(s).", messages.SUCCESS)

    @admin.action(description="Mark fee paid", permissions=["change"])
    def mark_fee_paid(self, request, queryset):
        self._record_fee(request, queryset, Application.Fee.PAID)

    @admin.action(description="Mark fee waived", permissions=["change"])
    def mark_fee_waived(self, request, queryset):
        self._record_fee(request, queryset, Application.Fee.WAIVED)

    @admin.action(description="Export selected applications as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return csv_response(
            f"applications-{timezone.localdate():%Y-%m-%d}.csv",
            csv_export.HEADER,
            csv_export.rows(queryset.select_related("program", "applicant__profile", "decided_by")),
        )
