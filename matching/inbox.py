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
from django.db.models import Func, IntegerField, Q, QuerySet, Subquery
from django.urls import get_script_prefix
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accounts.models import User
from applications.models import Program
from applications.vocabulary import expertise_labels
from matching.forms import AnswerForm
from matching.markup import fill_html
from matching.models import GalleryRequest
from mentorship.dates import date_words, month_day_year_time_in
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
    "program__time_zone",
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
    answer_by: str  # when the answer is due, in the program's time zone and labelled, while it is open; else ""
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
    """The rows' text; what is the same for every row (links, words) looked up once a page. A row's due time is
    the program's (its time zone, named), as its reminder email writes it, whoever reads it."""
    words = date_words(get_language())
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
        zone,
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
                answer_by=month_day_year_time_in(expires_at, zone, words) if status in GalleryRequest.OPEN else "",
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
# The answer's form. Its slots for an answer refused ({fieldset_attrs} to {message_error}: see _kept_row) are empty
# on every other row.
ANSWER_FORM = """<form method="post" action="{answer_url}">{csrf_input}
        <fieldset class="mb-2"{fieldset_attrs}><legend class="h6">Your answer</legend>{radios}{action_error}
        </fieldset>
        <label class="form-label" for="message-{pk}">Message to the {mentee_word} (required to ask a question)</label>
        <textarea class="form-control mb-2{invalid}" id="message-{pk}" name="message" rows="2"{message_attrs}>\
{typed}</textarea>{message_error}
        <button type="submit" class="btn btn-primary btn-sm">Send answer</button>
      </form>"""
_KEPT_SLOTS = ("fieldset_attrs", "action_error", "invalid", "message_attrs", "typed", "message_error")
RADIO = (
    """
          <div class="form-check form-check-inline"><input class="form-check-input" type="radio" name="action"
            value="{value}" id="{value}-{{pk}}"{required}{checked}>"""
    '<label class="form-check-label" for="{value}-{{pk}}">{label}</label></div>'
)
ACTIONS = list(enumerate(AnswerForm.ACTIONS))


def _radios(chosen: str = "") -> str:
    """The three radios, the same on every row but for the row's id ({pk}, left for the row's fill) and the
    answer chosen, when an answer refused is shown again."""
    return "".join(
        RADIO.format(
            value=escape(value),
            required=" required" if i == 0 else "",
            checked=" checked" if value == chosen else "",
            label=escape(label),
        )
        for i, (value, label) in ACTIONS
    )


def _empty_slots(markup: str) -> str:
    for slot in _KEPT_SLOTS:
        markup = markup.replace(f"{{{slot}}}", "")
    return markup


RADIOS = _radios()
ASKED = "<p>You asked: {response} Waiting for the mentee's answer.</p>"
PAIRING_LINK = '<a class="btn btn-success btn-sm" href="{pairing_url}">Go to the pairing</a>'
_ANSWERS = {
    GalleryRequest.Status.PENDING: _empty_slots(ANSWER_FORM.replace("{radios}", RADIOS)),
    GalleryRequest.Status.INFO_REQUESTED: ASKED,
}
# A field's errors under it, as the product's other forms show them (Bootstrap's invalid-feedback), shown whatever
# stands before it; the field points at it with aria-describedby.
FIELD_ERROR = '\n        <div class="invalid-feedback d-block" id="{field}-{pk}-error">{error}</div>'


def _row_markup(answer_by: bool, answer: str) -> str:
    return ROW_HTML.replace("{answer_by}", ANSWER_BY if answer_by else "").replace("{answer}", answer)


@functools.cache
def _row_template(answer_by: bool, status: str, paired: bool) -> str:
    """The markup of a kind of row: with the date to answer by or not, its status's answer, its pairing's link."""
    return _row_markup(answer_by, _ANSWERS.get(status, PAIRING_LINK if paired else ""))


class KeptAnswer(NamedTuple):
    """An answer the form refused, shown again on its request: what was chosen and typed, and the errors."""

    pk: int  # the request's
    action: str
    message: str
    errors: dict[str, list[str]]  # by field, "action" or "message" (the form's own errors with the message's)


def kept_answer(pk: int, form: AnswerForm) -> KeptAnswer:
    errors = {field: list(form.errors.get(field, [])) for field in ("action", "message")}
    errors["message"] += form.non_field_errors()
    return KeptAnswer(pk, str(form.data.get("action", "")), str(form.data.get("message", "")), errors)


def page_of(user: User, gallery_request: GalleryRequest) -> int:
    """The number of the inbox page that lists `gallery_request` (inbox_page's order: newest first)."""
    newer = GalleryRequest.objects.filter(mentor_application__applicant_id=user.pk).filter(
        Q(created_at__gt=gallery_request.created_at)
        | Q(created_at=gallery_request.created_at, pk__gt=gallery_request.pk)
    )
    return newer.count() // INBOX_PAGE_SIZE + 1


def _kept_row(row: InboxRow, kept: KeptAnswer) -> tuple[str, dict[str, str]]:
    """A pending row's markup with the answer refused shown again, and the values of its slots: the answer chosen
    checked, the words typed in the box, each field's errors under it, the box focused when it is in error (the
    page opens on it) and the request's card edged in red, so that among twenty it is clear which one it was."""
    action_error, message_error = (" ".join(kept.errors.get(field, [])) for field in ("action", "message"))
    form = (
        ANSWER_FORM.replace("{radios}", _radios(kept.action))
        .replace("{fieldset_attrs}", ' aria-describedby="action-{pk}-error"' if action_error else "")
        .replace("{invalid}", " is-invalid" if message_error else "")
        .replace(
            "{message_attrs}",
            ' aria-invalid="true" aria-describedby="message-{pk}-error" autofocus' if message_error else "",
        )
    )
    markup = _row_markup(bool(row.answer_by), form).replace(
        '<article class="card mb-3">', '<article class="card mb-3 border-danger">', 1
    )
    typed = escape(kept.message)
    slots = {
        # A textarea's first line break is dropped by the HTML parser: one more keeps what was typed.
        "typed": f"\n{typed}" if typed.startswith(("\n", "\r")) else typed,
        "action_error": fill_html(FIELD_ERROR, field="action", pk=row.pk, error=action_error) if action_error else "",
        "message_error": fill_html(FIELD_ERROR, field="message", pk=row.pk, error=message_error)
        if message_error
        else "",
    }
    return markup, slots


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


def rows_html(rows: list[InboxRow], *, csrf_input: str, kept: KeptAnswer | None = None) -> SafeString:
    """The page's requests, each with the page's one CSRF field in its form, and the answer `kept` (refused by the
    form) shown again on its request, if it is there and still waiting for an answer.

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
        if kept is not None and kept.pk == row.pk and row.status == GalleryRequest.Status.PENDING:
            template, slots = _kept_row(row, kept)
        else:
            template, slots = _row_template(bool(row.answer_by), row.status, bool(row.pairing_url)), {}
        written.append(template.format(pk=row.pk, csrf_input=csrf, **values, **slots))
    return mark_safe("".join(written))  # noqa: S308 -- every text escaped above, the CSRF field safe or escaped


def _line_breaks(escaped: str) -> str:
    """`linebreaksbr` of an escaped text: each line ending (\\r\\n, \\r or \\n) a <br>."""
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
