"""The chair's program dashboard, its exports, and the next-year tools.

Anyone not staff is sent to the admin's login. Staff need the view permission on what a page shows (programs,
applications, pairings; check-ins for their CSV), else 403, and see only the programs they chair (else 404):
answered by dashboard.access (the rule the navigation's link also asks) and applications.access. Creating a
program or accounts also takes the matching add permission."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from applications.access import chair_programs
from applications.models import LISTED_ORDER, Program
from dashboard import duplication, exports, markup, participant_import
from dashboard.access import may_open_dashboard
from dashboard.forms import ConfirmImportForm, DuplicateForm, ImportForm, sign_payload
from dashboard.pictures import pictures_for
from dashboard.selectors import program_dashboard
from pairings.models import CheckIn


def chair_view(*models: type[Model]) -> Callable:
    """Staff only (others to the admin's login), holding the view permission on every model shown (else 403)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not may_open_dashboard(request.user, *models):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return staff_member_required(wrapped)

    return decorator


def _get_program(request: HttpRequest, slug: str) -> Program:
    return get_object_or_404(chair_programs(request.user, Program).select_related("host"), slug=slug)


@chair_view()
def index(request: HttpRequest) -> HttpResponse:
    programs = chair_programs(request.user, Program).select_related("host").order_by(*LISTED_ORDER)
    return render(request, "dashboard/index.html", {"programs": programs})


@chair_view()
def program(request: HttpRequest, slug: str) -> HttpResponse:
    dashboard = program_dashboard(_get_program(request, slug))
    rows = markup.page_rows(
        dashboard, csrf_token=get_token(request), may_resend=request.user.has_perm("notifications.resend_notice")
    )
    context = {"d": dashboard, "program": dashboard.program, "pictures": pictures_for(dashboard), "rows": rows}
    return render(request, "dashboard/program.html", context)


@chair_view()
def applications_csv(request: HttpRequest, slug: str) -> HttpResponse:
    return exports.applications_csv(_get_program(request, slug))


@chair_view()
def pairings_csv(request: HttpRequest, slug: str) -> HttpResponse:
    return exports.pairings_csv(program_dashboard(_get_program(request, slug)))


@chair_view(CheckIn)
def checkins_csv(request: HttpRequest, slug: str) -> HttpResponse:
    return exports.checkins_csv(program_dashboard(_get_program(request, slug)))


@chair_view()
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return exports.report_response(program_dashboard(_get_program(request, slug)))


@chair_view()
@permission_required("applications.add_program", raise_exception=True)
@require_http_methods(["GET", "POST"])
def duplicate(request: HttpRequest, slug: str) -> HttpResponse:
    source = _get_program(request, slug)
    if reason := duplication.refusal(source):
        messages.error(request, reason)
        return redirect("dashboard:program", slug=source.slug)
    form = DuplicateForm(request.POST or None, program=source)
    if request.method == "POST" and form.is_valid():
        copy = duplication.program_duplicate(program=source, **form.cleaned_data)
        messages.success(
            request,
            f"{copy.name} created from {source.name}: rules and guidance copied, dates a year later, no people. "
            "Check its dates and rules below.",
        )
        return redirect(reverse("admin:applications_program_change", args=[copy.pk]))
    return render(request, "dashboard/duplicate.html", {"program": source, "form": form})


@chair_view()
def import_template(request: HttpRequest, slug: str) -> HttpResponse:
    _get_program(request, slug)  # the same blank file for every program, but only to its chairs: 404 to others
    response = HttpResponse(participant_import.import_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="participants-template.csv"'
    return response


@chair_view()
@permission_required(["accounts.add_user", "applications.add_application"], raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_participants(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload: a dry run that reports every bad row. Confirm: the checked file is imported, all or nothing."""
    program = _get_program(request, slug)
    context = {"program": program, "columns": participant_import.COLUMNS, "form": ImportForm()}
    if request.method == "POST" and "payload" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        if confirm.is_valid() and confirm.cleaned_data["payload"]["program"] == program.pk:
            data = confirm.cleaned_data["payload"]
            report = participant_import.participants_import(
                program=program, text=data["text"], status=data["status"], actor=request.user, commit=True
            )
            if report.committed:
                messages.success(
                    request,
                    f"Imported {len(report.rows)} application(s): {report.new_people} new account(s), "
                    f"{report.existing_people} existing. New people set their password with “Forgot password”.",
                )
                return redirect("dashboard:program", slug=program.slug)
            context["report"] = report
        else:
            messages.error(request, "This check has expired or was altered; upload the file again.")
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            text, status = form.cleaned_data["file"], form.cleaned_data["status"]
            report = participant_import.participants_import(
                program=program, text=text, status=status, actor=request.user, commit=False
            )
            context["report"] = report
            if report.ok:
                context["status_label"] = dict(form.fields["status"].choices)[status]
                context["confirm"] = ConfirmImportForm(
                    initial={"payload": sign_payload(program=program, text=text, status=status)}
                )
    return render(request, "dashboard/import.html", context)
