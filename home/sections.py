"""The home's repeated markup, filled in Python: the to-dos, the pairings' cards, what happens next and the open
programs' cards.

The template engine spent more on these rows (a variable lookup, a filter, an `{% if %}` at a time) than the rest
of the page; the markup is the template's own, and every value goes through format_html, which escapes it as the
template did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from applications.models import Program
from home.selectors import PairingGlance, Todo, Waiting
from mentorship.dates import month_day_year, month_name_day_year
from mentorship.reversing import url

TODO = """
    <li class="list-group-item d-flex flex-wrap align-items-center gap-2" data-kind="{kind}">
      <span class="flex-grow-1"><strong>{text}</strong> <span class="text-body-secondary">· {program}</span>
        {due}</span>
      <a class="btn btn-sm btn-primary" href="{url}">{action}<span class="visually-hidden">: {text} ({program})</span></a>
    </li>"""  # noqa: E501 -- the template's lines, as they were
DUE = '<br><span class="small">Due by <time datetime="{}">{}</time></span>'
OVERDUE = '<br><span class="small text-danger fw-semibold">Overdue since <time datetime="{}">{}</time></span>'
NO_DEADLINE = '<br><span class="small text-body-secondary">{}</span>'

PAIRING = """
    <div class="col-md-6">
      <article class="card h-100"><div class="card-body">
        <h3 class="h5 card-title"><a href="{url}">{partner}</a> <span class="text-body-secondary fs-6">your {role}</span></h3>
        <p class="mb-1">{program}</p>
        <p class="mb-1 small">Term: {started} \u2013 {ends}</p>
        <p class="mb-0">Next step: <a href="{next_url}">{next_step}</a></p>
      </div></article>
    </div>"""  # noqa: E501

WAITING = """
    <p><strong>Your {role} application to {program} is submitted.</strong> {next}
      <a href="{url}">Your application</a></p>"""

# A program's card: under "Programs taking applications" (h3) on a person's home, the page's own list (h2) for a
# visitor. Its last line is applications/_window.html's, as the directory and the form say it.
PROGRAM = """
    <div class="col-md-6">
      <article class="card h-100"><div class="card-body">
        <{h} class="{size} card-title"><a href="{url}">{name}</a></{h}>
        {host}
        <p class="mb-0">{window}</p>
      </div></article>
    </div>"""
HOST = '<p class="text-body-secondary mb-1">{}</p>'
DEADLINE = "Applications due by 11:59 PM on {} ({})."
ALWAYS_OPEN = "Always open: applications are taken all year and reviewed as they come."


def _due(todo: Todo, today: dt.date) -> SafeString:
    if todo.due is None:
        return format_html(NO_DEADLINE, "No deadline")
    return format_html(OVERDUE if todo.due < today else DUE, todo.due.isoformat(), month_name_day_year(todo.due))


def todo_items(todos: Iterable[Todo], today: dt.date) -> SafeString:
    return format_html_join(
        "",
        TODO,
        (
            {
                "kind": todo.kind,
                "text": todo.text,
                "program": todo.program,
                "due": _due(todo, today),
                "url": todo.url,
                "action": todo.action,
            }
            for todo in todos
        ),
    )


def pairing_cards(glances: Iterable[PairingGlance]) -> SafeString:
    return format_html_join(
        "",
        PAIRING,
        (
            {
                "url": glance.pairing.url,
                "partner": glance.pairing.partner_name,
                "role": glance.pairing.partner_role,
                "program": glance.pairing.program.name,
                "started": month_day_year(glance.pairing.started_on),
                "ends": month_day_year(glance.pairing.ends_on),
                "next_url": glance.next_url,
                "next_step": glance.next_step,
            }
            for glance in glances
        ),
    )


def waiting_paragraphs(waiting: Iterable[Waiting]) -> SafeString:
    return format_html_join(
        "",
        WAITING,
        (
            {
                "role": item.application.get_role_display().lower(),
                "program": item.application.program.name,
                "next": item.next,
                "url": url("applications:detail", item.application.pk),
            }
            for item in waiting
        ),
    )


def window(program: Program) -> SafeString | str:
    """applications/_window.html's sentence: until when the program takes applications."""
    if program.deadline:
        return format_html(DEADLINE, month_name_day_year(program.deadline), program.time_zone)
    return ALWAYS_OPEN


def program_cards(programs: Iterable[Program], *, signed_in: bool) -> SafeString:
    h, size = ("h3", "h5") if signed_in else ("h2", "h4")
    return format_html_join(
        "",
        PROGRAM,
        (
            {
                "h": h,
                "size": size,
                "url": url("applications:program", program.slug),
                "name": program.name,
                "host": format_html(HOST, program.host.name) if program.host.name else "",
                "window": window(program),
            }
            for program in programs
        ),
    )
