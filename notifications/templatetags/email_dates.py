"""How long ago something happened, in whole days, as an email states it ("75 days ago"): counted in the current
time zone (the program's, while mentorship.mail renders an email), on the day the email is sent."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def days_ago(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    days = (timezone.localdate() - value).days
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"
