"""Duplicating a program into next year's cohort: its rules and content, its dates a year later, none of its people."""

from __future__ import annotations

import re

from dateutil.relativedelta import relativedelta
from django.db import transaction

from agreements.models import ProgramGuidance
from applications.models import Program

NOT_COPIED = {"id", "name", "slug", "created_at"}
SHIFTED_DATES = ("opens_on", "deadline")


def next_year_text(text: str) -> str:
    """'2024 Mentorship Program' -> '2025 Mentorship Program'; every four-digit year moves on by one."""
    return re.sub(r"\b(19|20)(\d\d)\b", lambda m: str(int(m.group(0)) + 1), text)


class DuplicationError(Exception):
    """The program cannot be duplicated; the message is for the chair."""


def refusal(program: Program) -> str:
    """Why the program has no "next year", or "" when it has one."""
    if program.is_rolling:
        kind = program.get_kind_display().lower()
        return f"{program.name} is not a yearly cohort ({kind}): it has no next year to duplicate it into."
    return ""


@transaction.atomic
def program_duplicate(*, program: Program, name: str, slug: str) -> Program:
    """A new cohort with the program's rules and content, its dates a year later, and none of its people.
    Yearly cohorts only: an always-open program or an advisor roster simply goes on."""
    if reason := refusal(program):
        raise DuplicationError(reason)
    values = {
        f.attname: getattr(program, f.attname) for f in Program._meta.concrete_fields if f.attname not in NOT_COPIED
    }
    for date_field in SHIFTED_DATES:
        if values.get(date_field):
            values[date_field] = values[date_field] + relativedelta(years=1)
    copy = Program.objects.create(name=name, slug=slug, **values)
    copy.partners.set(program.partners.all())  # the co-sponsors carry over; the coordinators are people: not copied
    guidance = ProgramGuidance.objects.filter(program=program).first()
    if guidance is not None:
        ProgramGuidance.objects.create(
            program=copy,
            **{
                f.attname: getattr(guidance, f.attname)
                for f in ProgramGuidance._meta.concrete_fields
                if f.attname not in ("id", "program_id", "updated_at")
            },
        )
    return copy
