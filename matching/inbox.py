"""A mentor's inbox of gallery requests, read a page at a time with only the columns it shows.

Each request's text is prepared here, so the template only prints it: twenty rows a page, and each template
lookup through four related objects, `{% url %}` and `{% csrf_token %}` per row cost more than the row's data.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.template.defaultfilters import linebreaksbr
from django.urls import get_script_prefix
from django.utils import formats, timezone
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString

from accounts.models import User
from applications.models import Program
from applications.vocabulary import expertise_labels
from matching.forms import AnswerForm
from matching.markup import fill_html
from matching.models import GalleryRequest
from mentorship.prepared import PreparedQuery
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


def _page_query(offset: int, person: int) -> QuerySet:
    """One page of the person's requests, each row with the count of them all (one query, not a count and a page)."""
    rows = (
        GalleryRequest.objects.filter(mentor_application__applicant_id=person)
        .annotate(total=Window(Count("pk")))
        .order_by("-created_at", "-pk")
        .values_list(*_COLUMNS, "total")
    )
    return rows[offset : offset + INBOX_PAGE_SIZE]


PERSON = -7_919_401  # a stand-in for mentorship.prepared: no person has a negative id


@functools.lru_cache(maxsize=64)
def _page(offset: int) -> PreparedQuery:
    """The page at `offset`, prepared once (an offset is written into the SQL, not passed as a parameter)."""
    return PreparedQuery(f"inbox_page_{offset}", functools.partial(_page_query, offset), person=PERSON)


def _number(page: int | str | None) -> int:
    try:
        return max(1, int(page or 1))
    except (TypeError, ValueError):
        return 1


def inbox_page(user: User, page: int | str | None) -> Page:
    """The mentor's requests, newest first, one page of `InboxRow`s; as `Paginator.get_page`, a page past the end
    shows the last one and a page that is no number the first."""
    number = _number(page)
    rows = _page((number - 1) * INBOX_PAGE_SIZE).rows(person=user.pk)
    if not rows and number > 1:  # past the end: the count, then the last page
        first = _page(0).rows(person=user.pk)
        number = max(1, -(-(first[0][-1] if first else 0) // INBOX_PAGE_SIZE))
        rows = _page((number - 1) * INBOX_PAGE_SIZE).rows(person=user.pk) if number > 1 else first
    paginator = Paginator([], INBOX_PAGE_SIZE)
    paginator.count = rows[0][-1] if rows else 0  # read off the rows: no count query
    answer_url, pairing_url = _row_links(get_script_prefix())
    shown = [_row(dict(zip(_COLUMNS, values[:-1], strict=True)), answer_url, pairing_url) for values in rows]
    return Page(shown, number, paginator)


@functools.lru_cache(maxsize=8)
def _row_links(script_prefix: str) -> tuple[Callable[[int], str], Callable[[int], str]]:
    """A row's answer and pairing URLs for any id, reversed once."""
    return url_for_each("matching:answer"), url_for_each("pairings:pairing")


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


# A request's markup, filled in Python (as the gallery's cards, matching.gallery.CARD_HTML): twenty rows a page, each
# with a form, cost the template engine more than the rest of the page. Every value is escaped as format_html
# escapes it (matching.markup.fill_html); a row is one fill of its kind's template, put together once below.
ROW_HTML = """<article class="card mb-3"><div class="card-body">
    <h2 class="h5">{mentee} <span class="badge text-bg-secondary">{status_label}</span></h2>
    <p class="small text-body-secondary">{position} · {program}{answer_by}</p>
    <p>{message}</p>
    <p class="small"><strong>Goals:</strong> {goals} · <strong>Wants help with:</strong> {wants}</p>
    {answer}
  </div></article>
"""
ANSWER_BY = " · please answer by {answer_by}"
ANSWER_FORM = """<form method="post" action="{url}">{csrf_input}
        <fieldset class="mb-2"><legend class="h6">Your answer</legend>{radios}
        </fieldset>
        <label class="form-label" for="message-{pk}">Message to the {mentee_word} (required to ask a question)</label>
        <textarea class="form-control mb-2" id="message-{pk}" name="message" rows="2"></textarea>
        <button type="submit" class="btn btn-primary btn-sm">Send answer</button>
      </form>"""
RADIO = (
    """
          <div class="form-check form-check-inline"><input class="form-check-input" type="radio" name="action"
            value="{value}" id="{value}-{{pk}}"{required}>"""
    '<label class="form-check-label" for="{value}-{{pk}}">{label}</label></div>'
)
ACTIONS = list(enumerate(AnswerForm.ACTIONS))
# The three radios, the same on every row but for the row's id ({pk}, left for the row's fill).
RADIOS = "".join(
    RADIO.format(value=escape(value), required=" required" if i == 0 else "", label=escape(label))
    for i, (value, label) in ACTIONS
)
ASKED = "<p>You asked: {response} Waiting for the mentee's answer.</p>"
PAIRING_LINK = '<a class="btn btn-success btn-sm" href="{pairing_url}">Go to the pairing</a>'
_ANSWERS = {
    GalleryRequest.Status.PENDING: ANSWER_FORM.replace("{radios}", RADIOS),
    GalleryRequest.Status.INFO_REQUESTED: ASKED,
}


@functools.cache
def _row_template(answer_by: bool, status: str, paired: bool) -> str:
    """The markup of a kind of row: with the date to answer by or not, its status's answer, its pairing's link."""
    answer = _ANSWERS.get(status, PAIRING_LINK if paired else "")
    return ROW_HTML.replace("{answer_by}", ANSWER_BY if answer_by else "").replace("{answer}", answer)


def rows_html(rows: list[InboxRow], *, csrf_input: str) -> SafeString:
    """The page's requests, each with the page's one CSRF field in its form."""
    return format_html_join("", "{}", ((_row_html(row, csrf_input),) for row in rows))


def _row_html(row: InboxRow, csrf_input: str) -> SafeString:
    return fill_html(
        _row_template(bool(row.answer_by), row.status, bool(row.pairing_url)),
        mentee=row.mentee,
        status_label=row.status_label,
        position=row.position,
        program=row.program,
        answer_by=row.answer_by,
        message=linebreaksbr(row.message, autoescape=True),
        goals=row.goals,
        wants=row.wants,
        url=row.answer_url,
        csrf_input=csrf_input,
        pk=row.pk,
        mentee_word=row.mentee_word,
        response=row.response,
        pairing_url=row.pairing_url,
    )
