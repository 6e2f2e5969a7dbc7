"""An association's look, served publicly: its logo and its accent colour (programs' pages, emails and PDFs)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from associations.models import Association

MAX_AGE = 300  # seconds: a new logo or colour shows within five minutes


def _public_headers(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def logo(request: HttpRequest, slug: str) -> FileResponse:
    """The stored logo, with the type its checked extension names; 404 when there is none."""
    association = get_object_or_404(Association.objects.only("logo"), slug=slug)
    content_type = association.logo_content_type
    if content_type is None:
        raise Http404
    try:
        stored = association.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(stored, content_type=content_type)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return _public_headers(response)


def accent(request: HttpRequest, slug: str) -> HttpResponse:
    """The association's colour as a CSS custom property (the site's policy allows no inline style)."""
    association = get_object_or_404(Association.objects.only("colour"), slug=slug)
    css = f".association-look{{--association-colour:{association.accent}}}\n"
    return _public_headers(HttpResponse(css, content_type="text/css; charset=utf-8"))
