"""A mentor's inbox of gallery requests, read a page at a time with only the columns it shows, written in Python.

Twenty rows a page, each with a form: the template engine (a lookup through four related objects, `{% url %}` and
`{% csrf_token %}` per row) cost more than the rows' data, and so did escaping each text in its own call of
format_html. So each request's text is prepared here from the query's plain columns (`InboxRow`), and `rows_html`
writes the page's rows: every text of every row escaped in one call of `html.escape`, each row one fill of the
markup of its kind (pending, asked, paired, closed), put together once per process.
"""

from __future__ import annotations

import functools
import html
import operator
from collections.abc import Callable
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Func, IntegerField, QuerySet, Subquery
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accounts.models import User
from applications.models import Program
from applications.vocabulary import expertise_labels
from matching.forms import AnswerForm
from matching.models import GalleryRequest
from mentorship.dates import date_words, month_day_year_time
from mentorship.prepared import PreparedQuery
from mentorship.reversing import url_for_each

INBOX_PAGE_SIZE = 20
_STATUS_LABELS = dict(GalleryRequest.Status.choices)
_COLUMNS = (  # in the order _rows unpacks them
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


class InboxRow(NamedTuple):
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
    """One page of the person's requests, each row with the count of them all (one query, not a count and a page).

    The page's ids are picked first, and only those twenty rows joined to their program, mentee and profile: a count
    over the joined rows (a window) joined every request the mentor ever had, the more the older the inbox."""
    mine = GalleryRequest.objects.filter(mentor_application__applicant_id=person)
    page = mine.order_by("-created_at", "-pk").values("pk")[offset : offset + INBOX_PAGE_SIZE]
    total = mine.order_by().annotate(n=Func("pk", function="COUNT", output_field=IntegerField())).values("n")
    return (
        GalleryRequest.objects.filter(pk__in=page)
        .annotate(total=Subquery(total))
        .order_by("-created_at", "-pk")
        .values_list(*_COLUMNS, "total")
    )


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
    return Page(_rows(rows), number, paginator)


@functools.lru_cache(maxsize=8)
def _row_links(script_prefix: str) -> tuple[Callable[[int], str], Callable[[int], str]]:
    """A row's answer and pairing URLs for any id, reversed once."""
    return url_for_each("matching:answer"), url_for_each("pairings:pairing")


def _rows(found: list[tuple]) -> list[InboxRow]:
    """The rows' text; what is the same for every row (time zone, links, words) looked up once a page."""
    zone, words = timezone.get_current_timezone(), date_words(get_language())
    answer_url, pairing_url = _row_links(get_script_prefix())
    rows = []
    for (
        pk,
        status,
        message,
        response,
        expires_at,
        pairing_id,
        program,
        kind,
        goals,
        expertise,
        other,
        mentee,
        title,
        organization,
        _total,
    ) in found:
        rows.append(
            InboxRow(
                pk=pk,
                status=status,
                status_label=_STATUS_LABELS.get(status, status),
                mentee=mentee,
                position=f"{title or ''}, {organization or ''}",
                program=program,
                answer_by=month_day_year_time(expires_at.astimezone(zone), words)
                if status in GalleryRequest.OPEN
                else "",
                message=message,
                response=response,
                goals=goals,
                wants=", ".join(expertise_labels(expertise or [], other)),
                mentee_word=_mentee_word(kind),
                answer_url=answer_url(pk),
                pairing_url=pairing_url(pairing_id) if pairing_id else "",
            )
        )
    return rows


# A request's markup, filled in Python (as the gallery's cards, matching.gallery.CARD_HTML); a row is one fill of its
# kind's template, put together once below, with its texts escaped (rows_html).
ROW_HTML = """<article class="card mb-3"><div class="card-body">
    <h2 class="h5">{mentee} <span class="badge text-bg-secondary">{status_label}</span></h2>
    <p class="small text-body-secondary">{position} · {program}{answer_by}</p>
    <p>{message}</p>
    <p class="small"><strong>Goals:</strong> {goals} · <strong>Wants help with:</strong> {wants}</p>
    {answer}
  </div></article>
"""
ANSWER_BY = " · please answer by {answer_by}"
ANSWER_FORM = """<form method="post" action="{answer_url}">{csrf_input}
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


# The texts of a row that rows_html escapes, in one call for the page: all but the id (a number) and the CSRF field.
_TEXTS = (
    "mentee",
    "status_label",
    "position",
    "program",
    "answer_by",
    "message",
    "goals",
    "wants",
    "answer_url",
    "mentee_word",
    "response",
    "pairing_url",
)
_texts_of = operator.attrgetter(*_TEXTS)
_JOIN = "\x00"  # PostgreSQL refuses NUL in text, so no stored text holds it


def rows_html(rows: list[InboxRow], *, csrf_input: str) -> SafeString:
    """The page's requests, each with the page's one CSRF field in its form.

    Escaping works character by character (& < > " ' each replaced wherever it stands), so escaping all the texts
    joined by a character none holds, then splitting there, gives each text as escaping it alone would (as
    format_html does, through django.utils.html.escape, which is html.escape); a text holding a NUL all the same (a
    value made in Python) has them escaped one by one. The message keeps its line breaks, as `linebreaksbr` does.
    """
    texts = [text for row in rows for text in _texts_of(row)]
    escaped = html.escape(_JOIN.join(texts)).split(_JOIN)
    if len(escaped) != len(texts):
        escaped = [html.escape(text) for text in texts]
    csrf = conditional_escape(csrf_input)
    width = len(_TEXTS)
    written = []
    for start, row in zip(range(0, len(escaped), width), rows, strict=True):
        values = dict(zip(_TEXTS, escaped[start : start + width], strict=True))
        values["message"] = _line_breaks(values["message"])
        template = _row_template(bool(row.answer_by), row.status, bool(row.pairing_url))
        written.append(template.format(pk=row.pk, csrf_input=csrf, **values))
    return mark_safe("".join(written))  # noqa: S308 -- every text escaped above, the CSRF field safe or escaped


def _line_breaks(escaped: str) -> str:
    """`linebreaksbr` of an escaped text: each line ending (\\r\\n, \\r or \\n) a <br>."""
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
