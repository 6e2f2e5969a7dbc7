"""pairings.schedule: month arithmetic as dateutil's relativedelta, missed periods as stepping a period at a time."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from pairings.schedule import missed_periods, next_checkin_due, plus_months


def _stepped(base: dt.date, months: int, today: dt.date) -> int:
    """The definition: add one more period while it still falls on or before today."""
    missed = 0
    while base + relativedelta(months=months * (missed + 1)) <= today:
        missed += 1
    return missed


@pytest.mark.parametrize("months", [1, 2, 3, 6, 12])
def test_missed_periods_match_stepping_through_month_ends_and_leap_days(months):
    bases = [dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2023, 8, 30), dt.date(2023, 12, 31)]
    bases += [dt.date(2023, 1, 1) + dt.timedelta(days=day) for day in range(0, 400, 13)]
    for base in bases:
        for day in range(-5, 800):
            today = base + dt.timedelta(days=day)
            expected = _stepped(base, months, today)
            assert missed_periods(started_on=base, last_checkin=None, months=months, today=today) == expected
            start = base - dt.timedelta(days=90)  # a check-in counts from itself, not from the start
            assert missed_periods(started_on=start, last_checkin=base, months=months, today=today) == expected


def test_a_31st_falls_back_to_the_month_end():
    start = dt.date(2024, 1, 31)
    assert missed_periods(started_on=start, last_checkin=None, months=1, today=dt.date(2024, 2, 28)) == 0
    assert missed_periods(started_on=start, last_checkin=None, months=1, today=dt.date(2024, 2, 29)) == 1
    assert missed_periods(started_on=start, last_checkin=None, months=1, today=dt.date(2024, 3, 30)) == 1
    assert missed_periods(started_on=start, last_checkin=None, months=1, today=dt.date(2024, 3, 31)) == 2


def test_no_period_missed_before_the_start():
    start = dt.date(2024, 5, 10)
    assert missed_periods(started_on=start, last_checkin=None, months=1, today=dt.date(2024, 5, 1)) == 0
    assert missed_periods(started_on=start, last_checkin=None, months=1, today=start) == 0


def test_a_period_shorter_than_a_month_is_refused():
    with pytest.raises(ValueError):
        missed_periods(started_on=dt.date(2024, 5, 10), last_checkin=None, months=0, today=dt.date(2024, 6, 1))


def test_plus_months_is_relativedelta_months():
    days = [dt.date(2023, 11, 1) + dt.timedelta(days=day) for day in range(0, 500)]
    days += [dt.datetime(2024, 1, 31, 18, 30, tzinfo=dt.UTC), dt.datetime(2023, 12, 30, 9, 5)]
    for day in days:
        for months in range(-25, 40):
            assert plus_months(day, months) == day + relativedelta(months=months), (day, months)


def test_the_next_checkin_is_one_period_after_the_last_or_the_start():
    start, last = dt.date(2024, 1, 31), dt.date(2024, 3, 31)
    assert next_checkin_due(started_on=start, last_checkin=None, months=1) == dt.date(2024, 2, 29)
    assert next_checkin_due(started_on=start, last_checkin=last, months=3) == dt.date(2024, 6, 30)
