"""`{% site_nav %}`: the navigation bar's links, on every page, written in Python.

As template tags, the bar's dozen `{% url %}`, its conditions and its `{% with %}` blocks were a large part of a
light page's CPU (each `{% url %}` reverses its name again on every page). Here the links' URLs are worked out
once per process (they take no arguments; kept per script prefix, which is the same for every request of one
deployment) and the bar is written with format_html, so the person's name is escaped as the template escaped it.
The to-do count, the gallery links and the dashboard link come from the context processors, as before.
"""

from __future__ import annotations

from django import template
from django.urls import get_script_prefix
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from mentorship.reversing import url

register = template.Library()

# The links every bar may show, in order: (URL name, text). Their HTML is written once per script prefix.
_LINKS = (
    ("applications:directory", "Programs"),
    ("applications:mine", "My applications"),
    ("pairings:mine", "My pairings"),
    ("matching:requests", "My mentor requests"),
    ("matching:inbox", "Requests from mentees"),
    ("events:mine", "Events"),
    ("dashboard:index", "Dashboard"),
    ("admin:index", "Chair admin"),
    ("account_change_password", "Account"),
    ("account_login", "Log in"),
    ("account_signup", "Sign up"),
)
_ITEM = '<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>'
_built: dict[str, dict[str, str]] = {}


def _pieces() -> dict[str, str]:
    """The bar's fixed HTML, escaped by format_html when first built for this script prefix."""
    prefix = get_script_prefix()
    pieces = _built.get(prefix)
    if pieces is None:
        pieces = {name: str(format_html(_ITEM, url(name), text)) for name, text in _LINKS}
        todo = url("home") + "#todo-heading"
        pieces["todo"] = str(format_html('<li class="nav-item"><a class="nav-link" href="{}">To do', todo))
        pieces["todo current"] = str(
            format_html('<li class="nav-item"><a class="nav-link" href="{}" aria-current="page">To do', todo)
        )
        pieces["log out"] = str(
            format_html('<li class="nav-item"><form method="post" action="{}">', url("account_logout"))
        )
        _built[prefix] = pieces
    return pieces


def _value(context: template.Context, name: str):
    """A context value as a template reads it: a callable (the context processors' lazy values) is called."""
    value = context.get(name)
    return value() if callable(value) else value


def _csrf_field(context: template.Context) -> str:
    """As `{% csrf_token %}` writes it: the context's token (one masked token a page, shared by every form)."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # noqa: S105 -- Django's marker for "no token here"
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


@register.simple_tag(takes_context=True)
def site_nav(context: template.Context) -> SafeString:
    pieces = _pieces()
    request = context.get("request")
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    bar = ['<ul class="navbar-nav me-auto">', pieces["applications:directory"]]
    if signed_in:
        match = getattr(request, "resolver_match", None)
        bar.append(pieces["todo current" if match is not None and match.url_name == "home" else "todo"])
        count = _value(context, "todo_count")
        if count:
            bar.append(
                format_html(
                    ' <span class="badge rounded-pill text-bg-light" data-todo-count>{}'
                    '<span class="visually-hidden"> waiting</span></span>',
                    count,
                )
            )
        bar += ["</a></li>", pieces["applications:mine"], pieces["pairings:mine"]]
        sides = _value(context, "gallery_sides") or ()
        if "mentee" in sides:
            bar.append(pieces["matching:requests"])
        if "mentor" in sides:
            bar.append(pieces["matching:inbox"])
        bar.append(pieces["events:mine"])
    if _value(context, "may_open_dashboard"):
        bar.append(pieces["dashboard:index"])
    if signed_in and user.is_staff:
        bar.append(pieces["admin:index"])
    bar.append('</ul><ul class="navbar-nav">')
    if signed_in:
        bar += [
            '<li class="nav-item d-flex align-items-center"><span class="navbar-text me-2">',
            escape(user.full_name or user.email),
            "</span></li>",
            pieces["account_change_password"],
            pieces["log out"],
            _csrf_field(context),
            '<button type="submit" class="btn btn-link nav-link">Log out</button></form></li>',
        ]
    else:
        bar += [pieces["account_login"], pieces["account_signup"]]
    bar.append("</ul>")
    # Fixed HTML written above or by format_html, and the two values of the request, each escaped.
    return mark_safe("".join(bar))  # noqa: S308
