"""The Mentors Gallery for mentees, and the requests inbox for mentors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from applications.models import Application, Program
from matching import advisors, gallery, gallery_pool
from matching.forms import AnswerForm, ReplyForm, RequestForm
from matching.inbox import KeptAnswer, inbox_page, kept_answer, page_of, rows_html
from matching.markup import pages_nav
from matching.models import GalleryRequest
from matching.services import MatchingError
from mentorship.reversing import url


def _csrf(request: HttpRequest) -> tuple[str, SafeString]:
    """The page's CSRF token, masked once (masking costs a tenth of a millisecond), and its hidden field, which
    every row's form repeats; the token goes in the context as `csrf_token` for the base template's
    {% csrf_token %}, in place of the context processor's, which would mask it again."""
    token = get_token(request)
    return token, format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def _viewer_for_gallery(request: HttpRequest, slug: str) -> tuple[Program, Application]:
    """The logged-in person's approved mentee application in a gallery program; 404 for anyone else."""
    viewer = gallery_pool.gallery_viewer(request.user.pk, slug)  # with the viewer's room, in the same query
    if viewer is None or not viewer.program.uses_gallery:
        raise Http404
    return viewer.program, viewer


def _gallery_mentor(program: Program, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.approved().mentors().select_related("applicant__profile", "program"), pk=pk, program=program
    )


@login_required
def gallery_view(request: HttpRequest, slug: str) -> HttpResponse:
    # The viewer and their program's pool version in one query (the index is named by the version).
    found = gallery_pool.gallery_viewer_and_version(request.user.pk, slug)
    if found is None or not found[0].program.uses_gallery:
        raise Http404
    viewer, version = found
    program = viewer.program
    if program.is_advisor_roster:
        return _advisor_roster_page(request, program, viewer)
    values, filter_selects = gallery.gallery_filters(request.GET, gallery_pool.mentor_index(program, version).regions)
    page = gallery.gallery_cards(
        program=program,
        viewer=viewer,
        expertise=values.get("expertise", ""),
        region=values.get("region", ""),
        frequency=values.get("frequency", ""),
        page=request.GET.get("page"),
        version=version,
    )
    query = request.GET.copy()
    query.pop("page", None)
    room = gallery.mentee_room(viewer)
    csrf_token, csrf_input = _csrf(request)
    context = {
        "csrf_token": csrf_token,
        "program": program,
        "viewer": viewer,
        "cards": page.object_list,
        # The page's one CSRF field in every card's form, not a {% csrf_token %} on each.
        "cards_html": gallery.cards_html(page.object_list, csrf_input=csrf_input, room=room),
        "page": page,
        "pages_nav": pages_nav(page, label="Gallery pages", query=query.urlencode()),
        "filter_selects": filter_selects,
        "room": room,
        "requests_url": url("matching:requests"),  # reversed once per process, not by {% url %} on each page
    }
    return render(request, "matching/gallery.html", context)


def _advisor_roster_page(request: HttpRequest, program: Program, viewer: Application) -> HttpResponse:
    """An advisor roster's gallery: its advisors by state and region, not ranked by score (matching.advisors)."""
    states = advisors.advisor_states(program)
    state = request.GET.get("state", "")
    state = state if state in states else ""
    context = {
        "program": program,
        "viewer": viewer,
        "cards": advisors.advisor_roster(program=program, viewer=viewer, state=state),
        "states": states,
        "state": state,
        "room": gallery.mentee_room(viewer),
    }
    return render(request, "matching/advisors.html", context)


@login_required
def mentor_profile(request: HttpRequest, slug: str, mentor_pk: int) -> HttpResponse:
    """A mentor's profile, for the mentees who may browse the program's gallery and for the mentor themself."""
    mentor = get_object_or_404(
        Application.objects.approved().mentors().select_related("applicant__profile", "program"),
        pk=mentor_pk,
        program__slug=slug,
    )
    is_self = mentor.applicant_id == request.user.pk
    viewer = None if is_self else gallery_pool.gallery_viewer(request.user.pk, slug)
    if not mentor.program.uses_gallery or (viewer is None and not is_self):
        raise Http404
    context = {
        "program": mentor.program,
        "profile": gallery.mentor_profile(mentor, viewer),
        "room": gallery.mentee_room(viewer) if viewer else 0,
    }
    return render(request, "matching/mentor_profile.html", context)


@login_required
@require_POST
def favourite(request: HttpRequest, slug: str, mentor_pk: int) -> HttpResponse:
    program, viewer = _viewer_for_gallery(request, slug)
    mentor = _gallery_mentor(program, mentor_pk)
    now_favourite = gallery.favourite_toggle(mentee_application=viewer, mentor_application=mentor)
    name = mentor.applicant.full_name
    messages.success(request, f"{name} {'added to' if now_favourite else 'removed from'} your favourites.")
    if request.POST.get("back") == "profile":  # pressed on the mentor's profile page: back to it
        return redirect("matching:mentor", slug=program.slug, mentor_pk=mentor.pk)
    return redirect("matching:gallery", slug=program.slug)


@login_required
def request_mentor(request: HttpRequest, slug: str, mentor_pk: int) -> HttpResponse:
    program, viewer = _viewer_for_gallery(request, slug)
    mentor = _gallery_mentor(program, mentor_pk)
    form = RequestForm(request.POST or None)
    if program.is_advisor_roster:
        form.fields["message"].label = "A short message to the advisor"
        form.fields["message"].help_text = "Say who you are and what you would like to talk through."
    if request.method == "POST" and form.is_valid():
        try:
            gallery.gallery_request_create(
                mentee_application=viewer, mentor_application=mentor, message=form.cleaned_data["message"]
            )
        except MatchingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Your request was sent to {mentor.applicant.full_name}.")
            return redirect("matching:requests")
    return render(request, "matching/request_form.html", {"program": program, "mentor": mentor, "form": form})


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    found = GalleryRequest.objects.filter(mentee_application__applicant=request.user).select_related(
        "program", "mentor_application__applicant__profile"
    )
    requests = [(r, gallery.request_times(r)) for r in found]  # each with its times, in its program's zone
    return render(request, "matching/my_requests.html", {"requests": requests, "reply_form": ReplyForm()})


def _own_request(request: HttpRequest, pk: int, *, as_mentor: bool) -> GalleryRequest:
    owner = "mentor_application__applicant" if as_mentor else "mentee_application__applicant"
    return get_object_or_404(
        GalleryRequest.objects.select_related("program", "mentee_application__applicant"),
        pk=pk,
        **{owner: request.user},
    )


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    gallery_request = _own_request(request, pk, as_mentor=False)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write your answer before sending it.")
    else:
        try:
            gallery.gallery_request_reply(
                request=gallery_request, actor=request.user, answer=form.cleaned_data["answer"]
            )
        except MatchingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your answer was sent; the mentor has a new response window.")
    return redirect("matching:requests")


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    gallery_request = _own_request(request, pk, as_mentor=False)
    try:
        gallery.gallery_request_withdraw(request=gallery_request, actor=request.user)
    except MatchingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your request was withdrawn.")
    return redirect("matching:requests")


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The mentor's requests, newest first, a page at a time (matching.inbox)."""
    return _inbox_page(request, request.GET.get("page"))


def _inbox_page(
    request: HttpRequest, number: int | str | None, *, kept: KeptAnswer | None = None, status: int = 200
) -> HttpResponse:
    page = inbox_page(request.user, number)
    csrf_token, csrf_input = _csrf(request)
    context = {
        "csrf_token": csrf_token,
        "requests": page.object_list,
        # One CSRF field for all; an answer refused shown again on its request.
        "requests_html": rows_html(page.object_list, csrf_input=csrf_input, kept=kept),
        "page": page,
        "pages_nav": pages_nav(page, label="Request pages", words=("Newer", "Older")),
    }
    return render(request, "matching/inbox.html", context, status=status)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    gallery_request = _own_request(request, pk, as_mentor=True)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        # As any form refused: the inbox page that lists the request, shown again with the error beside it and
        # what was chosen and typed kept; a request answered or expired meanwhile has no form left to show it on.
        if gallery_request.status != GalleryRequest.Status.PENDING:
            messages.error(request, "This request has already been answered or has expired.")
        kept = kept_answer(gallery_request.pk, form)
        return _inbox_page(request, page_of(request.user, gallery_request), kept=kept, status=400)
    action, text = form.cleaned_data["action"], form.cleaned_data["message"]
    try:
        if action == "accept":
            pairing = gallery.gallery_request_accept(request=gallery_request, actor=request.user, message=text)
            messages.success(request, "Accepted. You are paired; both of you were emailed the next step.")
            return redirect(pairing)
        if action == "decline":
            gallery.gallery_request_decline(request=gallery_request, actor=request.user, message=text)
            messages.success(request, "Declined. The mentee was told and pointed to their other favourites.")
        else:
            gallery.gallery_request_ask(request=gallery_request, actor=request.user, question=text)
            messages.success(request, "Your question was sent to the mentee.")
    except MatchingError as error:
        messages.error(request, str(error))
    return redirect("matching:inbox")
