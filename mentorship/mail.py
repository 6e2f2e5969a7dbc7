"""Every email is a folder `templates/emails/<name>/` with subject.txt, body.txt and body.html.

Only the ledger's delivery (notifications.tasks) builds and sends messages: everything else records a Notice. Every
message, the ledger's and allauth's (accounts.adapter), is put in one layout (templates/emails/_layout.html and
_layout.txt) under a `Look`: the association's name, colour and logo, and a footer with its contact address, the
program and, for a reminder, the stop link. A new folder under templates/emails/ gets the layout with nothing to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from associations.models import DEFAULT_COLOUR

if TYPE_CHECKING:
    from applications.models import Program
    from associations.models import Association


@dataclass(frozen=True)
class Look:
    """Who an email is from and how it looks. `accent` is always a #RRGGBB (Association.accent sanitises it)."""

    name: str
    accent: str = DEFAULT_COLOUR
    logo_url: str = ""
    contact_email: str = ""
    program_name: str = ""
    time_zone: dt.tzinfo | None = None  # dates in the email are in the program's time zone

    @classmethod
    def installation(cls) -> Look:
        """No association behind it (allauth's emails): the installation's own name."""
        return cls(name=settings.SITE_NAME)

    @classmethod
    def of(cls, association: Association | None, program: Program | None = None) -> Look:
        if association is None:
            return cls.installation() if program is None else cls(name=settings.SITE_NAME, program_name=program.name)
        logo_url = settings.SITE_URL + reverse("associations:logo", args=[association.slug]) if association.logo else ""
        return cls(
            name=association.name,
            accent=association.accent,
            logo_url=logo_url,
            contact_email=association.contact_email,
            program_name=program.name if program is not None else "",
            time_zone=program.time_zone if program is not None else None,
        )


def _render_text(template_name: str, context: Mapping[str, Any]) -> str:
    """Plain text is not HTML: no escaping, so a name like O'Brien stays O'Brien."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def build_email(
    name: str, to: Iterable[str], context: Mapping[str, Any], *, look: Look | None = None, stop_url: str = ""
) -> EmailMultiAlternatives:
    """The message of the folder `emails/<name>/`, in the layout. Its dates are written in the program's time zone."""
    look = look or Look.installation()
    context = {"site_url": settings.SITE_URL, **context}
    with timezone.override(look.time_zone) if look.time_zone else nullcontext():
        subject = _render_text(f"emails/{name}/subject.txt", context)
        text = _render_text(f"emails/{name}/body.txt", context)
        html = render_to_string(f"emails/{name}/body.html", context)
    return compose_email(subject=subject, text=text, html=html, to=to, look=look, stop_url=stop_url)


def compose_email(
    *,
    subject: str,
    text: str,
    html: str,
    to: Iterable[str],
    look: Look,
    stop_url: str = "",
    headers: Mapping[str, str] | None = None,
) -> EmailMultiAlternatives:
    """Put a rendered body (text, and HTML already escaped by its template) in the layout. The one place a message
    is made: build_email for the ledger's folders, accounts.adapter for allauth's messages."""
    subject = " ".join(subject.split())
    layout = {"look": look, "site_url": settings.SITE_URL, "stop_url": stop_url, "subject": subject}
    message = EmailMultiAlternatives(
        subject=subject,
        body=_render_text("emails/_layout.txt", {**layout, "content": text.strip()}),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        headers=dict(headers or {}),
    )
    html_layout = render_to_string("emails/_layout.html", {**layout, "content": mark_safe(html.strip())})  # noqa: S308 -- rendered with autoescape
    message.attach_alternative(html_layout, "text/html")
    return message
