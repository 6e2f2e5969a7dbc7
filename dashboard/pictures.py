"""The dashboard's figures drawn as SVG charts (dashboard/charts.py), for the page and the board's report."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from dashboard import charts
from dashboard.figures import Adherence, Dashboard


@dataclass(frozen=True)
class Pictures:
    statuses: SafeString
    days: SafeString
    areas: SafeString
    scores: SafeString
    adherence: SafeString
    agreements: SafeString


def _safe(svg: str) -> SafeString:
    # charts.py escapes every text it writes; the markup itself is ours.
    return mark_safe(svg)  # noqa: S308


def pictures_for(dashboard: Dashboard, *, prefix: str = "chart") -> Pictures:
    intake, matching, relationships = dashboard.intake, dashboard.matching, dashboard.relationships
    statuses = [row for row in intake.statuses if row.total]
    return Pictures(
        statuses=_safe(
            charts.hbar_chart(
                chart_id=f"{prefix}-statuses",
                title="Applications by status and role",
                description="Solid bars: mentors. Hatched bars: mentees. The table beside lists the same counts.",
                categories=[row.label for row in statuses],
                series=[
                    charts.Series("Mentors", [row.mentors for row in statuses]),
                    charts.Series("Mentees", [row.mentees for row in statuses]),
                ],
            )
        ),
        days=_safe(
            charts.line_chart(
                chart_id=f"{prefix}-days",
                title="Applications submitted, day by day, up to the deadline",
                description="Running totals. Solid line: mentors. Dashed line: mentees. "
                "A dotted vertical line marks the deadline.",
                days=[row.day for row in intake.days],
                series=[
                    charts.Series("Mentors", [row.total_mentors for row in intake.days]),
                    charts.Series("Mentees", [row.total_mentees for row in intake.days]),
                ],
                marker_day=dashboard.program.deadline,
                marker_label="Deadline",
            )
        ),
        areas=_safe(
            charts.hbar_chart(
                chart_id=f"{prefix}-areas",
                title="Expertise: mentors strong in each area against mentees wanting it",
                description="Solid bars: mentors (supply). Hatched bars: mentees (demand). "
                "Areas with more mentees than mentors are in bold, and say how many mentors short.",
                categories=[area.label for area in intake.areas],
                series=[
                    charts.Series("Mentors", [area.mentors for area in intake.areas]),
                    charts.Series("Mentees", [area.mentees for area in intake.areas]),
                ],
                notes=[f"short by {area.shortfall}" if area.shortfall else "" for area in intake.areas],
            )
        ),
        scores=_safe(
            charts.hbar_chart(
                chart_id=f"{prefix}-scores",
                title="Match scores of published pairs",
                description="Number of pairs whose score falls in each band, lowest band first.",
                categories=[b.label for b in matching.score_bins],
                series=[charts.Series("Pairs", [b.count for b in matching.score_bins])],
            )
        ),
        adherence=_safe(
            charts.hbar_chart(
                chart_id=f"{prefix}-adherence",
                title="Check-in adherence of active pairs",
                description="Number of active pairs in each state.",
                categories=[label for key, label, _ in relationships.adherence if key != Adherence.NOT_STARTED],
                series=[
                    charts.Series(
                        "Pairs", [count for key, _, count in relationships.adherence if key != Adherence.NOT_STARTED]
                    )
                ],
            )
        ),
        agreements=_safe(
            charts.hbar_chart(
                chart_id=f"{prefix}-agreements",
                title="Statements of Mutual Understanding",
                description="Agreements of current and completed pairs, by how far signing has gone; a group's "
                "one agreement counted once.",
                categories=["Signed by both", "Partly signed", "Not signed yet"],
                series=[
                    charts.Series(
                        "Agreements", [relationships.executed, relationships.one_signature, relationships.unsigned]
                    )
                ],
            )
        ),
    )
