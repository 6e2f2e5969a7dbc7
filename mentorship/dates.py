"""Dates as Django's `date` filter writes the busy pages' fixed formats ("M j, Y", "M j, Y, g:i A", "F j, Y",
"D M j"), without reading the format's letters and looking up a translation per letter on each call (about 0.02 to
0.03 ms a date there, a dozen dates on a pair's page). The words (months' names and abbreviations, weekdays'
abbreviations, AM and PM) are looked up once per language; a test holds the output to Django's for every month,
weekday and hour in three languages.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import NamedTuple

from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS_ABBR
from django.utils.translation import get_language, gettext


class DateWords(NamedTuple):
    months: tuple[str, ...]  # the date format's M, by month number (index 0 unused)
    month_names: tuple[str, ...]  # F, by month number (index 0 unused)
    weekdays: tuple[str, ...]  # D, by date.weekday()
    am: str
    pm: str


@functools.cache
def date_words(language: str | None) -> DateWords:
    """The words of `language` (the active one) as Django's date format letters M, F, D and A write them."""
    return DateWords(
        months=("", *(str(MONTHS_3[month]).title() for month in range(1, 13))),
        month_names=("", *(str(MONTHS[month]) for month in range(1, 13))),
        weekdays=tuple(str(WEEKDAYS_ABBR[day]) for day in range(7)),
        am=gettext("AM"),
        pm=gettext("PM"),
    )


def _words(words: DateWords | None) -> DateWords:
    return words or date_words(get_language())


def month_day_year(day: dt.date, words: DateWords | None = None) -> str:
    """`date_format(day, "M j, Y")`: "Dec 2, 2026"."""
    return f"{_words(words).months[day.month]} {day.day}, {day.year:04d}"


def month_name_day_year(day: dt.date, words: DateWords | None = None) -> str:
    """`date_format(day, "F j, Y")`: "December 2, 2026"."""
    return f"{_words(words).month_names[day.month]} {day.day}, {day.year:04d}"


def weekday_month_day(day: dt.date, words: DateWords | None = None) -> str:
    """`date_format(day, "D M j")`: "Wed Dec 2"."""
    words = _words(words)
    return f"{words.weekdays[day.weekday()]} {words.months[day.month]} {day.day}"


def month_day_year_time(moment: dt.datetime, words: DateWords | None = None) -> str:
    """`date_format(moment, "M j, Y, g:i A")`: "Dec 2, 2026, 10:56 PM", at the moment's own time (localise first)."""
    words = _words(words)
    hour = moment.hour
    return (
        f"{words.months[moment.month]} {moment.day}, {moment.year:04d}, {hour % 12 or 12}:{moment.minute:02d} "
        f"{words.pm if hour > 11 else words.am}"
    )


def zone_label(zone: dt.tzinfo | str) -> str:
    """A time zone as the pages name it after a date, "(America/Chicago)": the home's label of a program's deadline
    (home.sections.window), so a reader meets one way of saying where a time is."""
    return f"({zone})"


def month_day_year_time_in(moment: dt.datetime, zone: dt.tzinfo, words: DateWords | None = None) -> str:
    """`month_day_year_time` at `zone`'s clock, labelled: "Dec 3, 2026, 3:33 AM (America/Chicago)". For a time
    that belongs to a program (a request's due time), written in the program's zone whoever reads it."""
    return f"{month_day_year_time(moment.astimezone(zone), words)} {zone_label(zone)}"
