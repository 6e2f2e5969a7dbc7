"""A mentor's inbox of gallery requests, read a page at a time with only the columns it shows.

Each request's text is prepared here, so the template only prints it: twenty rows a page, and each template
lookup through four related objects, `{% url %}` and `{% csrf_token %}` per row cost more than the row's data.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.utils import formats, timezone

from accounts.models import User
from applications.models import Program
from applications.vocabulary import expertise_labels
from matching.models import GalleryRequest
from mentorship.reversing import url_for_each

INBOX_PAGE_SIZE = 20
_STATUS_LABELS = dict(GalleryRequest.Status.choices)
_COLUMNS = (
    "pk",
    "status",
    "message",
    "response",
    "expires_at",
    "pairing_id",
    "program__name",
    "program__kind",
    "mentee_application__goals",
    "mentee_application__expertise",
    "mentee_application__expertise_other",
    "mentee_application__applicant__full_name",
    "mentee_application__applicant__profile__title",
    "mentee_application__applicant__profile__organization",
)


@dataclass(frozen=True)
class InboxRow:
    pk: int
    status: str
    status_label: str
    mentee: str  # the mentee's full name
    position: str  # "title, organization"
    program: str
    answer_by: str  # when the answer is due, while the request is open; else ""
    message: str
    response: str
    goals: str
    wants: str  # the areas the mentee wants help in
    mentee_word: str  # "mentee", or "member" on a senior-advisor roster
    answer_url: str
    pairing_url: str  # once accepted


@functools.cache
def _mentee_word(kind: str) -> str:
    return Program(kind=kind).mentee_word


def inbox_page(user: User, page: int | str | None) -> Page:
    """The mentor's requests, newest first, one page of `InboxRow`s."""
    rows = (
        GalleryRequest.objects.filter(mentor_application__applicant=user)
        .order_by("-created_at", "-pk")
        .values_list(*_COLUMNS)
    )
    shown = Paginator(rows, INBOX_PAGE_SIZE).get_page(page)
    answer_url, pairing_url = url_for_each("matching:answer"), url_for_each("pairings:pairing")
    shown.object_list = [_row(dict(zip(_COLUMNS, values, strict=True)), answer_url, pairing_url) for values in shown]
    return shown


def _row(row: dict, answer_url, pairing_url) -> InboxRow:
    is_open = row["status"] in GalleryRequest.OPEN
    due = formats.date_format(timezone.localtime(row["expires_at"]), "M j, Y, g:i A") if is_open else ""
    return InboxRow(
        pk=row["pk"],
        status=row["status"],
        status_label=_STATUS_LABELS.get(row["status"], row["status"]),
        mentee=row["mentee_application__applicant__full_name"],
        position=f"{row['mentee_application__applicant__profile__title'] or ''}, "
        f"{row['mentee_application__applicant__profile__organization'] or ''}",
        program=row["program__name"],
        answer_by=due,
        message=row["message"],
        response=row["response"],
        goals=row["mentee_application__goals"],
        wants=", ".join(
            expertise_labels(row["mentee_application__expertise"] or [], row["mentee_application__expertise_other"])
        ),
        mentee_word=_mentee_word(row["program__kind"]),
        answer_url=answer_url(row["pk"]),
        pairing_url=pairing_url(row["pairing_id"]) if row["pairing_id"] else "",
    )
