"""The executed agreement as an archival PDF (PDF/A-3b), printed with WeasyPrint from the signed content.

Rendering only runs an autoescaped template, and its URL fetcher serves the project's own static files and
refuses everything else: no text a partner typed can make the renderer reach the network or the disk.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from agreements.content import letterhead
from agreements.models import Agreement, Signature

# The template's relative URLs resolve against this base; `.invalid` can never resolve on a network (RFC 2606).
STATIC_BASE_URL = "https://static.invalid/"
STYLESHEET = "css/agreement-pdf.css"
PDF_VARIANT = "pdf/a-3b"
# The association's logo comes inline (agreements.content.letterhead): a PNG or JPEG, nothing else.
DATA_IMAGE = re.compile(r"data:(image/(?:png|jpeg));base64,([A-Za-z0-9+/]+=*)\Z")


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves files under the project's static/ folder, found by the staticfiles finders; refuses anything else."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if image := DATA_IMAGE.match(url):
            try:
                return URLFetcherResponse(url, base64.b64decode(image[2], validate=True), {"Content-Type": image[1]})
            except binascii.Error:
                raise ValueError("Refused an inline image that is not base64.") from None
        path = static_path_for(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def static_path_for(url: str) -> Path:
    """The local file behind `url`, or ValueError when `url` is anything but one of the project's static files."""
    if not url.startswith(STATIC_BASE_URL):
        raise ValueError(f"Refused to fetch {url[:200]!r}: a PDF may only use the project's static files.")
    relative = unquote(urlsplit(url).path).lstrip("/")
    root = (Path(settings.BASE_DIR) / "static").resolve()
    found = finders.find(relative) if relative and ".." not in relative.split("/") else None
    path = Path(found).resolve() if isinstance(found, str) else None
    if path is None or not path.is_relative_to(root) or not path.is_file():
        raise ValueError(f"Refused to fetch {url[:200]!r}: not one of the project's static files.")
    return path


@cache
def _fetcher() -> StaticFilesOnlyFetcher:
    return StaticFilesOnlyFetcher(fail_on_errors=False)


_per_thread = threading.local()


def _font_config() -> FontConfiguration:
    # Loading fontconfig and a fresh Pango font map costs every render; kept warm, fonts and shaping are cached.
    # One per thread: Pango's font map is not thread-safe (a prefork worker has a single thread anyway).
    if not hasattr(_per_thread, "font_config"):
        _per_thread.font_config = FontConfiguration()
    return _per_thread.font_config


@cache
def _stylesheet() -> CSS:
    # Parsed once per process: the CSS never changes between renders, and parsing it is a good share of the time.
    return CSS(url=STATIC_BASE_URL + STYLESHEET, url_fetcher=_fetcher())


def _in_order(signatures: Sequence[Signature]) -> list[Signature]:
    """The mentor's signature first, then the mentees' (a group's in the order they signed)."""
    order = {role: rank for rank, role in enumerate(Signature.Role.values)}
    return sorted(signatures, key=lambda signature: order.get(signature.role, len(order)))


def render_agreement_pdf(agreement: Agreement, signatures: Sequence[Signature] | None = None) -> bytes:
    """The executed agreement, its signature block and a last page with the signature record and content hash.

    `signatures` defaults to the agreement's valid signatures; the benchmark passes unsaved ones.
    """
    if not agreement.is_executed or not agreement.signed_content:
        raise ValueError("Only an executed agreement is printed.")
    if signatures is None:
        signatures = list(agreement.signatures.valid())
    html = render_to_string(
        "agreements/pdf.html",
        {
            "agreement": agreement,
            "content": agreement.signed_content,
            "signatures": _in_order(signatures),
            "chair_email": agreement.pairing.program.chair_email,
            "letterhead": letterhead(agreement.pairing.program),
        },
    )
    document = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=_fetcher())
    return document.write_pdf(stylesheets=[_stylesheet()], font_config=_font_config(), pdf_variant=PDF_VARIANT)
