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
from events import requirement
from pairings import checkins as checkins_
from pairings import markup, selectors, services
from pairings.access import get_pairing_for_partner
from pairings.forms import CheckInForm, EndForm, EventForm, FeedbackForm, PulseForm, RematchForm
from pairings.models import Pairing


@login_required
def my_pairings(request: HttpRequest) -> HttpResponse:
    """The person's pairings, newest first: one prepared query of the columns shown (mentorship.prepared)."""
    pairings = selectors.my_pairings(request.user.pk)
    return render(request, "pairings/my_pairings.html", {"pairings": pairings, "rows": markup.pairing_lines(pairings)})


def _partner_pairing(request: HttpRequest, pk: int) -> Pairing:
    """The pair page's pairing, read by its prepared query (pairings.selectors); 404 for anyone but its two partners
    (the rule of pairings.access.get_pairing_for_partner)."""
    pairing = selectors.pair_page_pairing(pk, request.user.pk)
    if pairing is None or not pairing.is_partner(request.user):
        raise Http404
    return pairing


@login_required
def pairing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = _partner_pairing(request, pk)
    return render(request, "pairings/pairing_detail.html", _pairing_context(request, pairing))


def _pairing_context(request: HttpRequest, pairing: Pairing, **forms: object) -> dict[str, object]:
    """The pair page's context, from a pairing read by `_partner_pairing` (its related rows are attached)."""
    partner = pairing.partner_of(request.user)
    partner_application = pairing.mentee_application if partner.pk == pairing.mentee_id else pairing.mentor_application
    group = pairing.group if pairing.group_id else None
    agreement = getattr(group or pairing, "agreement", None)  # as Agreement.objects.of_pairing(pairing) finds it
    ended = not pairing.is_active  # a note of thanks, a new match and feedback only come once it has ended
    return {
        "pairing": pairing,
        "program": pairing.program,
        "group": group,
        "partner": partner,
        "partner_profile": getattr(partner, "profile", None),
        "partner_application": partner_application,
        "agreement": agreement,
        "agreement_status": markup.agreement_status(agreement),
        "links": markup.pair_links(pairing.pk),
        "thank_you_note": getattr(pairing, "thank_you_note", None) if ended else None,
        "is_mentee": request.user.pk == pairing.mentee_id,
        "can_rematch": request.user.pk == pairing.mentee_id and services.rematch_allowed(pairing),
        "rematch_request": getattr(pairing, "rematch_request", None) if ended else None,
        **_keeping_in_touch(pairing, request.user, agreement, **forms),
    }


def _keeping_in_touch(pairing: Pairing, user, agreement: Agreement | None, **forms: object) -> dict[str, object]:
    """Check-ins, history and events attended (one query: pairings.selectors), the next check-in and the forms."""
    has_events = pairing.program.has_event_requirement
    touch = selectors.keeping_in_touch(pairing, events=has_events)
    checkins = touch.checkins
    frequency = checkins_.pair_frequency(pairing, agreement)
    due = checkins_.next_due(pairing, last_checkin=checkins[0].date if checkins else None, frequency=frequency)
    return {
        "checkins": checkins,
        "checkin_rows": markup.checkin_rows(checkins),
        "events": touch.history,
        "history_items": markup.history_items(touch.history),
        "frequency_label": Frequency(frequency).label,
        "next_due": due,
        "overdue": pairing.is_active and due < timezone.localdate(),
        # A refused form again with what was typed; else the empty form, the same for every pair, rendered once a day.
        "checkin_form": forms.get("checkin_form"),
        "blank_checkin_form": None if forms.get("checkin_form") else _blank_checkin_form(timezone.localdate()),
        **(_events(pairing, touch.attended, forms.get("event_form")) if has_events else {}),
        "feedback": pairing.feedback.filter(author=user).first() if not pairing.is_active else None,
    }


def _events(pairing: Pairing, attended: list[requirement.Attended], event_form: object) -> dict[str, object]:
    """The events attended (the calendar) and logged, the requirement's progress from them, and the form to log one:
    a refused one again, else the empty one (the same for every pair, rendered once)."""
    return {
        "attended": attended,
        "attended_items": markup.attended_items(attended),
        "event_progress": requirement.progress_of(pairing, attended),
        "event_form": event_form,
        "blank_event_form": None if event_form else _blank_event_form(),
    }


@functools.cache
def _blank_event_form() -> str:
    """The empty form to log an event's fields as HTML (no CSRF token or anything of a pair in them)."""
    return render_to_string("forms/fields.html", {"form": EventForm()})


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
    pairing = _partner_pairing(request, pairing.pk)  # read again with the rows the page shows
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
