"""The pair's pages: their pairings, the pairing, the agreement (edit, sign, PDF), ending, asking for a new match.

Only the two partners see a pairing; a chair with the view permission on agreements may read the agreement and
download its PDF, nothing else (agreements.access).
Anyone else gets 404, so an outsider cannot even learn that a pairing exists.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from agreements import checkins as checkins_
from agreements import services
from agreements.access import can_read_agreement
from agreements.content import agreement_content
from agreements.forms import (
    AgreementForm,
    CheckInForm,
    EndForm,
    EventForm,
    FeedbackForm,
    PulseForm,
    RematchForm,
    SignForm,
)
from agreements.models import Agreement, ProgramGuidance
from applications.vocabulary import Frequency
from matching.models import Pairing

PAIRING_RELATED = ("program", "mentor", "mentee", "mentor_application", "mentee_application")


def _get_pairing_for_user(request: HttpRequest, pk: int) -> Pairing:
    """A pairing the user is a partner in; 404 for anyone else."""
    pairing = get_object_or_404(Pairing.objects.select_related(*PAIRING_RELATED), pk=pk)
    if not pairing.is_partner(request.user):
        raise Http404
    return pairing


def _get_pairing_for_reader(request: HttpRequest, pk: int) -> Pairing:
    """A pairing whose agreement the user may read: a partner's, or a chair's with the view permission."""
    pairing = get_object_or_404(Pairing.objects.select_related(*PAIRING_RELATED), pk=pk)
    if not can_read_agreement(request.user, pairing):
        raise Http404
    return pairing


@login_required
def my_pairings(request: HttpRequest) -> HttpResponse:
    pairings = (
        Pairing.objects.for_user(request.user)
        .select_related("program", "mentor", "mentee", "agreement")
        .order_by("-created_at")
    )
    return render(request, "agreements/my_pairings.html", {"pairings": pairings})


@login_required
def pairing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = _get_pairing_for_user(request, pk)
    return render(request, "agreements/pairing_detail.html", _pairing_context(request, pairing))


def _pairing_context(request: HttpRequest, pairing: Pairing, **forms: object) -> dict[str, object]:
    partner = pairing.partner_of(request.user)
    partner_application = pairing.mentee_application if partner.pk == pairing.mentee_id else pairing.mentor_application
    agreement = Agreement.objects.filter(pairing=pairing).first()
    return {
        "pairing": pairing,
        "partner": partner,
        "partner_profile": getattr(partner, "profile", None),
        "partner_application": partner_application,
        "agreement": agreement,
        "events": pairing.events.select_related("actor"),
        "thank_you_note": getattr(pairing, "thank_you_note", None),
        "is_mentee": request.user.pk == pairing.mentee_id,
        "can_rematch": request.user.pk == pairing.mentee_id and services.rematch_allowed(pairing),
        "rematch_request": getattr(pairing, "rematch_request", None),
        **_keeping_in_touch(pairing, request.user, agreement, **forms),
    }


def _keeping_in_touch(pairing: Pairing, user, agreement: Agreement | None, **forms: object) -> dict[str, object]:
    checkins = list(pairing.checkins.select_related("logged_by"))
    frequency = checkins_.pair_frequency(pairing, agreement)
    due = checkins_.next_due(pairing, last_checkin=checkins[0].date if checkins else None, frequency=frequency)
    return {
        "checkins": checkins,
        "frequency_label": Frequency(frequency).label,
        "next_due": due,
        "overdue": pairing.is_active and due < timezone.localdate(),
        "checkin_form": forms.get("checkin_form") or CheckInForm(initial={"date": timezone.localdate()}),
        "event_form": forms.get("event_form") or EventForm(),
        "attended": pairing.events_attended.all(),
        "feedback": pairing.feedback.filter(author=user).first(),
    }


@login_required
@require_POST
def checkin_add(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = _get_pairing_for_user(request, pk)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            checkins_.checkin_log(pairing=pairing, actor=request.user, **form.cleaned_data)
        except checkins_.CheckInError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Check-in logged.")
            return redirect(pairing)
    return _pairing_page_with(request, pairing, checkin_form=form)


@login_required
@require_POST
def event_add(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = _get_pairing_for_user(request, pk)
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
    return render(request, "agreements/pairing_detail.html", _pairing_context(request, pairing, **forms), status=400)


@login_required
def checkin_ics(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = _get_pairing_for_user(request, pk)
    context = _keeping_in_touch(pairing, request.user, Agreement.objects.filter(pairing=pairing).first())
    response = HttpResponse(
        checkins_.next_checkin_ics(pairing, context["next_due"], settings.SITE_URL), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="next-check-in-{context["next_due"]:%Y-%m-%d}.ics"'
    return response


@login_required
def pulse(request: HttpRequest, pk: int, round_: int) -> HttpResponse:
    pairing = _get_pairing_for_user(request, pk)
    form = PulseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            checkins_.pulse_answer(pairing=pairing, actor=request.user, round_=round_, **form.cleaned_data)
        except checkins_.CheckInError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you! Your answer was recorded.")
            return redirect(pairing)
    return render(request, "agreements/pulse.html", {"pairing": pairing, "form": form})


@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = _get_pairing_for_user(request, pk)
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
    return render(request, "agreements/feedback.html", {"pairing": pairing, "form": form})


def _agreement_page(request: HttpRequest, agreement: Agreement, **forms: object) -> dict[str, object]:
    pairing = agreement.pairing
    can_change = pairing.is_partner(request.user) and pairing.is_active and not agreement.is_executed
    signatures = list(agreement.signatures.valid().select_related("signer"))
    own = next((s for s in signatures if s.signer_id == request.user.pk), None)
    context: dict[str, object] = {
        "pairing": pairing,
        "agreement": agreement,
        "content": agreement.signed_content if agreement.is_executed else agreement_content(agreement),
        "guidance": ProgramGuidance.objects.get_or_create(program=pairing.program)[0],
        "can_change": can_change,
        "signatures": signatures,
        "own_signature": own,
        "is_partner": pairing.is_partner(request.user),
    }
    if can_change:
        context["form"] = forms.get("form") or AgreementForm(instance=agreement)
        if own is None:
            context["sign_form"] = forms.get("sign_form") or SignForm(signer=request.user, version=agreement.version)
    return context


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the agreement; the partners also edit it here until both have signed. Executed: read-only."""
    pairing = _get_pairing_for_reader(request, pk)
    agreement = services.agreement_for_pairing(pairing=pairing)
    if request.method != "POST":
        return render(request, "agreements/agreement.html", _agreement_page(request, agreement))
    if not pairing.is_partner(request.user):
        raise Http404
    # The form writes into its instance as it validates; a copy keeps `agreement` as saved for the page.
    form = AgreementForm(request.POST, instance=Agreement.objects.get(pk=agreement.pk))
    if not form.is_valid():
        messages.error(request, "Please correct the errors below. Nothing you typed was lost.")
        return render(request, "agreements/agreement.html", _agreement_page(request, agreement, form=form), status=400)
    try:
        services.agreement_update(
            agreement=agreement,
            actor=request.user,
            changes=form.changes(),
            expected_version=form.cleaned_data["version"],
        )
    except services.AgreementConflict:
        agreement.refresh_from_db()
        form = _form_over_newer_version(request, agreement)
        return render(request, "agreements/agreement.html", _agreement_page(request, agreement, form=form), status=409)
    except services.AgreementError as error:  # executed or ended meanwhile: nothing to edit any more
        messages.error(request, str(error))
        return redirect("agreements:agreement", pk=pairing.pk)
    messages.success(request, "The agreement was saved. Both partners now sign this version.")
    return redirect("agreements:agreement", pk=pairing.pk)


def _form_over_newer_version(request: HttpRequest, agreement: Agreement) -> AgreementForm:
    """The person's unsaved changes, now aimed at the partner's newer version: saving again is a deliberate choice."""
    data = request.POST.copy()
    data["version"] = str(agreement.version)
    form = AgreementForm(data, instance=Agreement.objects.get(pk=agreement.pk))
    form.is_valid()
    form.add_error(
        None,
        f"Your partner saved version {agreement.version} while you were editing. Your changes are kept below: "
        "save again to replace your partner's version with them, or reload the page to read theirs first.",
    )
    return form


@login_required
@require_POST
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = _get_pairing_for_user(request, pk)
    agreement = services.agreement_for_pairing(pairing=pairing)
    form = SignForm(request.POST, signer=request.user, version=agreement.version)
    if form.is_valid():
        try:
            services.agreement_sign(
                agreement=agreement,
                signer=request.user,
                typed_name=form.cleaned_data["typed_name"],
                consent=form.cleaned_data["consent"],
                ip=request.META.get("REMOTE_ADDR"),  # never X-Forwarded-For: any client can write that header
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                expected_version=form.cleaned_data["version"],
            )
        except services.AgreementError as error:
            messages.error(request, str(error))
            return redirect("agreements:agreement", pk=pairing.pk)
        agreement.refresh_from_db()
        if agreement.is_executed:
            messages.success(request, "You both signed: the agreement is executed. Its PDF will be emailed to you.")
        else:
            messages.success(request, "You signed the agreement. We let your partner know it is their turn.")
        return redirect("agreements:agreement", pk=pairing.pk)
    messages.error(request, "Your signature was not recorded: please correct the errors below.")
    page = _agreement_page(request, agreement, sign_form=form)
    return render(request, "agreements/agreement.html", page, status=400)


@login_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The executed agreement's PDF, served only if it still matches its stored SHA-256.

    A file that no longer matches is never served: the reader gets a 409 page and the error is logged.
    """
    pairing = _get_pairing_for_reader(request, pk)
    agreement = Agreement.objects.filter(pairing=pairing).first()
    if agreement is None or not agreement.is_executed:
        raise Http404
    if not agreement.pdf:
        messages.info(request, "The PDF is being prepared; it will be emailed to you shortly. Try again in a minute.")
        return redirect("agreements:agreement", pk=pairing.pk)
    data = services.read_verified_pdf(agreement)  # the bytes checked are the bytes served
    if data is None:
        return render(request, "agreements/pdf_refused.html", {"pairing": pairing}, status=409)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{services.pdf_filename(agreement)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def pairing_end(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = _get_pairing_for_user(request, pk)
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
            return redirect("agreements:feedback", pk=pairing.pk)
        return redirect(pairing)
    partner = pairing.partner_of(request.user)
    status = 400 if request.method == "POST" else 200
    return render(request, "agreements/end.html", {"pairing": pairing, "partner": partner, "form": form}, status=status)


@login_required
def rematch(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = _get_pairing_for_user(request, pk)
    if request.user.pk != pairing.mentee_id or not services.rematch_allowed(pairing):
        raise Http404
    form = RematchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.rematch_request(pairing=pairing, mentee=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "We told the chair you would like a new match.")
        return redirect(pairing)
    status = 400 if request.method == "POST" else 200
    return render(request, "agreements/rematch.html", {"pairing": pairing, "form": form}, status=status)
