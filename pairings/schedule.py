"""When a pair's next check-in and pulse are due. Plain dates in, plain dates out."""

from __future__ import annotations

import calendar
import datetime as dt

from applications import policy
from applications.vocabulary import FREQUENCY_MONTHS, Frequency

DUE_SOON_DAYS = 3
FIRST_PULSE_DAYS = 30
PULSE_EVERY_DAYS = 60
EVENT_MIDPOINT = 0.5
TERM_ENDING_DAYS = 14


def frequency_months(frequency: str) -> int:
    fallback = policy.FALLBACK_FREQUENCY_MONTHS
    return FREQUENCY_MONTHS.get(Frequency(frequency), fallback) if frequency in Frequency.values else fallback


def plus_months(day: dt.date, months: int) -> dt.date:
    """day + dateutil's relativedelta(months=months), a 31st falling back to the month's last day, without building a
    relativedelta: the dashboard asks this for each of a program's pairs on every view."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    if day.day <= 28:
        return day.replace(year=year, month=month)
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def next_checkin_due(*, started_on: dt.date, last_checkin: dt.date | None, months: int) -> dt.date:
    """One agreed period after the last check-in, or after the start when there is none yet."""
    return plus_months(last_checkin or started_on, months)


def missed_periods(*, started_on: dt.date, last_checkin: dt.date | None, months: int, today: dt.date) -> int:
    """Whole agreed periods gone by since the last check-in (or the start) with no check-in: the most periods n with
    plus_months(base, n * months) on or before today. Counted from the calendar months between, not by stepping a
    period at a time: the dashboard asks it twice for each of a program's pairs, and years of missed monthly periods
    cost a step each."""
    if months < 1:
        raise ValueError(f"an agreed period is at least a month, not {months}")
    base = last_checkin or started_on
    if today <= base:
        return 0
    missed = ((today.year - base.year) * 12 + today.month - base.month) // months
    if missed > 0 and plus_months(base, months * missed) > today:  # in today's month, on a later day
        missed -= 1
    return missed


def pulse_round_due(*, started_on: dt.date, today: dt.date) -> tuple[int, dt.date] | None:
    """The latest pulse round whose day has come (day 30, then every 60 days), with its day."""
    days = (today - started_on).days
    if days < FIRST_PULSE_DAYS:
        return None
    round_ = (days - FIRST_PULSE_DAYS) // PULSE_EVERY_DAYS
    return round_, started_on + dt.timedelta(days=FIRST_PULSE_DAYS + PULSE_EVERY_DAYS * round_)


def term_midpoint(started_on: dt.date, ends_on: dt.date) -> dt.date:
    return started_on + (ends_on - started_on) * EVENT_MIDPOINT
