"""CSV files the product writes, safe to open in a spreadsheet.

A cell that starts with = + - @, a tab or a carriage return is read as a formula by Excel, LibreOffice and Google
Sheets (`=HYPERLINK(...)` typed as an organisation would run on the chair's machine). Every such cell gets a leading
apostrophe, which spreadsheets show as text and hide. Every CSV the product writes goes through `csv_response`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([defuse(cell) for cell in header])
    for row in rows:
        writer.writerow([defuse(cell) for cell in row])
    return response
