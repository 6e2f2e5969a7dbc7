"""Every email is a folder `templates/emails/<name>/` with subject.txt, body.txt and body.html.

Only the ledger's delivery (notifications.tasks) builds and sends messages: everything else records a Notice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string


def _render_text(template_name: str, context: Mapping[str, Any]) -> str:
    """Plain text is not HTML: no escaping, so a name like O'Brien stays O'Brien."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def build_email(name: str, to: Iterable[str], context: Mapping[str, Any]) -> EmailMultiAlternatives:
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(_render_text(f"emails/{name}/subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=_render_text(f"emails/{name}/body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
    )
    message.attach_alternative(render_to_string(f"emails/{name}/body.html", context), "text/html")
    return message
