"""The pairings pages' repeated rows as HTML, and the pair page's links: built here, the templates only print them.

A pair logs check-ins for a year or more, and each row's template lookups, filters and tags cost more than building
its string (as the gallery's cards, matching.gallery). Every value goes through format_html's escaping; a note keeps
its line breaks as the `linebreaksbr` filter gives them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from agreements.models import Agreement
from events.requirement import Attended
from mentorship.dates import DateWords, date_words, month_day_year, month_day_year_time, month_name_day_year
from mentorship.reversing import url_for_each
from pairings.selectors import AgreementGlance, CheckInRow, HistoryRow, PairingLine

CHECKIN_ROW = "<tr><td>{}</td><td>{}</td><td>{} min</td><td>{}</td></tr>"
HISTORY_ITEM = '\n    <li><time datetime="{}">{}</time>: {}{}{}</li>\n  '
ATTENDED_ITEM = "<li>{}: {} ({}) {}</li>"
NOTHING_ATTENDED = format_html("<li>{}</li>", "None logged yet.")
BADGES = {
    "attended": format_html('<span class="badge text-bg-success">{}</span>', "attended"),
    "confirmed": format_html('<span class="badge text-bg-success">{}</span>', "confirmed"),
    "awaiting": format_html('<span class="badge text-bg-secondary">{}</span>', "awaiting the chair"),
}


def checkin_rows(checkins: Iterable[CheckInRow]) -> SafeString:
    """The check-ins table's rows: date, how, length, the private note."""
    words = date_words(get_language())
    return format_html_join(
        "",
        CHECKIN_ROW,
        (
            (month_day_year(c.date, words), c.get_form_display(), c.minutes, linebreaksbr(c.note, autoescape=True))
            for c in checkins
        ),
    )


def history_items(history: Iterable[HistoryRow]) -> SafeString:
    """The history's items, oldest first, each at its time in the current time zone."""
    words = date_words(get_language())
    return format_html_join("", HISTORY_ITEM, (_history_values(event, words) for event in history))


def _history_values(event: HistoryRow, words: DateWords) -> tuple[object, ...]:
    at = timezone.localtime(event.at)
    return (
        at.isoformat(),  # the date filter's "c"
        month_day_year_time(at, words),
        event.get_kind_display(),
        format_html(" by {}", event.actor_name or "") if event.has_actor else "",
        format_html(" ({})", event.note) if event.note else "",
    )


def attended_items(attended: Iterable[Attended]) -> SafeString:
    """The events attended or logged, each with its day written as the page's term and due dates are ("October 31,
    2026") and where it stands; "None logged yet." when there is none."""
    words = date_words(get_language())
    items = format_html_join(
        "",
        ATTENDED_ITEM,
        ((e.kind_label, e.name, month_name_day_year(e.date, words), _badge(e)) for e in attended),
    )
    return items or NOTHING_ATTENDED


def _badge(event: Attended) -> SafeString:
    if event.calendar:
        return BADGES["attended"]
    return BADGES["confirmed"] if event.counted else BADGES["awaiting"]


# The page's links by name, each reversed once per process (mentorship.reversing) and formatted with the pair's id.
_PAIR_LINKS = {
    "agreement": "agreements:agreement",
    "pdf": "agreements:pdf",
    "end": "pairings:end",
    "rematch": "pairings:rematch",
    "ics": "pairings:ics",
    "checkin": "pairings:checkin",
    "event": "pairings:event",
    "feedback": "pairings:feedback",
}


@functools.cache
def _link_formats() -> dict[str, Callable[[int], str]]:
    return {key: url_for_each(name) for key, name in _PAIR_LINKS.items()}


@functools.cache
def _fixed_links() -> dict[str, str]:
    return {"mine": reverse("pairings:mine"), "my_events": reverse("events:mine")}


def pair_links(pairing_id: int) -> dict[str, str]:
    """The pair page's links: to the pair's own pages (agreement, check-in, ending, …) and to My pairings and My
    events."""
    return {key: url(pairing_id) for key, url in _link_formats().items()} | _fixed_links()


# A line of My pairings (pairings.views.PairingLine), as templates/pairings/my_pairings.html printed it.
PAIRING_LINE = """
    <tr>
      <td data-label="Partner"><a href="{}">{} ({})</a></td>
      <td data-label="Program">{}</td>
      <td data-label="Status"><span class="badge text-bg-{}">{}</span></td>
      <td data-label="Term">{} \u2013 {}</td>
      <td data-label="Agreement">{}</td>
    </tr>
  """
GROUP_AGREEMENT = '{} · <a href="{}">{}</a>'


def pairing_lines(lines: Iterable[PairingLine]) -> SafeString:
    """My pairings' rows: the partner (a link to the pair page), the program, the status, the term, the agreement."""
    pair_url, group_url = _line_formats()
    return format_html_join("", PAIRING_LINE, (_line_values(line, pair_url, group_url) for line in lines))


def _line_values(line: PairingLine, pair_url: Callable[[int], str], group_url: Callable[[int], str]) -> tuple:
    if line.group_pk:
        agreement = format_html(
            GROUP_AGREEMENT, agreement_status(line.agreement), group_url(line.group_pk), line.group_name
        )
    elif line.requires_agreement or line.agreement:
        agreement = agreement_status(line.agreement)
    else:
        agreement = "Not needed"
    return (
        pair_url(line.pk),
        line.partner_name,
        line.partner_role,
        line.program_name,
        "success" if line.status == "active" else "secondary",
        line.get_status_display(),
        month_day_year(line.started_on),
        month_day_year(line.ends_on),
        agreement,
    )


def agreement_status(agreement: Agreement | AgreementGlance | None) -> str:
    """An agreement's state in a few words, as templates/agreements/_agreement_status.html says it."""
    if not agreement:
        return "Not started"
    if agreement.is_executed:
        return "Signed by everyone" if agreement.group_id else "Signed by both"
    return f"Being agreed (version {agreement.version})"


@functools.cache
def _line_formats() -> tuple[Callable[[int], str], Callable[[int], str]]:
    return url_for_each("pairings:pairing"), url_for_each("pairings:group")
