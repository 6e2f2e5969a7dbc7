"""`{% site_nav %}`: the navigation bar's links, on every page, written in Python.

As template tags, the bar's dozen `{% url %}`, its conditions and its `{% with %}` blocks were a large part of a
light page's CPU (each `{% url %}` reverses its name again on every page). Here the links' URLs are worked out
once per process (they take no arguments; kept per script prefix, which is the same for every request of one
deployment) and the bar is written with format_html, so the person's name is escaped as the template escaped it.
The to-do count, the gallery links and the dashboard link come from the context processors, as before.
"""

from __future__ import annotations

from django import template
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

_urls: dict[tuple[str, str], str] = {}


def _url(name: str) -> str:
    """`reverse(name)` for a URL that takes no arguments, once per script prefix."""
    key = (get_script_prefix(), name)
    url = _urls.get(key)
    if url is None:
        url = _urls[key] = reverse(name)
    return url


def _item(href: str, text: str | SafeString, current: bool = False) -> SafeString:
    if current:
        return format_html(
            '<li class="nav-item"><a class="nav-link" href="{}" aria-current="page">{}</a></li>', href, text
        )
    return format_html('<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>', href, text)


def _value(context: template.Context, name: str):
    """A context value as a template reads it: a callable (the context processors' lazy values) is called."""
    value = context.get(name)
    return value() if callable(value) else value


@register.simple_tag(takes_context=True)
def site_nav(context: template.Context) -> SafeString:
    request = context.get("request")
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    main = [_item(_url("applications:directory"), "Programs")]
    if signed_in:
        count = _value(context, "todo_count")
        badge = (
            format_html(
                ' <span class="badge rounded-pill text-bg-light" data-todo-count>{}'
                '<span class="visually-hidden"> waiting</span></span>',
                count,
            )
            if count
            else ""
        )
        match = getattr(request, "resolver_match", None)
        on_home = match is not None and match.url_name == "home"
        main.append(_item(_url("home") + "#todo-heading", format_html("To do{}", badge), current=on_home))
        main.append(_item(_url("applications:mine"), "My applications"))
        main.append(_item(_url("pairings:mine"), "My pairings"))
        sides = _value(context, "gallery_sides") or ()
        if "mentee" in sides:
            main.append(_item(_url("matching:requests"), "My mentor requests"))
        if "mentor" in sides:
            main.append(_item(_url("matching:inbox"), "Requests from mentees"))
        main.append(_item(_url("events:mine"), "Events"))
    if _value(context, "may_open_dashboard"):
        main.append(_item(_url("dashboard:index"), "Dashboard"))
    if signed_in and user.is_staff:
        main.append(_item(_url("admin:index"), "Chair admin"))
    if signed_in:
        account = [
            format_html(
                '<li class="nav-item d-flex align-items-center"><span class="navbar-text me-2">{}</span></li>',
                user.full_name or user.email,
            ),
            _item(_url("account_change_password"), "Account"),
            format_html(
                '<li class="nav-item"><form method="post" action="{}">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<button type="submit" class="btn btn-link nav-link">Log out</button></form></li>',
                _url("account_logout"),
                get_token(request) if request is not None else "",
            ),
        ]
    else:
        account = [_item(_url("account_login"), "Log in"), _item(_url("account_signup"), "Sign up")]
    return format_html(
        '<ul class="navbar-nav me-auto">{}</ul><ul class="navbar-nav">{}</ul>',
        format_html_join("", "{}", ((item,) for item in main)),
        format_html_join("", "{}", ((item,) for item in account)),
    )
