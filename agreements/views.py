"""The agreement's pages: read and edit it, sign it, download the executed PDF.

The two partners edit and sign; a chair with the view permission on agreements may read the agreement and
download its PDF, nothing else (agreements.access). Anyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from agreements import services
from agreements.access import can_read_agreement
from agreements.content import agreement_content
from agreements.forms import AgreementForm, SignForm
from agreements.models import Agreement, ProgramGuidance
from applications.models import Application
from pairings.access import get_pairing_for_partner
from pairings.models import Pairing

# What the agreement page reads with the pairing: its agreement and the program's guidance (one query, not three),
# but not the two applications (only a draft's prefill reads them): each table joined costs PostgreSQL planning time.
READ_RELATED = ("program__host", "program__guidance", "mentor", "mentee", "agreement")


def _get_pairing_for_reader(request: HttpRequest, pk: int) -> Pairing:
    """A pairing whose agreement the user may read: a partner's, or a chair's with the view permission."""
    pairing = get_object_or_404(Pairing.objects.select_related(*READ_RELATED), pk=pk)
    if not can_read_agreement(request.user, pairing):
        raise Http404
    return pairing


def _agreement_or_404(pairing: Pairing, *, reading: bool = False) -> Agreement:
    """The pairing's agreement: started by the first save or signature, shown prefilled (unsaved) before that; a
    program that asks for none has no agreement page (unless one was started before the chair turned the agreement
    off: it stays readable and signable)."""
    if pairing.group_id is None:
        started = getattr(pairing, "agreement", None)  # joined by _get_pairing_for_reader; None when not started
    else:
        started = Agreement.objects.of_pairing(pairing).first()  # the group's, kept on the group's first pairing
    if not pairing.program.requires_agreement and started is None:
        raise Http404
    if reading and started is not None:
        if started.pairing_id == pairing.pk:
            started.pairing = pairing  # the reader's pairing, with what it already loaded
        return started
    if reading:
        _join_applications(pairing)
        return services.agreement_draft(pairing=pairing)
    return services.agreement_for_pairing(pairing=pairing)


def _join_applications(pairing: Pairing) -> None:
    """Both applications, which a draft is prefilled from, in one query rather than one each."""
    both = Application.objects.in_bulk([pairing.mentor_application_id, pairing.mentee_application_id])
    pairing.mentor_application = both[pairing.mentor_application_id]
    pairing.mentee_application = both[pairing.mentee_application_id]


def _agreement_page(request: HttpRequest, pairing: Pairing, agreement: Agreement, **forms: object) -> dict[str, object]:
    """The page as the reader reaches it, through `pairing` (in a group: the reader's own pairing of the group)."""
    can_change = pairing.is_partner(request.user) and pairing.is_active and not agreement.is_executed
    signatures = list(agreement.signatures.valid().select_related("signer")) if agreement.pk else []
    own = next((s for s in signatures if s.signer_id == request.user.pk), None)
    context: dict[str, object] = {
        "pairing": pairing,
        "agreement": agreement,
        "content": agreement.signed_content if agreement.is_executed else agreement_content(agreement),
        # The chair's guidance (joined with the pairing), else the default one, not saved by reading.
        "guidance": getattr(pairing.program, "guidance", None) or ProgramGuidance(program=pairing.program),
        "can_change": can_change,
        "signatures": signatures,
        "own_signature": own,
        "is_partner": pairing.is_partner(request.user),
        "group": pairing.group if pairing.group_id else None,
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
    agreement = _agreement_or_404(pairing, reading=request.method != "POST")
    if request.method != "POST":
        return render(request, "agreements/agreement.html", _agreement_page(request, pairing, agreement))
    if not pairing.is_partner(request.user):
        raise Http404
    # The form writes into its instance as it validates; a copy keeps `agreement` as saved for the page.
    form = AgreementForm(request.POST, instance=Agreement.objects.get(pk=agreement.pk))
    if not form.is_valid():
        messages.error(request, "Please correct the errors below. Nothing you typed was lost.")
        return render(
            request, "agreements/agreement.html", _agreement_page(request, pairing, agreement, form=form), status=400
        )
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
        return render(
            request, "agreements/agreement.html", _agreement_page(request, pairing, agreement, form=form), status=409
        )
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
    pairing = get_pairing_for_partner(request, pk)
    agreement = _agreement_or_404(pairing)
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
            everyone = "Everyone" if pairing.group_id else "You both"
            messages.success(request, f"{everyone} signed: the agreement is executed. Its PDF will be emailed to you.")
        elif pairing.group_id:
            messages.success(request, "You signed the agreement. We let the others in the group know it is their turn.")
        else:
            messages.success(request, "You signed the agreement. We let your partner know it is their turn.")
        return redirect("agreements:agreement", pk=pairing.pk)
    messages.error(request, "Your signature was not recorded: please correct the errors below.")
    page = _agreement_page(request, pairing, agreement, sign_form=form)
    return render(request, "agreements/agreement.html", page, status=400)


@login_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The executed agreement's PDF, served only if it still matches its stored SHA-256.

    A file that no longer matches is never served: the reader gets a 409 page and the error is logged.
    """
    pairing = _get_pairing_for_reader(request, pk)
    agreement = Agreement.objects.of_pairing(pairing).first()
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
