"""The figures of the chair's program dashboard: one call, a fixed number of aggregate queries.

`program_dashboard` reads everything the page, the exports and the board's report show, in 11 queries
whatever the program's size: grouped counts, one row per pairing, the mentors with room as the rows shown with their
totals beside them; never a query per row.
Split by subdomain: `intake` (applications, fees, areas, matching), `pairs` (relationships and adherence) and
`actions` (what needs the chair now).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from applications.models import Program
from dashboard.figures import Dashboard
from dashboard.selectors.actions import chair_actions
from dashboard.selectors.intake import application_counts, intake_figures, matching_figures, mentors_with_room
from dashboard.selectors.pairs import adherence_of, pair_rows, relationship_figures

__all__ = ["adherence_of", "program_dashboard"]


def program_dashboard(program: Program, *, now: dt.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = application_counts(program)
    intake = intake_figures(program, counts, today)
    pairs = pair_rows(program, today)
    mentors = mentors_with_room(program)
    matching = matching_figures(counts, pairs, mentors)
    relationships = relationship_figures(program, pairs)
    dashboard = Dashboard(program, now, today, intake, matching, relationships, pairs)
    dashboard.actions = chair_actions(program, pairs, mentors, now, today)
    return dashboard
