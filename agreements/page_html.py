"""The agreement page's lists written in Python: the coaching guidance beside the form and the signatures under it.

Each was a template loop of a few lookups an item; the page is among the busiest, and a format_html per item costs
a fraction of what the template engine takes over the same markup. Every value is escaped by format_html.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from agreements.models import ProgramGuidance, Signature

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


def guidance_html(guidance: ProgramGuidance) -> SafeString:
    """The chair's coaching guidance (or the default one): the title, the steps, good coaches' and protégés' ways."""
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
