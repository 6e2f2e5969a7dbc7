"""allauth's emails (verification, password reset, account notices) in the layout of every email, with the
installation's look: allauth renders its templates (templates/account/email/ overrides the greeting), and the
message is made by mentorship.mail like the ledger's. allauth sends them itself, at once: they answer a person
waiting in the browser, and a code or link that arrived a day late would be useless."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.html import escape, linebreaks, urlize

from mentorship.mail import Look, compose_email


class AccountAdapter(DefaultAccountAdapter):
    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        context = {**context, "site_name": settings.SITE_NAME}
        rendered = super().render_mail(template_prefix, email, context, headers)
        text = rendered.body
        html = next((body for body, kind in getattr(rendered, "alternatives", ()) if kind == "text/html"), None)
        if rendered.content_subtype == "html":  # allauth found only an HTML template
            text, html = "", text
        return compose_email(
            subject=rendered.subject,
            text=text,
            html=html if html is not None else linebreaks(urlize(escape(text))),
            to=rendered.to,
            look=Look.installation(),
            headers=rendered.extra_headers,
        )
