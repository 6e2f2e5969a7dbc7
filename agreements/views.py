"""The agreement's pages: read and edit it, sign it, download the executed PDF.

The two partners edit and sign; a chair with the view permission on agreements may read the agreement and
download its PDF, nothing else (agreements.access). Anyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from agreements import page_html, selectors, services
from agreements.access import can_read_agreement
from agreements.content import agreement_content
from agreements.form_html import fields_html
from agreements.forms import AgreementForm, SignForm
from agreements.models import Agreement, ProgramGuidance
from agreements.signing_state import signing_state
from applications.models import Application
from pairings.access import get_pairing_for_partner
from pairings.models import Pairing


def _get_pairing_for_reader(request: HttpRequest, pk: int) -> Pairing:
    """A pairing whose agreement the user may read: a partner's, or a chair's with the view permission; with what the
    page shows beside it (selectors.READ_RELATED)."""
    pairing = selectors.pairing_for_page(pk)
    if pairing is None or not can_read_agreement(request.user, pairing):
        raise Http404
    return pairing


def _agreement_or_404(pairing: Pairing, *, reading: bool = False) -> Agreement:
    """The pairing's agreement: started by the first save or signature, shown prefilled (unsaved) before that; a
    program that asks for none has no agreement page (unless one was started before the chair turned the agreement
    off: it stays readable and signable)."""
    # A pair's is joined by _get_pairing_for_reader (None when not started); a group's is kept on its first pairing.
    started = _group_agreement(pairing) if pairing.group_id else getattr(pairing, "agreement", None)
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


def _group_agreement(pairing: Pairing) -> Agreement | None:
    """The group's agreement, kept on the group's first pairing: with that pairing's program, host and partners (which
    its content names) in the same query, and the group the reader's pairing has already loaded."""
    agreement = (
        Agreement.objects.of_pairing(pairing)
        .select_related("pairing__program__host", "pairing__mentor", "pairing__mentee")
        .first()
    )
    if agreement is not None:
        agreement.group = pairing.group
    return agreement


def _join_applications(pairing: Pairing) -> None:
    """Both applications, which a draft is prefilled from, in one query rather than one each."""
    both = Application.objects.in_bulk([pairing.mentor_application_id, pairing.mentee_application_id])
    pairing.mentor_application = both[pairing.mentor_application_id]
    pairing.mentee_application = both[pairing.mentee_application_id]


def _agreement_page(request: HttpRequest, pairing: Pairing, agreement: Agreement, **forms: object) -> dict[str, object]:
    """The page as the reader reaches it, through `pairing` (in a group: the reader's own pairing of the group)."""
    is_partner = pairing.is_partner(request.user)
    can_change = is_partner and pairing.is_active and not agreement.is_executed
    signatures = selectors.valid_signatures(agreement)
    own = next((s for s in signatures if s.signer_id == request.user.pk), None)
    content = agreement.signed_content if agreement.is_executed else agreement_content(agreement)
    parties = [(p.person.full_name, p.role.label, p.person.pk) for p in services.agreement_parties(agreement)]
    group = pairing.group if pairing.group_id else None
    # One masked token a page, shared with the navigation's log-out form (the csrf context processor's value).
    csrf_token = get_token(request)
    context: dict[str, object] = {"pairing": pairing, "agreement": agreement, "csrf_token": csrf_token}
    sign_form = None
    if can_change:
        form = context["form"] = forms.get("form") or AgreementForm(instance=agreement)
        if own is None:
            sign_form = forms.get("sign_form") or SignForm(signer=request.user)
        agreement_html = page_html.form_html(
            pairing=pairing,
            group=group,
            csrf_token=csrf_token,
            form_fields=fields_html(form),
            errors=page_html.error_summary_html(form, sign_form) if form.is_bound else "",
            sign_fields=fields_html(sign_form) if sign_form is not None else None,
        )
    else:
        agreement_html = page_html.items_html(content)
    context["body"] = page_html.page_html(
        pairing=pairing,
        agreement=agreement,
        content=content,
        group=group,
        is_partner=is_partner,
        state=signing_state(parties, signatures, request.user.pk),
        can_sign=sign_form is not None,
        agreement_html=agreement_html,
        signatures=page_html.signatures_html(signatures),
        # The chair's guidance (joined with the pairing), else the default one, not saved by reading.
        guidance=page_html.guidance_html(
            getattr(pairing.program, "guidance", None) or ProgramGuidance(program=pairing.program)
        ),
        guidelines=page_html.guidelines_html(selectors.guidelines(pairing.program.host_id)),
    )
    return context


def _render(request: HttpRequest, pairing: Pairing, agreement: Agreement, status: int, **forms: object) -> HttpResponse:
    return render(
        request, "agreements/agreement.html", _agreement_page(request, pairing, agreement, **forms), status=status
    )


def _bound_form(request: HttpRequest, agreement: Agreement) -> AgreementForm:
    # The form writes into its instance as it validates; a copy keeps `agreement` as saved for the page.
    return AgreementForm(request.POST, instance=Agreement.objects.get(pk=agreement.pk))


def _conflict(
    request: HttpRequest, pairing: Pairing, agreement: Agreement, conflict: services.AgreementConflict, **forms: object
) -> HttpResponse:
    """Another party saved first: nothing was saved or signed; the person's text stays, theirs is shown beside it."""
    agreement.refresh_from_db()
    form = forms.pop("form").over_newer_version(agreement, conflict.editor, agreement_content(agreement))
    return _render(request, pairing, agreement, 409, form=form, **forms)


def _unchecked_sign_form(request: HttpRequest) -> SignForm:
    """On Save the signature is not checked (nothing is signed), but what was typed in it stays."""
    typed = {"typed_name": request.POST.get("typed_name", ""), "consent": bool(request.POST.get("consent"))}
    return SignForm(signer=request.user, initial=typed)


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the agreement; the partners also edit and sign it here until all have signed. Executed: read-only.

    One form: "Save" posts here; "Sign" posts the same fields to agreement_sign, which saves them and signs what
    was saved, so what the signer typed is never lost nor left out of what they sign."""
    pairing = _get_pairing_for_reader(request, pk)
    agreement = _agreement_or_404(pairing, reading=request.method != "POST")
    if request.method != "POST":
        return render(request, "agreements/agreement.html", _agreement_page(request, pairing, agreement))
    if not pairing.is_partner(request.user):
        raise Http404
    form = _bound_form(request, agreement)
    sign_form = _unchecked_sign_form(request)
    if not form.is_valid():
        return _render(request, pairing, agreement, 400, form=form, sign_form=sign_form)
    try:
        saved = services.agreement_update(
            agreement=agreement,
            actor=request.user,
            changes=form.changes(),
            expected_version=form.cleaned_data["version"],
        )
    except services.AgreementConflict as conflict:
        return _conflict(request, pairing, agreement, conflict, form=form, sign_form=sign_form)
    except services.AgreementError as error:  # executed or ended meanwhile: nothing to edit any more
        messages.error(request, str(error))
        return redirect("agreements:agreement", pk=pairing.pk)
    if saved.version == agreement.version:
        messages.info(request, "Nothing had changed: the agreement stays as it was.")
    else:
        everyone = "You all" if pairing.group_id else "You both"
        messages.success(request, f"Saved as version {saved.version}. {everyone} sign this version.")
    return redirect("agreements:agreement", pk=pairing.pk)


@login_required
@require_POST
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the agreement's items as the signer sent them (if they changed) and sign that version."""
    pairing = get_pairing_for_partner(request, pk)
    agreement = _agreement_or_404(pairing)
    form = _bound_form(request, agreement)
    sign_form = SignForm(request.POST, signer=request.user)
    valid = form.is_valid() & sign_form.is_valid()  # both checked: every error shows at once
    if not valid:
        return _render(request, pairing, agreement, 400, form=form, sign_form=sign_form)
    try:
        services.agreement_save_and_sign(
            agreement=agreement,
            signer=request.user,
            changes=form.changes(),
            expected_version=form.cleaned_data["version"],
            typed_name=sign_form.cleaned_data["typed_name"],
            consent=sign_form.cleaned_data["consent"],
            ip=request.META.get("REMOTE_ADDR"),  # never X-Forwarded-For: any client can write that header
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except services.AgreementConflict as conflict:
        return _conflict(request, pairing, agreement, conflict, form=form, sign_form=sign_form)
    except services.AgreementError as error:
        messages.error(request, str(error))
        return redirect("agreements:agreement", pk=pairing.pk)
    agreement.refresh_from_db()
    if agreement.is_executed:
        everyone = "Everyone" if pairing.group_id else "You both"
        messages.success(request, f"{everyone} signed: the agreement is executed. Its PDF will be emailed to you.")
    else:
        others = "the others in the group" if pairing.group_id else "your partner"
        messages.success(
            request, f"You signed version {agreement.version}. We will let {others} know it is their turn."
        )
    return redirect("agreements:agreement", pk=pairing.pk)


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
