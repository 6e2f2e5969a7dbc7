"""The dashboard's exports: CSV files for the chair, and the end-of-program report as a PDF for the board.

CSV cells that a spreadsheet would run as a formula are defused (mentorship/spreadsheets.py). The PDF
is printed with WeasyPrint the way agreements/pdf.py prints agreements: from an autoescaped template, with a
URL fetcher that serves the project's static files and refuses everything else. It holds figures only: no
names, no reasons for ending, nothing private.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from agreements.pdf import STATIC_BASE_URL, StaticFilesOnlyFetcher
from applications import csv_export
from applications.models import Application, Program
from dashboard.figures import Dashboard, PairRow
from dashboard.pictures import pictures_for
from mentorship.spreadsheets import csv_response

REPORT_STYLESHEET = "dashboard/report-pdf.css"


def _filename(program: Program, what: str, extension: str = "csv") -> str:
    return f"{program.slug}-{what}-{timezone.localdate():%Y-%m-%d}.{extension}"


def applications_csv(program: Program) -> HttpResponse:
    """Every application of the program, with the admin export's columns."""
    applications = Application.objects.filter(program=program).for_lists().order_by("role", "applicant__full_name")
    return csv_response(
        _filename(program, "applications"),
        csv_export.HEADER,
        csv_export.rows(applications),
    )


def _date(value) -> str:
    return value.isoformat() if value else ""


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


PAIRING_COLUMNS: list[tuple[str, Callable[[PairRow], Any]]] = [
    ("Mentor", lambda p: p.mentor),
    ("Mentor email", lambda p: p.mentor_email),
    ("Mentee", lambda p: p.mentee),
    ("Mentee email", lambda p: p.mentee_email),
    ("Status", lambda p: p.status_label),
    ("Formed by", lambda p: "Gallery request" if p.source == "gallery" else "Chair matching"),
    ("Score", lambda p: f"{p.score:.2f}" if p.score is not None else ""),
    ("Paired", lambda p: _when(p.created_at)),
    ("Term starts", lambda p: _date(p.started_on)),
    ("Term ends", lambda p: _date(p.ends_on)),
    ("Ended early", lambda p: _when(p.ended_at)),
    ("Group", lambda p: p.group_name),  # its members share one agreement: the same on each of their rows
    ("Agreement", lambda p: p.agreement_label),
    ("Agreement executed", lambda p: _when(p.executed_at)),
    ("Check-ins", lambda p: p.checkins),
    ("Last check-in", lambda p: _date(p.last_checkin)),
]

CHECKIN_COLUMNS: list[tuple[str, Callable[[PairRow], Any]]] = [
    ("Mentor", lambda p: p.mentor),
    ("Mentee", lambda p: p.mentee),
    ("Status", lambda p: p.status_label),
    ("Agreed frequency", lambda p: p.frequency_label),
    ("Term starts", lambda p: _date(p.started_on)),
    ("Check-ins logged", lambda p: p.checkins),
    ("Agreed periods so far", lambda p: p.periods),
    ("Kept pace", lambda p: "yes" if p.kept_pace else "no"),
    ("Last check-in", lambda p: _date(p.last_checkin)),
    ("Next check-in due", lambda p: _date(p.next_due)),
    ("Periods missed", lambda p: p.missed if p.adherence else ""),
    ("Adherence", lambda p: p.adherence_label),
]


def pairings_csv(dashboard: Dashboard) -> HttpResponse:
    """Every pairing with its score, agreement and check-ins; the reasons for ending stay on the page."""
    return csv_response(
        _filename(dashboard.program, "pairings"),
        [header for header, _ in PAIRING_COLUMNS],
        ([value(p) for _, value in PAIRING_COLUMNS] for p in dashboard.all_pairs),
    )


def checkins_csv(dashboard: Dashboard) -> HttpResponse:
    return csv_response(
        _filename(dashboard.program, "check-in-adherence"),
        [header for header, _ in CHECKIN_COLUMNS],
        ([value(p) for _, value in CHECKIN_COLUMNS] for p in dashboard.all_pairs),
    )


# ---- The board's report ----------------------------------------------------------------------------------------


@cache
def _fetcher() -> StaticFilesOnlyFetcher:
    return StaticFilesOnlyFetcher(fail_on_errors=False)


_per_thread = threading.local()


def _font_config() -> FontConfiguration:
    # Pango's font map is not thread-safe: one per thread, kept warm between renders.
    if not hasattr(_per_thread, "font_config"):
        _per_thread.font_config = FontConfiguration()
    return _per_thread.font_config


@cache
def _stylesheet() -> CSS:
    return CSS(url=STATIC_BASE_URL + REPORT_STYLESHEET, url_fetcher=_fetcher())


def report_html(dashboard: Dashboard) -> str:
    """The report's HTML: the dashboard's figures and charts, without a name or a private word."""
    return render_to_string(
        "dashboard/report_pdf.html",
        {"d": dashboard, "program": dashboard.program, "pictures": pictures_for(dashboard, prefix="report")},
    )


def report_pdf(dashboard: Dashboard) -> bytes:
    document = HTML(string=report_html(dashboard), base_url=STATIC_BASE_URL, url_fetcher=_fetcher())
    return document.write_pdf(stylesheets=[_stylesheet()], font_config=_font_config())


def report_response(dashboard: Dashboard) -> HttpResponse:
    response = HttpResponse(report_pdf(dashboard), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(dashboard.program, "report", "pdf")}"'
    return response
