import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.html import format_html_join
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from accounts.models import Profile
from applications import services
from applications.access import can_view_resume
from applications.directory import DirectoryForm, directory_programs
from applications.forms import FORMS, ProfileForm
from applications.models import Application, Program
from associations.models import Association
from chapters.models import StudentChapter
from home import sections
from home.selectors import articles_for, home_for_request, what_happens_next
from mentorship.prepared import PreparedQuery
from mentorship.reversing import url


def _lists_chapters(association: str) -> Exists:
    """Whether the association (a path to it) lists active student chapters: its chapters' page is worth a link."""
    return Exists(StudentChapter.objects.active().filter(association=OuterRef(association)))


# The programs a home lists: those whose deadline is not past by more than the widest time zone's lead (whether each
# is open is decided in Python, per its time zone), with only the columns the cards and that decision read.
_RECENT_PROGRAMS = PreparedQuery(
    "home_programs",
    lambda *, since: (
        Program.objects.select_related("host")
        .only("name", "slug", "deadline", "opens_on", "time_zone", "host__name")
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=since))
    ),
    since=dt.date(1901, 1, 3),  # a stand-in: no deadline is that old
)


def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    recent = _RECENT_PROGRAMS.objects(since=(now - dt.timedelta(days=2)).date())
    programs = [program for program in recent if program.is_open(now)]
    context = {
        "programs": programs,
        "program_cards": sections.program_cards(programs, signed_in=request.user.is_authenticated),
        "directory_url": url("applications:directory"),
    }
    if request.user.is_authenticated:
        home = home_for_request(request)
        context |= {
            "home": home,
            "todo_items": sections.todo_items(home.todos, timezone.localdate(now)),
            "pairing_cards": sections.pairing_cards(home.pairings),
            "waiting_paragraphs": sections.waiting_paragraphs(home.waiting),
            "articles": articles_for(home, request.user.pk),
            "mine_url": url("applications:mine"),
        }
    return render(request, "home.html", context)


def directory(request: HttpRequest) -> HttpResponse:
    """Every program across associations, filtered by a GET form (no script needed)."""
    associations = Association.objects.only("name", "short_name", "slug", "region").annotate(
        lists_chapters=_lists_chapters("pk")
    )
    form = DirectoryForm(request.GET or None, associations=list(associations))
    filters = form.filters()
    programs = directory_programs(**filters)
    chapters = [a for a in form.associations.values() if a.lists_chapters]
    return render(
        request,
        "applications/directory.html",
        {"form": form, "programs": programs, "filtered": any(filters.values()), "chapter_associations": chapters},
    )


def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_object_or_404(
        Program.objects.select_related("host").annotate(host_lists_chapters=_lists_chapters("host")), slug=slug
    )
    mine = {}
    if request.user.is_authenticated:
        mine = {a.role: a for a in program.applications.filter(applicant=request.user)}
    return render(
        request,
        "applications/program_detail.html",
        {"program": program, "is_open": program.is_open(), "mine": mine},
    )


def _get_own_application(request: HttpRequest, pk: int) -> Application:
    """The applicant's own application; staff review in the admin. Anyone else gets 404."""
    application = get_object_or_404(Application.objects.for_lists(), pk=pk)
    if application.applicant_id != request.user.id:
        raise Http404
    return application


def _closed_message(program: Program) -> str:
    if program.opens_at is not None and timezone.now() < program.opens_at:
        return f"Applications for {program} open on {program.opens_on:%B %-d, %Y}."
    return f"Applications for {program} closed at 11:59 PM on {program.deadline:%B %-d, %Y}."


@login_required
def apply(request: HttpRequest, slug: str, role: str) -> HttpResponse:
    program = get_object_or_404(Program.objects.select_related("host").prefetch_related("partners"), slug=slug)
    if role not in Application.Role.values:
        raise Http404
    application = Application.objects.filter(program=program, applicant=request.user, role=role).first() or Application(
        program=program, applicant=request.user, role=role
    )
    if application.pk and not application.is_editable:
        if application.status in (Application.Status.DRAFT, Application.Status.SUBMITTED):
            messages.info(request, "The deadline has passed: your application can be read but no longer changed.")
        return redirect(application)
    if not program.is_open():
        messages.error(request, _closed_message(program))
        return redirect(program)

    profile = Profile.objects.filter(user=request.user).first()
    form_class = FORMS[role]
    submitting = request.method == "POST" and "submit" in request.POST
    if request.method == "POST":
        profile_form = ProfileForm(request.POST, instance=profile, user=request.user, prefix="contact")
        form = form_class(request.POST, request.FILES, instance=application, program=program, submitting=submitting)
        if all([profile_form.is_valid(), form.is_valid()]):  # both, so every error shows at once
            try:
                profile_form.save()
                services.application_save(
                    application=form.save(commit=False),
                    previous_resume=form.previous_resume,
                    kept_resume=form.kept_resume.name if form.kept_resume else "",
                    submit=submitting,
                    actor=request.user,
                )
            except services.ApplicationError as error:
                form.add_error(None, str(error))
            else:
                if submitting:
                    messages.success(
                        request,
                        "Your application was submitted and we sent you a confirmation email. What happens next: "
                        f"{what_happens_next(program)}",
                    )
                    return redirect(application)
                later = "before the deadline" if program.deadline else "whenever you are ready"
                messages.success(request, f"Your draft was saved. You can come back and submit it {later}.")
                return redirect("applications:apply", slug=program.slug, role=role)
        form.keep_resume()
        messages.error(request, "Please correct the errors below. Nothing you typed was lost.")
    else:
        profile_form = ProfileForm(instance=profile, user=request.user, prefix="contact")
        form = form_class(instance=application, program=program)
    return render(
        request,
        "applications/apply.html",
        {"program": program, "application": application, "form": form, "profile_form": profile_form},
        status=400 if request.method == "POST" else 200,
    )


@dataclass(frozen=True)
class MyApplication:
    """A line of "My applications": the columns it shows, read as a plain row (no model, no joined rows)."""

    pk: int
    program_name: str
    role: str
    status: str
    status_changed_at: dt.datetime
    fee_status: str
    fee_amount: Decimal

    def get_absolute_url(self) -> str:
        return url("applications:detail", self.pk)

    def get_role_display(self) -> str:
        return _ROLES[self.role]

    def get_status_display(self) -> str:
        return _STATUSES[self.status]

    def get_fee_status_display(self) -> str:
        return _FEES[self.fee_status]


_ROLES = dict(Application.Role.choices)
_STATUSES = dict(Application.Status.choices)
_FEES = dict(Application.Fee.choices)

_MY_APPLICATIONS = PreparedQuery(
    "my_applications",
    lambda *, user_id: (
        Application.objects.filter(applicant_id=user_id)
        .order_by("-program__deadline", "role")
        .values_list("pk", "program__name", "role", "status", "status_changed_at", "fee_status", "fee_amount")
    ),
    user_id=-7_919_351,  # a stand-in: no user has a negative id
)

# A line of the table, filled in Python as the home's rows are (home/sections.py): the template engine spent more on
# a line's dozen lookups and two dates than the query took. Every value goes through format_html.
_MY_APPLICATION_ROW = """
    <tr>
      <td data-label="Program"><a href="{url}">{program}</a></td>
      <td data-label="Role">{role}</td>
      <td data-label="Status"><span class="badge text-bg-{badge}">{status}</span></td>
      <td data-label="Since"><time datetime="{iso}">{since}</time></td>
      <td data-label="Fee">{fee}</td>
    </tr>"""
_MERIDIEM = ("AM", "PM")
_STATUS_BADGES = {
    Application.Status.APPROVED: "success",
    Application.Status.DECLINED: "secondary",
    Application.Status.WITHDRAWN: "secondary",
    Application.Status.DRAFT: "warning",
}


def _month_day_year_time(at: dt.datetime) -> str:
    """As the template's `date:"M j, Y, g:i A"`: Oct 22, 2026, 11:07 AM."""
    return f"{at:%b} {at.day}, {at.year}, {at.hour % 12 or 12}:{at:%M} {_MERIDIEM[at.hour // 12]}"


def _my_application_row(line: MyApplication) -> dict[str, object]:
    since = timezone.localtime(line.status_changed_at)
    fee = "\u2014"  # an em dash: no fee
    if line.fee_status != Application.Fee.NONE:
        fee = f"${formats.localize(line.fee_amount)} {line.get_fee_status_display().lower()}"
    return {
        "url": line.get_absolute_url(),
        "program": line.program_name,
        "role": line.get_role_display(),
        "badge": _STATUS_BADGES.get(line.status, "info"),
        "status": line.get_status_display(),
        "iso": since.isoformat(),
        "since": _month_day_year_time(since),
        "fee": fee,
    }


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = [MyApplication(*row) for row in _MY_APPLICATIONS.rows(user_id=request.user.pk)]
    rows = format_html_join("", _MY_APPLICATION_ROW, (_my_application_row(line) for line in applications))
    return render(request, "applications/my_applications.html", {"applications": applications, "rows": rows})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_own_application(request, pk)
    events = application.events.select_related("actor")
    return render(request, "applications/application_detail.html", {"application": application, "events": events})


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_own_application(request, pk)
    try:
        services.application_withdraw(application=application, actor=request.user)
    except services.ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your application was withdrawn.")
    return redirect(application)


@login_required
def resume(request: HttpRequest, pk: int) -> FileResponse:
    application = get_object_or_404(Application, pk=pk)
    if not application.resume or not can_view_resume(request.user, application):
        raise Http404
    response = FileResponse(
        application.resume.open("rb"),
        content_type="application/pdf",
        as_attachment=True,  # saved, then opened by the reader's own PDF viewer, never rendered by the site
        filename=f"resume-{slugify(application.applicant.full_name) or application.pk}.pdf",
    )
    # Even if a browser did render it, nothing in it runs: no script, no plugin, no form, an opaque origin.
    # (django-csp leaves a policy the view has set alone.)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; frame-ancestors 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
