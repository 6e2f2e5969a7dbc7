"""The agreement page's body written in Python: the header, the signing state, the form or the read-only items, the
fixed clauses, the signatures and the coaching guidance and guidelines beside them.

The page is among the busiest, and the template engine took several times what a format_html per piece takes over
the same markup (each `{{ }}` a lookup, each include and `{% url %}` its own work). Every value is escaped by
format_html (or linebreaksbr's escape, for an item's text); what depends on nothing a request or a write changes
(the fixed clauses, the signing section's words) is made once per process, and the guidance once per text the
chair saved (kept by its text, so an edit is never shown stale). agreements/tests/test_page_markup.py holds each
piece to the template markup it replaced.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from agreements import wording
from agreements.models import Agreement, ProgramGuidance, Signature
from agreements.signing_state import SigningState
from home.templatetags.form_errors import error_summary
from mentorship.reversing import url, url_for_each
from pairings.models import MentoringGroup, Pairing
from resources.models import Resource

GUIDANCE_HTML = """<div class="card bg-body-tertiary">
      <div class="card-body">
        <h2 class="h5 card-title" id="guidance-title">{title}</h2>
        <ol class="small ps-3">{steps}
        </ol>
        <h3 class="h6">Good coaches…</h3>
        <ul class="small ps-3">{coaches}</ul>
        <h3 class="h6">Good protégés…</h3>
        <ul class="small ps-3 mb-0">{proteges}</ul>
      </div>
    </div>"""
STEP_HTML = '\n          <li class="mb-2"><strong>{}</strong> {}</li>'
SIGNATURE_HTML = """
        <li>{}: <strong>{}</strong> signed version
          {} on <time datetime="{}">{}</time></li>"""
# resources/_guidelines.html and resources/_item.html, as the page included them.
GUIDELINES_HTML = """<section class="card mt-3" aria-labelledby="guidelines-title"><div class="card-body">
  <h2 class="h5 card-title" id="guidelines-title">Coaching guidelines</h2>
  <ul class="small ps-3 mb-0">{}</ul>
</div></section>
"""
GUIDELINE_HTML = '<li class="mb-2"><a href="{}">{}</a>{}</li>\n'  # _item.html ends its line
GUIDELINE_SUMMARY_HTML = '<br><span class="small text-body-secondary">{}</span>'

FIXED_CLAUSES_HTML = format_html(
    '<h2 class="h5">We also agree</h2>\n<ul>\n  {}\n</ul>',
    format_html_join("", "<li>{}</li>", ((clause,) for clause in wording.FIXED_CLAUSES)),
)
SIGN_SECTION_HTML = """
  <section class="card mb-4" aria-labelledby="sign-title">
    <div class="card-body">
      <h2 class="h5 card-title" id="sign-title">Sign the agreement</h2>
      <p class="small">Signing saves what is in the form above first, then signs that version: you sign exactly
        what you see. We record your typed name, the time (UTC), your IP address and browser, and a fingerprint
        (SHA-256) of the exact text you sign.</p>
      {fields}
      <div class="d-flex flex-wrap gap-2">
        <button type="submit" class="btn btn-outline-primary">Save without signing</button>
        <button type="submit" class="btn btn-success" formaction="{sign_url}">Save and sign</button>
      </div>
    </div>
  </section>"""
# Under the form of a partner who already signed this version: a pair's words, a group's words.
SIGNED_NOTE_HTML = {
    is_group: format_html(
        '\n  <p class="small text-body-secondary">You signed this version. {}</p>\n'
        '  <button type="submit" class="btn btn-primary mb-4">Save the agreement</button>',
        "Saving a change voids every signature already given: you then all sign the new version."
        if is_group
        else "Saving a change voids both signatures: you then both sign the new version.",
    )
    for is_group in (False, True)
}
FORM_HTML = """
<form method="post" action="{action}" novalidate data-agreement-form>
  <input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">{errors}
  {fields}
  {fixed_clauses}{signing}
</form>"""
ITEM_HTML = "\n  <dt>{}</dt>\n  <dd>{}</dd>"
CRUMBS_HTML = """
  <li class="breadcrumb-item"><a href="{mine}">My pairings</a></li>
  <li class="breadcrumb-item"><a href="{pairing}">Your pairing</a></li>{group}"""
GROUP_CRUMB_HTML = '\n  <li class="breadcrumb-item"><a href="{}">{}</a></li>'
HEAD_HTML = """<nav aria-label="breadcrumb"><ol class="breadcrumb">{crumbs}
  <li class="breadcrumb-item active" aria-current="page">Agreement</li>
</ol></nav>
<h1 class="h2">Statement of Mutual Understanding</h1>
{parties}
<div class="row g-4">
  <div class="col-lg-8">
    {status}{signing_state}
    <p>{preamble}</p>
    {agreement}
    <h2 class="h4 mt-4" id="signatures">Signatures</h2>
    {signatures}
  </div>

  <aside class="col-lg-4" aria-labelledby="guidance-title">
    {guidance}
    {guidelines}
  </aside>
</div>
"""
PAIR_PARTIES_HTML = """<p class="text-body-secondary">{} · Mentor: <strong>{}</strong> ·
  Mentee: <strong>{}</strong> · Version {}</p>"""
GROUP_PARTIES_HTML = """<p class="text-body-secondary">{} · Group mentoring: <strong>{}</strong> ·
  Mentor: <strong>{}</strong> · Mentees: <strong>{}</strong> · Version {}</p>
<p>One agreement for the whole group: the mentor and every mentee sign it, and it is executed once all have signed.</p>"""  # noqa: E501
EXECUTED_HTML = """<div class="alert alert-success">Signed by {} and executed on {}.
      It can no longer change.
      {}</div>"""
PDF_LINK_HTML = '<a class="alert-link" href="{}">Download the signed PDF</a>.'
PDF_COMING_HTML = "The signed PDF is being prepared and will be emailed to {} and the chair."
INACTIVE_HTML = '<div class="alert alert-secondary">This relationship is {}; its agreement can no longer change.</div>'
CHAIR_HTML = (
    '<div class="alert alert-info">You are reading this agreement as the chair. Only {} can change or sign it.</div>'
)
SIGNING_STATE_HTML = """
<div class="alert {}" id="signing-state">
  <p class="mb-0"><strong>{}.</strong>{}</p>{}
</div>"""
YOUR_TURN_HTML = format_html(
    ' Read it, change what you\n    like, then <a class="alert-link" href="{}">sign below</a>.', "#sign-title"
)
SIGNER_HTML = "<li>{}: <strong>{}</strong>, {}</li>"
EMPTY = format_html("{}", "")


def guidance_html(guidance: ProgramGuidance) -> SafeString:
    """The chair's coaching guidance (or the default one): the title, the steps, good coaches' and protégés' ways."""
    return _guidance_html(guidance.title, guidance.steps, guidance.good_coaches, guidance.good_proteges)


@functools.lru_cache(maxsize=256)
def _guidance_html(title: str, steps: str, good_coaches: str, good_proteges: str) -> SafeString:
    """Kept by the guidance's text itself (most programs keep the default one): a chair's edit is a new key."""
    guidance = ProgramGuidance(title=title, steps=steps, good_coaches=good_coaches, good_proteges=good_proteges)
    return format_html(
        GUIDANCE_HTML,
        title=guidance.title,
        steps=format_html_join("", STEP_HTML, guidance.step_list()),
        coaches=format_html_join("", "<li>{}</li>", ((point,) for point in guidance.coach_points())),
        proteges=format_html_join("", "<li>{}</li>", ((point,) for point in guidance.protege_points())),
    )


def signatures_html(signatures: Sequence[Signature]) -> SafeString:
    """The valid signatures' <li>s: role, typed name, version and the time, in the reader's time zone as |date
    writes it."""
    return format_html_join("", SIGNATURE_HTML, (_signature_line(signature) for signature in signatures))


def _signature_line(signature: Signature) -> tuple[str, str, int, str, str]:
    signed_at = timezone.localtime(signature.signed_at)
    return (
        signature.get_role_display(),
        signature.typed_name,
        signature.agreement_version,
        formats.date_format(signed_at, "c"),
        formats.date_format(signed_at, "F j, Y, g:i A"),
    )


def guidelines_html(guidelines: Sequence[Resource]) -> SafeString:
    """The host's coaching guidelines, as resources/_guidelines.html lists them; nothing when there are none."""
    if not guidelines:
        return EMPTY
    detail = url_for_each("resources:detail")
    items = format_html_join(
        "",
        GUIDELINE_HTML,
        (
            (
                detail(resource.pk),
                resource.title,
                format_html(GUIDELINE_SUMMARY_HTML, resource.summary) if resource.summary else EMPTY,
            )
            for resource in guidelines
        ),
    )
    return format_html(GUIDELINES_HTML, items)


def signing_state_html(state: SigningState, *, group: MentoringGroup | None, can_sign: bool) -> SafeString:
    """Who has signed and whose turn it is (agreements/signing_state.py); a group lists every member."""
    members = EMPTY
    if group is not None:
        lines = format_html_join("", SIGNER_HTML, ((s.role, s.name, s.line) for s in state.signers))
        members = format_html('\n  <ul class="mb-0 mt-2">\n    {}\n  </ul>', lines)
    return format_html(
        SIGNING_STATE_HTML,
        "alert-warning" if state.readers_turn else "alert-info",
        state.headline,
        YOUR_TURN_HTML if state.readers_turn and can_sign else EMPTY,
        members,
    )


def items_html(content: dict[str, Any]) -> SafeString:
    """The read-only agreement: each item's label and text (|linebreaksbr, "—" when empty), then the fixed clauses."""
    items = format_html_join("", ITEM_HTML, ((item["label"], _text_html(item["text"])) for item in content["items"]))
    return format_html("<dl>{}\n</dl>\n{}", items, FIXED_CLAUSES_HTML)


def _text_html(text: object) -> SafeString | str:
    """`text|linebreaksbr|default:"—"`: escaped, each line break a <br>."""
    return linebreaksbr(text, autoescape=True) or "—"


def form_html(
    *,
    pairing: Pairing,
    group: MentoringGroup | None,
    csrf_token: str,
    form_fields: SafeString,
    errors: SafeString | str,
    sign_fields: SafeString | None,
) -> SafeString:
    """The agreement's one form: its items, the fixed clauses, then signing (or, once signed, saving alone)."""
    if sign_fields is not None:
        signing = format_html(SIGN_SECTION_HTML, fields=sign_fields, sign_url=url("agreements:sign", pairing.pk))
    else:
        signing = SIGNED_NOTE_HTML[group is not None]
    return format_html(
        FORM_HTML,
        action=url("agreements:agreement", pairing.pk),
        csrf_token=csrf_token,
        errors=errors,
        fields=form_fields,
        fixed_clauses=FIXED_CLAUSES_HTML,
        signing=signing,
    )


def error_summary_html(*forms: object) -> str:
    """Every problem of the page's forms at the top (templates/_error_summary.html, as `{% error_summary %}`)."""
    return render_to_string("_error_summary.html", error_summary(*forms))


def status_html(
    pairing: Pairing, agreement: Agreement, *, group: MentoringGroup | None, is_partner: bool
) -> SafeString:
    """Executed (with the PDF's link once it is made), ended, or read by a chair; nothing for a partner's draft."""
    if agreement.is_executed:
        everyone = "every member" if group is not None else "both partners"
        if agreement.pdf:
            pdf = format_html(PDF_LINK_HTML, url("agreements:pdf", pairing.pk))
        else:
            pdf = format_html(PDF_COMING_HTML, "every member" if group is not None else "both of you")
        when = formats.date_format(timezone.localtime(agreement.executed_at), "F j, Y, g:i A")
        return format_html(EXECUTED_HTML, everyone, when, pdf)
    if not pairing.is_active:
        return format_html(INACTIVE_HTML, str(pairing.get_status_display()).lower())
    if not is_partner:
        return format_html(CHAIR_HTML, "the group's members" if group is not None else "the two partners")
    return EMPTY


def page_html(
    *,
    pairing: Pairing,
    agreement: Agreement,
    content: dict[str, Any],
    group: MentoringGroup | None,
    is_partner: bool,
    state: SigningState,
    can_sign: bool,
    agreement_html: SafeString,
    signatures: SafeString,
    guidance: SafeString,
    guidelines: SafeString,
) -> SafeString:
    """The page's content block around the form (or the read-only items) `agreement_html`; `can_sign`: the page
    shows the signing section (the reader's turn then points to it)."""
    crumbs = EMPTY
    if is_partner:
        group_crumb = EMPTY
        if group is not None:
            group_crumb = format_html(GROUP_CRUMB_HTML, url("pairings:group", group.pk), group.name)
        crumbs = format_html(
            CRUMBS_HTML, mine=url("pairings:mine"), pairing=url("pairings:pairing", pairing.pk), group=group_crumb
        )
    program = pairing.program.name
    if group is not None:
        parties = format_html(
            GROUP_PARTIES_HTML, program, group.name, content["mentor"], content["mentee"], agreement.version
        )
    else:
        parties = format_html(PAIR_PARTIES_HTML, program, content["mentor"], content["mentee"], agreement.version)
    if signatures:
        signed = format_html('<ul class="list-unstyled">{}\n    </ul>', signatures)
    else:
        signed = format_html("<p>{}</p>", "Nobody has signed this version yet.")
    return format_html(
        HEAD_HTML,
        crumbs=crumbs,
        parties=parties,
        status=status_html(pairing, agreement, group=group, is_partner=is_partner),
        signing_state=EMPTY if agreement.is_executed else signing_state_html(state, group=group, can_sign=can_sign),
        preamble=content["preamble"],
        agreement=agreement_html,
        signatures=signed,
        guidance=guidance,
        guidelines=guidelines,
    )
