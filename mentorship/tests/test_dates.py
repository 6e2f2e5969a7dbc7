"""mentorship.dates writes what Django's `date` filter writes, for every month, weekday, hour and minute kind, in
three languages."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import translation
from django.utils.translation import get_language

from mentorship.dates import date_words, month_day_year, month_day_year_time, month_name_day_year, weekday_month_day

MOMENTS = [
    dt.datetime(year, month, day, hour, minute, tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles"))
    for year, day in ((2026, 1), (2027, 28), (987, 9))
    for month in range(1, 13)
    for hour in range(24)
    for minute in (0, 7, 59)
]
DAYS = [dt.date(year, month, day) for year, day in ((2026, 1), (2027, 31), (987, 9)) for month in (1, 5, 12)]


@pytest.mark.parametrize("language", ["en-us", "fr", "de"])
def test_dates_read_as_the_date_filter_writes_them(language):
    with translation.override(language):
        words = date_words(get_language())
        assert [month_day_year_time(moment, words) for moment in MOMENTS] == [
            date_filter(moment, "M j, Y, g:i A") for moment in MOMENTS
        ]
        assert [month_day_year_time(moment) for moment in MOMENTS[:50]] == [
            date_filter(moment, "M j, Y, g:i A") for moment in MOMENTS[:50]
        ]
        assert [month_day_year(day) for day in DAYS] == [date_filter(day, "M j, Y") for day in DAYS]
        assert [month_day_year(moment.date(), words) for moment in MOMENTS] == [
            date_filter(moment.date(), "M j, Y") for moment in MOMENTS
        ]
        days = [moment.date() for moment in MOMENTS[::24]] + [dt.date(2026, 11, day) for day in range(1, 8)]
        assert [month_name_day_year(day, words) for day in days] == [date_filter(day, "F j, Y") for day in days]
        assert [weekday_month_day(day, words) for day in days] == [date_filter(day, "D M j") for day in days]
        assert [month_name_day_year(day) for day in DAYS] == [date_filter(day, "F j, Y") for day in DAYS]
        assert [weekday_month_day(day) for day in DAYS] == [date_filter(day, "D M j") for day in DAYS]


def test_each_language_has_its_own_words():
    day = dt.date(2026, 2, 3)
    written = {}
    for language in ("fr", "en-us", "fr"):  # French again after English: the words are per language, not the first
        with translation.override(language):
            written[language] = (month_day_year(day), date_filter(day, "M j, Y"))
    assert written["en-us"] == ("Feb 3, 2026", "Feb 3, 2026")
    assert written["fr"][0] == written["fr"][1] != "Feb 3, 2026"
