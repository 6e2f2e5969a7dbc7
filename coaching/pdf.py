"""A person's speed coaching schedule as a PDF, printed with WeasyPrint from an autoescaped template through the
agreements' fetcher: only the project's static files, so no name anyone typed can make the renderer reach out."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML

from agreements.pdf import STATIC_BASE_URL, StaticFilesOnlyFetcher
from coaching.models import Session
from coaching.selectors import Row


def render_schedule_pdf(session: Session, *, name: str, role: str, rows: list[Row]) -> bytes:
    html = render_to_string(
        "coaching/schedule_pdf.html", {"session": session, "name": name, "role": role, "rows": rows}
    )
    fetcher = StaticFilesOnlyFetcher(fail_on_errors=False)
    return HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=fetcher).write_pdf()
