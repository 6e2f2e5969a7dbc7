"""Dates as Django's `date` filter writes two fixed formats, "M j, Y" and "M j, Y, g:i A", without reading the
format's letters and looking up a translation per letter on each call (about 0.03 ms a date there, a dozen dates
on a pair's page). The words (months' abbreviations, AM and PM) are looked up once per language; a test holds the
output to Django's for every month and hour in three languages.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.utils.dates import MONTHS_3
from django.utils.translation import get_language, gettext

DateWords = tuple[tuple[str, ...], str, str]


@functools.cache
def date_words(language: str | None) -> DateWords:
    """The months' abbreviations and "AM", "PM" in `language` (the active one), as Django's date format letters M
    and A write them."""
    return ("", *(str(MONTHS_3[month]).title() for month in range(1, 13))), gettext("AM"), gettext("PM")


def month_day_year(day: dt.date, words: DateWords | None = None) -> str:
    """`date_format(day, "M j, Y")`: "Dec 2, 2026"."""
    months = (words or date_words(get_language()))[0]
    return f"{months[day.month]} {day.day}, {day.year:04d}"


def month_day_year_time(moment: dt.datetime, words: DateWords | None = None) -> str:
    """`date_format(moment, "M j, Y, g:i A")`: "Dec 2, 2026, 10:56 PM", at the moment's own time (localise first)."""
    months, am, pm = words or date_words(get_language())
    hour = moment.hour
    return (
        f"{months[moment.month]} {moment.day}, {moment.year:04d}, {hour % 12 or 12}:{moment.minute:02d} "
        f"{pm if hour > 11 else am}"
    )
