"""The dashboard's repeated markup, filled in Python: the action items, the tables of statuses, days, areas, mentors
with room and active pairs.

The template engine spent more on these rows (a thousand variable lookups, `{% url %}` per mentor, `{% csrf_token %}`
and a `{% if %}` ladder per action item) than the selectors on the figures. The markup is the template's own, and
every text goes through `html.escape`, the escaping the template applied (django.utils.html.escape is that function
with SafeString around it); counts are ints, written as the template wrote them with localisation off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from dashboard.figures import ActionGroup, ActionItem, AreaRow, Dashboard, DayRow, MentorRoom, PairRow, StatusRow
from mentorship.dates import date_words, weekday_month_day
from mentorship.reversing import url_for_each


def _safe(parts: Iterable[str]) -> SafeString:
    # Every text in `parts` went through `escape` where it was written; the rest is this module's markup.
    return mark_safe("".join(parts))  # noqa: S308


def _plural(n: int) -> str:
    """As the template's `|pluralize`."""
    return "" if n == 1 else "s"


ACTION_GROUP = """
    <h3 class="h5 mt-3" id="act-{key}">{title} <span class="badge text-bg-secondary">{total}</span></h3>
    <ul class="list-group mb-2 dash-actions" aria-labelledby="act-{key}">{items}
    </ul>
    {more}"""
ACTION_ITEM = """
      <li class="list-group-item d-flex flex-wrap align-items-center gap-2">
        <div class="flex-grow-1 dash-item">
          <strong>{title}</strong>
          <span class="text-nowrap text-body-secondary">· waiting {age} day{s}</span>
          <div class="small">{detail}</div>
        </div>
        {button}
      </li>"""
ADMIN_ACTION = """<form method="post" action="{url}">{csrf}
            <input type="hidden" name="action" value="{action}">
            <input type="hidden" name="index" value="0">
            <input type="hidden" name="_selected_action" value="{object_id}">
            <button type="submit" class="btn btn-sm btn-primary" aria-label="{button}: {title}">{button}</button>
          </form>"""
POST = """<form method="post" action="{url}">{csrf}
            <button type="submit" class="btn btn-sm btn-primary" aria-label="{button}: {title}">{button}</button>
          </form>"""
LINK = '<a class="btn btn-sm btn-primary" href="{url}" aria-label="{button}: {title}">{button}</a>'
CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'


def action_groups(groups: Iterable[ActionGroup], *, csrf_token: str, may_resend: bool) -> SafeString:
    """The groups with something waiting, each item with its button: a form POSTing the admin action (or the service,
    e.g. Send again, only for those with `may_resend`), else a link."""
    csrf = CSRF.format(escape(csrf_token))
    return _safe(
        ACTION_GROUP.format(
            key=escape(group.key),
            title=escape(group.title),
            total=group.total,
            items="".join(_action_item(item, csrf, may_resend) for item in group.items),
            more=_more(group),
        )
        for group in groups
        if group.total
    )


def _action_item(item: ActionItem, csrf: str, may_resend: bool) -> str:
    values = {"url": escape(item.url), "button": escape(item.button), "title": escape(item.title), "csrf": csrf}
    if item.admin_action:
        button = ADMIN_ACTION.format(action=escape(item.admin_action), object_id=escape(str(item.object_id)), **values)
    elif item.post:
        button = POST.format(**values) if may_resend else ""
    else:
        button = LINK.format(**values)
    return ACTION_ITEM.format(
        title=values["title"], age=item.age_days, s=_plural(item.age_days), detail=escape(item.detail), button=button
    )


def _more(group: ActionGroup) -> str:
    if not group.hidden:
        return ""
    link = f': <a href="{escape(group.more_url)}">see them all in the admin</a>' if group.more_url else ""
    return f'<p class="small">And {group.hidden} more{link}.</p>'


def status_rows(statuses: Iterable[StatusRow]) -> SafeString:
    return _safe(
        f'\n            <tr data-status="{escape(row.status)}"><th scope="row">{escape(str(row.label))}</th>'
        f'<td class="text-end">{row.mentors}</td><td class="text-end">{row.mentees}</td>'
        f'<td class="text-end">{row.total}</td></tr>'
        for row in statuses
    )


def day_rows(days: list[DayRow]) -> SafeString:
    """The days with a submission, and the last day (its running total is the whole)."""
    last, words = len(days) - 1, date_words(get_language())
    return _safe(
        f'\n              <tr><th scope="row">{weekday_month_day(row.day, words)}</th>'
        f'<td class="text-end">{row.mentors}</td><td class="text-end">{row.mentees}</td>'
        f'<td class="text-end">{row.total_mentors + row.total_mentees}</td></tr>'
        for i, row in enumerate(days)
        if row.mentors or row.mentees or i == last
    )


def _slashes_break(text: str) -> str:
    """Escaped `text` that may wrap after each "/": "Information Technology/Services/Systems" is one word to the
    browser, wider than a phone leaves the expertise table's first column."""
    return escape(text).replace("/", "/<wbr>")


def area_rows(areas: Iterable[AreaRow]) -> SafeString:
    return _safe(
        f'\n            <tr data-area="{escape(row.value)}"><th scope="row">{_slashes_break(str(row.label))}</th>'
        f'<td class="text-end">{row.mentors}</td><td class="text-end">{row.mentees}</td>'
        f'<td class="text-end">{f"<strong>{row.shortfall}</strong>" if row.shortfall else "—"}</td></tr>'
        for row in areas
    )


def mentor_rows(mentors: Iterable[MentorRoom]) -> SafeString:
    change = url_for_each("admin:applications_application_change")
    return _safe(
        f'\n              <tr><td><a href="{escape(change(mentor.application_id))}">{escape(mentor.name)}</a></td>'
        f'<td class="text-end">{mentor.capacity}</td><td class="text-end">{mentor.active}</td>'
        f'<td class="text-end">{mentor.room}</td></tr>'
        for mentor in mentors
    )


def pair_rows(pairs: Iterable[PairRow]) -> SafeString:
    """Every active pair's check-ins: frequency, agreement, count, last, next due and adherence."""
    return _safe(
        f"\n          <tr><td>{escape(p.mentor)} and {escape(p.mentee)}</td><td>{escape(str(p.frequency_label))}</td>"
        f'<td>{escape(p.agreement_label)}</td><td class="text-end">{p.checkins}</td>'
        f"<td>{escape(p.last_checkin_label)}</td><td>{escape(p.next_due_label)}</td>"
        f"<td>{escape(p.adherence_label)}</td></tr>"
        for p in pairs
    )


@dataclass(frozen=True)
class Rows:
    """The program page's repeated markup, each piece ready for the template."""

    actions: SafeString
    statuses: SafeString
    days: SafeString
    areas: SafeString
    mentors: SafeString
    pairs: SafeString


def page_rows(dashboard: Dashboard, *, csrf_token: str, may_resend: bool) -> Rows:
    """The repeated rows of dashboard/program.html."""
    return Rows(
        actions=action_groups(dashboard.actions, csrf_token=csrf_token, may_resend=may_resend),
        statuses=status_rows(dashboard.intake.statuses),
        days=day_rows(dashboard.intake.days),
        areas=area_rows(dashboard.intake.areas),
        mentors=mentor_rows(dashboard.matching.mentors_with_room.shown),
        pairs=pair_rows(dashboard.relationships.pairs),
    )
