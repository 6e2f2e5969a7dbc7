"""The chair's matching workflow, in the admin: runs, proposals, rules, pairings, gallery requests."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import capfirst

from applications.access import CHANGE, chair_programs, holds_permission
from applications.models import Application
from applications.policy import WEIGHT_LABELS, default_weights_text
from matching import proposal_edits, publishing, services
from matching.forms import MatchRunForm
from matching.models import GalleryRequest, MatchRun, PairRule, Proposal
from matching.scoring import Weights
from mentorship.admin_lists import CheapListMixin

PREVIEW_TOP = 5  # pairs a preview names


def _proposals_url(run: MatchRun) -> str:
    return reverse("admin:matching_proposal_changelist") + f"?run__id__exact={run.pk}"


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    program_path = "program"  # scope: applications/admin_scope.py
    form = MatchRunForm
    list_display = ["__str__", "program", "status", "created_at", "matched", "unmatched", "total", "review"]
    list_filter = ["program", "status"]
    list_select_related = ["program"]
    actions = ["rerun", "publish"]
    readonly_fields = ["status", "created_by", "created_at", "solved_at", "published_by", "published_at", "figures"]
    change_form_template = "admin/matching/matchrun/change_form.html"
    fieldsets = [
        (None, {"fields": ["program", "status", "figures"]}),
        (
            "Weights (how much each part of the score counts)",
            {
                "fields": [*MatchRun.WEIGHT_FIELDS],
                "description": "Each weight says how much one part of the score counts against the others: they need "
                f"not add up to 1, and 0 leaves a part out. Defaults: {default_weights_text()}.",
            },
        ),
        (
            "Fairness",
            {
                "fields": ["fairness"],
                "description": "Best total is the default; the other two choices may lower the total. The preview "
                "shows by how much, the weakest pair's match in each, and which mentees would get another mentor.",
            },
        ),
        (
            "Several mentors per mentee",
            {
                "fields": ["teams"],
                "description": "For programs that let a mentee have more than one mentor: one run gives each mentee "
                "mentors who together cover the areas they want, solved exactly.",
            },
        ),
        ("Objective", {"fields": ["objective", "min_score"]}),
        ("Record", {"fields": ["created_by", "created_at", "solved_at", "published_by", "published_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        """The weights' note says what the page offers: a new run is solved when saved; a saved one can preview."""
        then = (
            "Press Preview to see the pairs these weights would make before saving anything; saving solves the run."
            if obj is None
            else "Press Preview to see how the proposal would change before saving."
        )
        fieldsets = self.fieldsets
        if obj is None:  # a new run takes its objective and minimum score from the program; change them after
            fieldsets = [fieldset for fieldset in fieldsets if fieldset[0] not in ("Objective", "Record")]
        return [
            (name, {**options, "description": f"{options['description']} {then}"})
            if name and name.startswith("Weights")
            else (name, options)
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None:
            fields.append("program")
            if not obj.is_draft:
                fields += [*MatchRun.WEIGHT_FIELDS, "fairness", "teams", "objective", "min_score"]
        return fields

    @admin.display(description="Total score")
    def total(self, obj: MatchRun) -> str:
        return f"{obj.total_score:.2f}"

    @admin.display(description="Figures")
    def figures(self, obj: MatchRun) -> str:
        if obj.pk is None:
            return "Saved runs are solved at once."
        return f"{obj.matched} matched, {obj.unmatched} unmatched, total score {obj.total_score:.2f}"

    @admin.display(description="Proposals")
    def review(self, obj: MatchRun) -> str:
        return format_html('<a href="{}">Review proposals</a>', _proposals_url(obj))

    def save_model(self, request, obj: MatchRun, form, change):
        if not change:
            obj.created_by = request.user
            obj.objective = obj.program.match_objective
            obj.min_score = float(obj.program.min_match_score)
        super().save_model(request, obj, form, change)
        if obj.is_draft:
            solution = services.match_run_solve(run=obj)
            _say_dropped_locks(self, request, solution)
            self.message_user(request, f"Matching solved: {_figures(solution)}.", messages.SUCCESS)

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(_proposals_url(obj))

    def response_change(self, request, obj, *args, **kwargs):
        if obj.is_draft:  # saving a draft re-solves it: land on what changed, the new proposals
            return HttpResponseRedirect(_proposals_url(obj))
        return super().response_change(request, obj, *args, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_preview" in request.POST:
            if object_id is None:
                if not self.has_add_permission(request):
                    raise PermissionDenied
                return self._preview_new(request)
            if not self.has_change_permission(request):
                raise PermissionDenied
            return self._preview(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _preview_new(self, request: HttpRequest) -> HttpResponse:
        """A run not yet saved, solved under the weights typed: what saving would propose. Nothing is written."""
        form = self.get_form(request, None)(request.POST)
        posted = {
            name: request.POST[name]
            for name in ("program", *MatchRun.WEIGHT_FIELDS, "fairness", "teams")
            if name in request.POST
        }
        back = f"{reverse('admin:matching_matchrun_add')}?{urlencode(posted)}"  # the form as typed
        if not form.is_valid():
            self.message_user(request, f"Nothing was previewed.{_refusals(form)}", messages.ERROR)
            return HttpResponseRedirect(back)
        candidate = form.save(commit=False)  # not saved: only read by the solver
        candidate.objective = candidate.program.match_objective
        candidate.min_score = float(candidate.program.min_match_score)
        try:
            solution, cost = services.solve_with_cost(candidate)
        except services.MatchingError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "program": candidate.program,
            "solution": solution,
            "cost": cost,
            "fairness": candidate.get_fairness_display(),
            "teams": candidate.teams,
            "top": sorted(solution.pairs, key=lambda pair: -pair.score)[:PREVIEW_TOP],
            "weights": [
                (capfirst(MatchRun._meta.get_field(name).verbose_name), posted.get(name))
                for name in MatchRun.WEIGHT_FIELDS
            ],
            "posted": posted,
            "back": back,
            "title": f"Preview: a new match run for {candidate.program}",
        }
        return TemplateResponse(request, "admin/matching/matchrun/preview_new.html", context)

    def _preview(self, request: HttpRequest, object_id: str) -> HttpResponse:
        run = get_object_or_404(self.get_queryset(request).select_related("program"), pk=object_id)
        form = self.get_form(request, run)(request.POST, instance=run)
        if not form.is_valid():
            self.message_user(request, f"Fix the weights before previewing.{_refusals(form)}", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:matching_matchrun_change", args=[run.pk]))
        candidate = form.save(commit=False)  # not saved: only read by the solver
        weights = Weights(**{name.removeprefix("weight_"): form.cleaned_data[name] for name in MatchRun.WEIGHT_FIELDS})
        current_run = MatchRun.objects.get(pk=run.pk)
        proposed, cost = services.solve_with_cost(candidate, weights)
        preview = services.Preview(current=services.solve(current_run), proposed=proposed)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "run": run,
            "preview": preview,
            "cost": cost,
            "fairness": candidate.get_fairness_display(),
            "teams": candidate.teams,
            "posted": [(k, v) for k, v in request.POST.items() if k not in ("_preview", "csrfmiddlewaretoken")],
            "title": "Preview of new weights",
        }
        return TemplateResponse(request, "admin/matching/matchrun/preview.html", context)

    @admin.action(description="Re-run matching (locked pairs kept)", permissions=["change"])
    def rerun(self, request, queryset):
        runs = list(queryset.filter(status=MatchRun.Status.DRAFT))
        for run in runs:
            solution = services.match_run_solve(run=run)
            _say_dropped_locks(self, request, solution)
            self.message_user(request, f"{run}: {_figures(solution)}.")
        if len(runs) == 1:
            return HttpResponseRedirect(_proposals_url(runs[0]))  # land on what changed: the new proposals
        return None

    @admin.action(description="Publish: create the pairings and email both partners", permissions=["change"])
    def publish(self, request, queryset):
        """First a confirmation page (pairs, emails, who stays unmatched, unpaid fees, people paired elsewhere);
        the pairings are made and the emails sent only when the chair confirms it."""
        drafts = list(queryset.filter(status=MatchRun.Status.DRAFT).select_related("program"))
        if request.POST.get("confirm") != "yes" and drafts:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Publish these pairs?",
                "plans": [publishing.publish_plan(run) for run in drafts],
                "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            }
            return TemplateResponse(request, "admin/matching/matchrun/publish_confirm.html", context)
        for run in queryset:
            publication = publishing.match_run_publish(run=run, actor=request.user)
            label = f"Match run {run.pk} for {publication.run.program}"
            if publication.already_published:
                self.message_user(request, f"{label} was already published; nothing was sent again.", messages.WARNING)
                continue
            published = len(publication.pairings)
            self.message_user(
                request,
                f"{label}: {published} {_plural(published, 'pairing')} published; both partners are told by email.",
                messages.SUCCESS,
            )
            if publication.left_out:
                self.message_user(request, _left_out_message(publication.left_out), messages.WARNING)


def _refusals(form) -> str:
    """The form's errors for a message, each after its field's label (such as why several mentors per mentee cannot
    be had): the preview answers with a redirect, so the errors on the fields would not be seen."""
    return "".join(
        f" {capfirst(form.fields[field].label) + ': ' if field in form.fields else ''}{error}"
        for field, errors in form.errors.items()
        for error in errors
    )


def _say_dropped_locks(model_admin: admin.ModelAdmin, request: HttpRequest, solution: services.Solution) -> None:
    """A lock that a rule now forbids is not kept: the chair is told which and why, never left to find it gone."""
    for dropped in solution.dropped_locks:
        model_admin.message_user(request, f"A pair you locked was not kept. {dropped}.", messages.WARNING)


LEFT_OUT_SHOWN = 10  # in the message; the run's proposals page lists them all


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"


def _figures(solution: services.Solution) -> str:
    """'3 pairs, 1 mentee unmatched, average match 64%': a solve in the chair's words."""
    pairs, unmatched = len(solution.pairs), len(solution.unmatched)
    text = f"{pairs} {_plural(pairs, 'pair')}, {unmatched} {_plural(unmatched, 'mentee')} unmatched"
    return f"{text}, average match {solution.mean:.0%}" if pairs else text


def _left_out_message(left_out: list[Proposal]) -> str:
    count = len(left_out)
    pairs = "; ".join(
        f"{p.mentee_application.applicant.full_name} with {p.mentor_application.applicant.full_name}: {p.not_published}"
        for p in left_out[:LEFT_OUT_SHOWN]
    )
    more = (
        f" … and {count - LEFT_OUT_SHOWN} more, listed on the run's proposals page." if count > LEFT_OUT_SHOWN else ""
    )
    return f"{count} {_plural(count, 'pair')} could not be published: {pairs}{more}"


class RunFilter(admin.RelatedOnlyFieldListFilter):
    """The runs of the proposals one may see (every run for a superuser, as Django lists them), each named with its
    program read in the same query: Django's filter reads each run's program on its own, a query per run."""

    def field_choices(self, field, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[int, str]]:
        runs = MatchRun.objects.select_related("program")
        if not request.user.is_superuser:
            runs = runs.filter(pk__in=model_admin.get_queryset(request).values("run"))
        if ordering := self.field_admin_ordering(field, request, model_admin):
            runs = runs.order_by(*ordering)
        return [(run.pk, str(run)) for run in runs]


@admin.register(Proposal)
class ProposalAdmin(CheapListMixin, admin.ModelAdmin):
    program_path = "run__program"  # scope: applications/admin_scope.py
    list_display = ["mentee", "mentor", "score_display", "reasons_list", "state_outcome", "alternatives_link"]
    list_filter = [("run", RunFilter), "state"]
    # What the rows show: the proposal's own columns, and each side's name and organization annotated (page_rows).
    list_columns = ["pk", "score", "components", "reasons", "state", "pairing_id", "not_published"]
    search_fields = ["mentor_application__applicant__full_name", "mentee_application__applicant__full_name"]
    ordering = ["-score", "pk"]
    actions = ["lock", "reject", "swap"]
    list_per_page = 50  # as the applications list: a page a chair reads through, sorted by score
    # The page of one proposal reads like its row: a percentage and named parts, never the stored floats.
    fields = ["run", "mentee", "mentor", "score_display", "reasons_list", "state_outcome"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # changed through the actions only, so every change goes through a service

    def has_decide_permission(self, request: HttpRequest) -> bool:
        """Lock, reject, swap, choose another mentor: offered to whom the services let do it (the change permission)."""
        return holds_permission(request.user, Proposal, CHANGE)

    def page_rows(self, queryset: QuerySet) -> QuerySet:
        """One row per proposal, the names beside it: no application, user or profile built for a row."""
        return queryset.select_related(None).only(*self.list_columns).annotate(**PEOPLE)

    def row_label(self, obj: Proposal) -> str:
        return f"{obj.mentor_name} + {obj.mentee_name} ({obj.score:.2f})"

    @admin.display(description="Mentee", ordering="mentee_application__applicant__full_name")
    def mentee(self, obj: Proposal) -> str:
        return _person(obj, "mentee")

    @admin.display(description="Mentor", ordering="mentor_application__applicant__full_name")
    def mentor(self, obj: Proposal) -> str:
        return _person(obj, "mentor")

    @admin.display(description="Score", ordering="score")
    def score_display(self, obj: Proposal) -> str:
        parts = ", ".join(f"{WEIGHT_LABELS.get(name, name)} {value:.0%}" for name, value in obj.components.items())
        return format_html("<strong>{}</strong><br><small>{}</small>", f"{obj.score:.0%}", parts)

    @admin.display(description="Why")
    def reasons_list(self, obj: Proposal) -> str:
        return format_html_join("", "{}<br>", ((reason,) for reason in obj.reasons)) or "—"  # one per line

    @admin.display(description="State", ordering="state")
    def state_outcome(self, obj: Proposal) -> str:
        if obj.pairing_id:
            return f"{obj.get_state_display()}; published"
        if obj.not_published:
            return format_html("{}<br><strong>Not published:</strong> {}", obj.get_state_display(), obj.not_published)
        return obj.get_state_display()

    @admin.display(description="Alternatives")
    def alternatives_link(self, obj: Proposal) -> str:
        # Relative to the list (admin/matching/proposal/), the one page showing it: no reverse() per row.
        return format_html('<a href="{}/alternatives/">Five best alternatives</a>', obj.pk)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        run_id = request.GET.get("run__id__exact")
        if run_id:
            # Only a run of the programs this person runs: the run's summary names its mentees.
            runs = MatchRun.objects.filter(program__in=chair_programs(request.user, Proposal))
            run = runs.filter(pk=run_id).select_related("program").first() if run_id.isdigit() else None
            if run:
                extra_context["run"] = run
                unmatched = services.solve_unmatched_from_proposals(run)
                extra_context["unmatched"] = unmatched
                # Hundreds of names in a big run: one join, not a template loop over them (the same <li>s).
                extra_context["unmatched_items"] = format_html_join("", "<li>{}</li>", ((name,) for name in unmatched))
                extra_context["left_out"] = run.proposals.left_out().select_related(
                    "mentor_application__applicant", "mentee_application__applicant"
                )
        return super().changelist_view(request, extra_context)

    change_list_template = "admin/matching/proposal/change_list.html"

    def get_urls(self):
        return [
            path(
                "<int:pk>/alternatives/",
                self.admin_site.admin_view(self.alternatives_view),
                name="matching_proposal_alternatives",
            ),
            *super().get_urls(),
        ]

    def alternatives_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        proposal = get_object_or_404(  # this admin's rows: the programs the person runs
            self.get_queryset(request).select_related("run__program", "mentee_application__applicant__profile"), pk=pk
        )
        may_decide = self.has_decide_permission(request)
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            mentor = get_object_or_404(
                Application, pk=request.POST.get("mentor"), program=proposal.run.program, role="mentor"
            )
            try:
                proposal_edits.proposal_choose_mentor(
                    run=proposal.run,
                    mentee_application=proposal.mentee_application,
                    mentor_application=mentor,
                    actor=request.user,
                    replacing=proposal.mentor_application,
                )
            except services.MatchingError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, "Pair locked and matching re-run around it.", messages.SUCCESS)
            return HttpResponseRedirect(_proposals_url(proposal.run))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "proposal": proposal,
            "alternatives": proposal_edits.alternatives(
                run=proposal.run, mentee_application=proposal.mentee_application
            ),
            "may_decide": may_decide,
            "title": f"Alternatives for {proposal.mentee_application.applicant.full_name}",
        }
        return TemplateResponse(request, "admin/matching/proposal/alternatives.html", context)

    def _each(self, request, queryset: QuerySet, service, done: str) -> None:
        try:
            for proposal in queryset.select_related("run"):
                service(proposal=proposal, actor=request.user)
        except services.MatchingError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)

    @admin.action(description="Lock: keep these pairs in every re-run", permissions=["decide"])
    def lock(self, request, queryset):
        self._each(request, queryset, proposal_edits.proposal_lock, "Locked. Re-run the match to fill around them.")

    @admin.action(description="Reject: never pair these again", permissions=["decide"])
    def reject(self, request, queryset):
        self._each(request, queryset, proposal_edits.proposal_reject, "Rejected. Re-run the match to find new mentors.")

    @admin.action(description="Swap the mentors of the two selected pairs (and lock both)", permissions=["decide"])
    def swap(self, request, queryset):
        chosen = list(queryset.select_related("run", "mentor_application", "mentee_application"))
        if len(chosen) != 2:
            self.message_user(request, "Select exactly two pairs to swap.", messages.ERROR)
            return
        try:
            proposal_edits.proposal_swap(first=chosen[0], second=chosen[1], actor=request.user)
        except services.MatchingError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, "Mentors swapped; both new pairs are locked.", messages.SUCCESS)


# Each side's name and organization on the list's rows (None: the person has no profile).
PEOPLE = {
    f"{side}_{name}": F(f"{side}_application__applicant__{path}")
    for side in ("mentee", "mentor")
    for name, path in (("name", "full_name"), ("organization", "profile__organization"))
}


def _person(proposal: Proposal, side: str) -> str:
    """One side's name and, when they have a profile, "(organization)": annotated on the list's rows (PEOPLE), read
    through the relations on the page of one proposal."""
    if hasattr(proposal, f"{side}_name"):
        name, organization = getattr(proposal, f"{side}_name"), getattr(proposal, f"{side}_organization")
    else:
        applicant = getattr(proposal, f"{side}_application").applicant
        profile = getattr(applicant, "profile", None)
        name, organization = applicant.full_name, profile.organization if profile else None
    return name if organization is None else f"{name} ({organization})"


@admin.register(PairRule)
class PairRuleAdmin(admin.ModelAdmin):
    program_path = "program"  # scope: applications/admin_scope.py
    list_display = ["__str__", "program", "kind", "created_by", "created_at"]
    list_filter = ["program", "kind"]
    list_select_related = ["program", "created_by", "mentor_application__applicant", "mentee_application__applicant"]
    raw_id_fields = ["mentor_application", "mentee_application"]


@admin.register(GalleryRequest)
class GalleryRequestAdmin(admin.ModelAdmin):
    program_path = "program"  # scope: applications/admin_scope.py
    list_display = ["__str__", "program", "status", "created_at", "expires_at", "reminded_at"]
    list_filter = ["program", "status"]
    list_select_related = ["program", "mentee_application__applicant", "mentor_application__applicant"]
    # Who asked whom and what became of it; never what the two wrote to each other (PRIVATE_TO_PAIR).
    readonly_fields = [f.name for f in GalleryRequest._meta.fields if f.name not in GalleryRequest.PRIVATE_TO_PAIR]

    def has_add_permission(self, request) -> bool:
        return False
