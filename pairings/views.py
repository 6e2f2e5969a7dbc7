"""The pair's pages: their pairings, the pairing, check-ins, events, pulses, ending, feedback, a new match.

Only the two partners see a pairing (pairings.access); anyone else gets 404, so an outsider cannot even learn that
a pairing exists. The agreement's pages are in agreements.views.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from agreements.models import Agreement
from applications.vocabulary import Frequency
from pairings import checkins as checkins_
from pairings import services
from pairings.access import get_pairing_for_partner
from pairings.forms import CheckInForm, EndForm, EventForm, FeedbackForm, PulseForm, RematchForm
from pairings.groups import checkins_of
from pairings.models import Pairing


@login_required
def my_pairings(request: HttpRequest) -> HttpResponse:
    pairings = (
        Pairing.objects.for_user(request.user)
        .select_related("program", "mentor", "mentee", "agreement", "group__agreement")
        .order_by("-created_at")
    )
    return render(request, "pairings/my_pairings.html", {"pairings": pairings})


PAGE_RELATED = ("program", "mentor", "mentee", "mentor_application", "mentee_application")


@login_required
def pairing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Not the host association: the pair page does not show it, and each table joined costs PostgreSQL planning time.
    pairing = get_pairing_for_partner(request, pk, related=PAGE_RELATED)
    return render(request, "pairings/pairing_detail.html", _pairing_context(request, pairing))


def _pairing_context(request: HttpRequest, pairing: Pairing, **forms: object) -> dict[str, object]:
    partner = pairing.partner_of(request.user)
    partner_application = pairing.mentee_application if partner.pk == pairing.mentee_id else pairing.mentor_application
    agreement = Agreement.objects.of_pairing(pairing).first()
    ended = not pairing.is_active  # a note of thanks, a new match and feedback only come once it has ended
    return {
        "pairing": pairing,
        "group": pairing.group if pairing.group_id else None,
        "partner": partner,
        "partner_profile": getattr(partner, "profile", None),
        "partner_application": partner_application,
        "agreement": agreement,
        "events": pairing.events.select_related("actor"),
        "thank_you_note": getattr(pairing, "thank_you_note", None) if ended else None,
        "is_mentee": request.user.pk == pairing.mentee_id,
        "can_rematch": request.user.pk == pairing.mentee_id and services.rematch_allowed(pairing),
        "rematch_request": getattr(pairing, "rematch_request", None) if ended else None,
        **_keeping_in_touch(pairing, request.user, agreement, **forms),
    }


def _keeping_in_touch(pairing: Pairing, user, agreement: Agreement | None, **forms: object) -> dict[str, object]:
    checkins = list(checkins_of(pairing).only("pairing_id", "date", "form", "minutes", "note"))
    frequency = checkins_.pair_frequency(pairing, agreement)
    due = checkins_.next_due(pairing, last_checkin=checkins[0].date if checkins else None, frequency=frequency)
    return {
        "checkins": checkins,
        "frequency_label": Frequency(frequency).label,
        "next_due": due,
        "overdue": pairing.is_active and due < timezone.localdate(),
        # A refused form again with what was typed; else the empty form, the same for every pair, rendered once a day.
        "checkin_form": forms.get("checkin_form"),
        "blank_checkin_form": None if forms.get("checkin_form") else _blank_checkin_form(timezone.localdate()),
        "event_form": forms.get("event_form") or EventForm(),
        "attended": pairing.events_attended.all(),
        "feedback": pairing.feedback.filter(author=user).first() if not pairing.is_active else None,
    }


@functools.lru_cache(maxsize=2)
def _blank_checkin_form(today: dt.date) -> str:
    """The empty check-in form's fields as HTML (no CSRF token or anything of a pair in them), dated today."""
    return render_to_string("forms/fields.html", {"form": CheckInForm(initial={"date": today})})


@login_required
@require_POST
def checkin_add(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_pairing_for_partner(request, pk)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            checkins_.checkin_log(pairing=pairing, actor=request.user, **form.cleaned_data)
        except checkins_.CheckInError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, "Check-in logged.")
            return redirect(pairing)
    return _pairing_page_with(request, pairing, checkin_form=form)


@login_required
@require_POST
def event_add(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_pairing_for_partner(request, pk)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            checkins_.event_log(pairing=pairing, actor=request.user, **form.cleaned_data)
        except checkins_.CheckInError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Event logged; the chair will confirm it.")
            return redirect(pairing)
    return _pairing_page_with(request, pairing, event_form=form)


def _pairing_page_with(request: HttpRequest, pairing: Pairing, **forms: object) -> HttpResponse:
    """The pairing page again, with a refused form and everything typed in it."""
    messages.error(request, "Please correct the errors below. Nothing you typed was lost.")
    return render(request, "pairings/pairing_detail.html", _pairing_context(request, pairing, **forms), status=400)


@login_required
def checkin_ics(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_pairing_for_partner(request, pk)
    context = _keeping_in_touch(pairing, request.user, Agreement.objects.of_pairing(pairing).first())
    response = HttpResponse(
        checkins_.next_checkin_ics(pairing, context["next_due"], settings.SITE_URL), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="next-check-in-{context["next_due"]:%Y-%m-%d}.ics"'
    return response


@login_required
def pulse(request: HttpRequest, pk: int, round_: int) -> HttpResponse:
    pairing = get_pairing_for_partner(request, pk)
    form = PulseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            checkins_.pulse_answer(pairing=pairing, actor=request.user, round_=round_, **form.cleaned_data)
        except checkins_.CheckInError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you! Your answer was recorded.")
            return redirect(pairing)
    return render(request, "pairings/pulse.html", {"pairing": pairing, "form": form})


@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_pairing_for_partner(request, pk)
    existing = pairing.feedback.filter(author=request.user).first()
    initial = {"rating": existing.rating, "comments": existing.comments} if existing else None
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            checkins_.feedback_give(pairing=pairing, actor=request.user, **form.cleaned_data)
        except checkins_.CheckInError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you for your feedback.")
            return redirect(pairing)
    return render(request, "pairings/feedback.html", {"pairing": pairing, "form": form})


@login_required
def pairing_end(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_pairing_for_partner(request, pk)
    if not pairing.is_active:
        messages.info(request, f"This relationship is already {pairing.get_status_display().lower()}.")
        return redirect(pairing)
    form = EndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_end(
                pairing=pairing,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                thanks=form.cleaned_data["thanks"],
            )
        except services.PairingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, "The relationship has ended. We let your partner and the chair know. One last question:"
            )
            return redirect("pairings:feedback", pk=pairing.pk)
        return redirect(pairing)
    partner = pairing.partner_of(request.user)
    status = 400 if request.method == "POST" else 200
    return render(request, "pairings/end.html", {"pairing": pairing, "partner": partner, "form": form}, status=status)


@login_required
def rematch(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_pairing_for_partner(request, pk)
    if request.user.pk != pairing.mentee_id or not services.rematch_allowed(pairing):
        raise Http404
    form = RematchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.rematch_request(pairing=pairing, mentee=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "We told the chair you would like a new match.")
        return redirect(pairing)
    status = 400 if request.method == "POST" else 200
    return render(request, "pairings/rematch.html", {"pairing": pairing, "form": form}, status=status)
