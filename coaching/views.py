"""Speed coaching pages. Participants: the session page, a coach's sign-up, a learner's registration, one's own
schedule (page and PDF), feedback and asking a coach to go on. Anyone: a learner's short link (/c/<token>/), which
shows that one schedule and nothing else. The chair: the door (walk-ins, no-shows, re-plan) and the room board.

Access: a schedule, feedback and the rest are the person's own (404 for anyone else); the door and the board are
for a chair of the session's association (coaching.services.may_run; 404 for other chairs, 403 for staff without
the permission, the admin's login for everyone else)."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from applications.access import CHANGE, chaired_associations, holds_permission
from coaching import selectors, services
from coaching.forms import (
    CoachSignupForm,
    FeedbackForm,
    LearnerRegistrationForm,
    OngoingRequestForm,
    ReplanForm,
    WalkInForm,
)
from coaching.models import CoachSignup, Feedback, LearnerRegistration, Session
from coaching.pdf import render_schedule_pdf

# The short link page: after this many look-ups of unknown tokens from one address in the window, every look-up from
# it gets 429 until the window ends. Only misses count: a conference's learners behind one venue address open their
# own links freely, while guessing a 72-bit token (coaching.models.new_link_token) at this rate is hopeless.
LINK_MISSES = 20
LINK_WINDOW_SECONDS = 600


def _session(pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("association"), pk=pk)


def _registration(request: HttpRequest, pk: int) -> LearnerRegistration:
    return get_object_or_404(
        LearnerRegistration.objects.select_related("session__association", "user"), session_id=pk, user=request.user
    )


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = selectors.upcoming_and_recent(timezone.now())
    return render(request, "coaching/session_list.html", {"sessions": sessions})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    context = {
        "session": session,
        "registration": LearnerRegistration.objects.filter(session=session, user=request.user).first(),
        "signup": CoachSignup.objects.filter(session=session, user=request.user).first(),
        "started": session.has_started(timezone.now()),
        "may_run": services.may_run(request.user, session),
    }
    return render(request, "coaching/session_detail.html", context)


@login_required
def coach_signup(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    signup = CoachSignup.objects.filter(session=session, user=request.user).first()
    initial = {"areas": signup.areas, "rounds": signup.rounds} if signup else {}
    form = CoachSignupForm(request.POST if request.method == "POST" else None, session=session, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.coach_signup_save(session=session, user=request.user, **form.cleaned_data)
        except services.CoachingError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "You are signed up to coach. Your schedule appears once the chair plans it.")
            return redirect("coaching:schedule", pk=session.pk)
    return render(request, "coaching/coach_form.html", {"session": session, "form": form, "signup": signup})


@login_required
def learner_register(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    registration = LearnerRegistration.objects.filter(session=session, user=request.user).first()
    coaches = services.wishable_coaches(session, learner=request.user)
    initial = {}
    if registration:
        wished = [wish.coach for wish in registration.wishes.select_related("coach__user")]
        initial = LearnerRegistrationForm.initial_for(registration.areas, wished)
    form = LearnerRegistrationForm(request.POST if request.method == "POST" else None, coaches=coaches, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.learner_register(
                session=session, user=request.user, areas=form.cleaned_data["areas"], wishes=form.cleaned_data["wishes"]
            )
        except services.CoachingError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "You are registered. Your schedule appears here once the chair plans it.")
            return redirect("coaching:schedule", pk=session.pk)
    context = {"session": session, "form": form, "registration": registration, "has_coaches": coaches.exists()}
    return render(request, "coaching/register_form.html", context)


def _own_schedule(
    request: HttpRequest, pk: int
) -> tuple[Session, str, list[selectors.Row], LearnerRegistration | None]:
    """The signed-in person's schedule in the session, as its learner or its coach; 404 for anyone else."""
    session = _session(pk)
    registration = LearnerRegistration.objects.filter(session=session, user=request.user).first()
    if registration is not None:
        registration.session = session
        return session, "learner", selectors.learner_schedule(registration), registration
    signup = get_object_or_404(CoachSignup.objects.select_related("user"), session=session, user=request.user)
    signup.session = session
    return session, "coach", selectors.coach_schedule(signup), None


@login_required
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    session, role, rows, registration = _own_schedule(request, pk)
    context = {
        "session": session,
        "role": role,
        "rows": rows,
        "registration": registration,
        "short_url": request.build_absolute_uri(reverse("coaching:short", args=[registration.link_token]))
        if registration
        else "",
        "started": session.has_started(timezone.now()),
    }
    return render(request, "coaching/schedule.html", context)


@login_required
def schedule_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session, role, rows, _ = _own_schedule(request, pk)
    pdf = render_schedule_pdf(session, name=request.user.full_name, role=role, rows=rows)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="speed-coaching-{session.pk}.pdf"'
    return response


@login_required
@require_POST
def link_renew(request: HttpRequest, pk: int) -> HttpResponse:
    services.learner_link_renew(registration=_registration(request, pk))
    messages.success(request, "Your short link was replaced: the old one no longer works.")
    return redirect("coaching:schedule", pk=pk)


def _misses_key(request: HttpRequest) -> str:
    # The client's address as allauth's own rate limits read it (ALLAUTH_TRUSTED_PROXY_COUNT behind a proxy).
    return f"coaching-link-misses:{get_adapter(request).get_client_ip(request)}"


def _count_miss(request: HttpRequest) -> None:
    key = _misses_key(request)
    if not cache.add(key, 1, timeout=LINK_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=LINK_WINDOW_SECONDS)


@never_cache  # the link is the credential: no shared cache keeps the page
def short_link(request: HttpRequest, token: str) -> HttpResponse:
    """One learner's schedule without signing in: the session, and per round the time, table and coach. Not their
    email, areas, wishes or feedback."""
    if cache.get(_misses_key(request), 0) >= LINK_MISSES:
        return render(request, "coaching/link_rate_limited.html", status=429)
    registration = LearnerRegistration.objects.select_related("session__association").filter(link_token=token).first()
    if registration is None:
        _count_miss(request)
        return render(request, "coaching/link_not_valid.html", status=404)
    context = {"session": registration.session, "rows": selectors.learner_schedule(registration)}
    response = render(request, "coaching/short_link.html", context)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration(request, pk)
    session = registration.session
    met = services.coaches_met(registration)
    given = {f.coach_id: f for f in Feedback.objects.filter(registration=registration)}
    initial = {}
    for coach_id, answer in given.items():
        initial |= {f"useful_{coach_id}": "yes" if answer.useful else "no", f"comment_{coach_id}": answer.comment}
    form = FeedbackForm(request.POST if request.method == "POST" else None, coaches=met, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(registration=registration, answers=form.answers())
        except services.CoachingError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Thank you: your feedback was saved.")
            return redirect("coaching:feedback", pk=pk)
    context = {
        "session": session,
        "form": form,
        "met": met,
        "started": session.has_started(timezone.now()),
        "program": services.ongoing_program(session),
        "given": bool(given),
    }
    return render(request, "coaching/feedback.html", context)


@login_required
def ongoing(request: HttpRequest, pk: int, coach_pk: int) -> HttpResponse:
    registration = _registration(request, pk)
    coach = get_object_or_404(
        CoachSignup.objects.select_related("user"), pk=coach_pk, session_id=pk, seats__learner=registration
    )
    program = services.ongoing_program(registration.session)
    form = OngoingRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ongoing_coach_request(registration=registration, coach=coach, message=form.cleaned_data["message"])
        except services.CoachingError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Your request went to {coach.name}; you are emailed their answer.")
            return redirect("matching:requests")
    context = {"session": registration.session, "coach": coach, "program": program, "form": form}
    return render(request, "coaching/ongoing.html", context)


# The chair's pages ------------------------------------------------------------------------------------------------


def chair_page(view: Callable) -> Callable:
    """Staff only (others to the admin's login), holding the change permission on sessions (else 403), of a
    session of an association they chair (else 404)."""

    @wraps(view)
    def wrapped(request: HttpRequest, pk: int) -> HttpResponse:
        if not holds_permission(request.user, Session, CHANGE):
            raise PermissionDenied
        chaired = Session.objects.filter(association__in=chaired_associations(request.user))
        return view(request, get_object_or_404(chaired.select_related("association"), pk=pk))

    return staff_member_required(wrapped)


@chair_page
def board(request: HttpRequest, session: Session) -> HttpResponse:
    return render(request, "coaching/board.html", {"session": session, "board": selectors.room_board(session)})


@chair_page
def door(request: HttpRequest, session: Session) -> HttpResponse:
    under_way = session.round_under_way(timezone.now())
    walk_in = WalkInForm()
    replan = ReplanForm(session=session, under_way=under_way)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "walk_in":
            walk_in = WalkInForm(request.POST)
            if walk_in.is_valid():
                added = services.door_walk_in(session=session, by=request.user, **walk_in.cleaned_data)
                messages.success(request, f"{added.name} added. Re-plan the rounds left to seat them.")
                return redirect("coaching:door", pk=session.pk)
        elif action == "no_show":
            _mark_no_show(request, session)
            return redirect("coaching:door", pk=session.pk)
        elif action == "replan":
            replan = ReplanForm(request.POST, session=session, under_way=under_way)
            if replan.is_valid() and _replan(request, session, replan.cleaned_data["kept_through"]):
                return redirect("coaching:door", pk=session.pk)
    context = {
        "session": session,
        "under_way": under_way,
        "learners": selectors.door_learners(session),
        "coaches": selectors.door_coaches(session),
        "seats": selectors.seats_per_round(session),
        "walk_in": walk_in,
        "replan": replan,
    }
    return render(request, "coaching/door.html", context)


def _mark_no_show(request: HttpRequest, session: Session) -> None:
    learner = LearnerRegistration.objects.filter(session=session, pk=request.POST.get("learner") or None).first()
    coach = CoachSignup.objects.filter(session=session, pk=request.POST.get("coach") or None).select_related("user")
    coach = coach.first()
    absent = request.POST.get("absent") == "yes"
    try:
        services.door_no_show(session=session, by=request.user, absent=absent, learner=learner, coach=coach)
    except services.CoachingError as refused:
        messages.error(request, str(refused))
        return
    person = learner or coach
    if absent:
        messages.success(request, f"{person.name} marked as not here. Re-plan the rounds left to fill their seats.")
    else:
        messages.success(request, f"{person.name} is here: seated again from the next re-plan.")


def _replan(request: HttpRequest, session: Session, kept_through: int) -> bool:
    started = time.perf_counter()
    try:
        with transaction.atomic():
            count = services.session_replan(session=session, by=request.user, kept_through=kept_through)
    except (services.CoachingError, ValidationError) as refused:
        messages.error(request, " ".join(getattr(refused, "messages", [str(refused)])))
        return False
    took = time.perf_counter() - started
    messages.success(
        request, f"Rounds {kept_through + 1} to {session.rounds} re-planned: {count} seats in {took:.1f} s."
    )
    return True
