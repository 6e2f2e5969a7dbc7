"""`{% site_nav %}`: the navigation bar's links, on every page, written in Python.

As template tags, the bar's dozen `{% url %}`, its conditions and its `{% with %}` blocks were a large part of a
light page's CPU (each `{% url %}` reverses its name again on every page). Here the links' URLs are worked out
once per process (they take no arguments; kept per script prefix, which is the same for every request of one
deployment) and the bar is written with format_html, so the person's name is escaped as the template escaped it.
The to-do count, the gallery links and the dashboard link come from the context processors, as before.

The bar also says from which width it lays its items out in a row (`NavBar.expand`): a chair's bar, a dozen items,
needs a wider window than a guest's three, and a row too narrow for its items would wrap them onto two lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.html import conditional_escape, format_html
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
# The bar's width, estimated in ems of its 16 px text, against each Bootstrap breakpoint's container (its width less
# the gutters) from which the bar is laid out in a row; under the first that holds it, the items fold behind the
# toggler. Generous: 0.58 em a character is DejaVu Sans, wider than the usual system fonts. The padding, the name's
# widest and the brand's width are static/css/site.css's and Bootstrap's; e2e/test_navigation_layout.py checks it.
_EM_PER_CHARACTER = 0.58
_LINK_PADDING = 0.75
_BRAND = 8.0
_NAME_WIDEST = 10.0
_BADGE = 2.0
_EXPANDS = (
    ("navbar-expand-md", 43.5),
    ("navbar-expand-lg", 58.5),
    ("navbar-expand-xl", 69.75),
    ("navbar-expand-xxl", 81.0),
)
_ITEM = '<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>'
_built: dict[str, dict[str, str]] = {}
_WIDTHS = {name: len(text) * _EM_PER_CHARACTER + _LINK_PADDING for name, text in _LINKS} | {
    "todo": len("To do") * _EM_PER_CHARACTER + _LINK_PADDING,
    "log out": len("Log out") * _EM_PER_CHARACTER + _LINK_PADDING,
}


@dataclass(frozen=True)
class NavBar:
    links: SafeString  # the collapsing part's content
    expand: str  # Bootstrap's navbar-expand-* class, or "" for a bar that stays folded at every width


def expand_class(width: float) -> str:
    """The narrowest breakpoint whose container holds a bar `width` ems wide; "" when none does."""
    return next((name for name, room in _EXPANDS if width <= room), "")


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
def site_nav(context: template.Context) -> NavBar:
    """`{% site_nav as site_bar %}`: the links (`site_bar.links`) and the navbar-expand class (`site_bar.expand`)."""
    pieces = _pieces()
    request = context.get("request")
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    bar = ['<ul class="navbar-nav me-auto">']
    width = _BRAND

    def link(name: str) -> None:
        nonlocal width
        bar.append(pieces[name])
        width += _WIDTHS[name]

    link("applications:directory")
    if signed_in:
        match = getattr(request, "resolver_match", None)
        bar.append(pieces["todo current" if match is not None and match.url_name == "home" else "todo"])
        width += _WIDTHS["todo"]
        count = _value(context, "todo_count")
        if count:
            bar.append(
                format_html(
                    ' <span class="badge rounded-pill text-bg-light" data-todo-count>{}'
                    '<span class="visually-hidden"> waiting</span></span>',
                    count,
                )
            )
            width += _BADGE
        bar.append("</a></li>")
        link("applications:mine")
        link("pairings:mine")
        sides = _value(context, "gallery_sides") or ()
        if "mentee" in sides:
            link("matching:requests")
        if "mentor" in sides:
            link("matching:inbox")
        link("events:mine")
    if _value(context, "may_open_dashboard"):
        link("dashboard:index")
    if signed_in and user.is_staff:
        link("admin:index")
    bar.append('</ul><ul class="navbar-nav">')
    if signed_in:
        name = user.full_name or user.email
        # A long name is cut short with an ellipsis (site.css), whole in its title.
        bar.append(
            format_html(
                '<li class="nav-item d-flex align-items-center">'
                '<span class="navbar-text navbar-person me-2" title="{}">{}</span></li>',
                name,
                name,
            )
        )
        width += min(len(name) * _EM_PER_CHARACTER, _NAME_WIDEST) + 0.5
        link("account_change_password")
        bar += [
            pieces["log out"],
            _csrf_field(context),
            '<button type="submit" class="btn btn-link nav-link">Log out</button></form></li>',
        ]
        width += _WIDTHS["log out"]
    else:
        link("account_login")
        link("account_signup")
    bar.append("</ul>")
    # Fixed HTML written above or by format_html, and the two values of the request, each escaped.
    return NavBar(links=mark_safe("".join(bar)), expand=expand_class(width))  # noqa: S308


# The base template's fixed URLs: its stylesheets and scripts (`{% asset %}`) and the brand's link (`{% fixed_url %}`).
# `{% static %}` and `{% url %}` work theirs out on every page (the app registry searched, the name reversed: 0.05 ms
# a page for the base's eight); these keep each once per process, escaped as those tags escape them. A static
# file missing from the manifest still raises on every use (nothing is kept for it).
_assets: dict[str, str] = {}
_fixed_urls: dict[tuple[str, str], str] = {}


def _forget_assets(*, setting: str, **kwargs) -> None:
    if setting in {"STATIC_URL", "STATIC_ROOT", "STATICFILES_DIRS", "STORAGES"}:  # as Django resets its storage
        _assets.clear()
    elif setting == "ROOT_URLCONF":
        _fixed_urls.clear()


setting_changed.connect(_forget_assets, dispatch_uid="mentorship.site_nav.assets")


class AssetNode(template.Node):
    def __init__(self, path: str) -> None:
        self.path = path

    def render(self, context: template.Context) -> str:
        if not context.autoescape:
            return static(self.path)
        found = _assets.get(self.path)
        if found is None:
            found = _assets[self.path] = conditional_escape(static(self.path))
        return found


class FixedUrlNode(template.Node):
    def __init__(self, name: str) -> None:
        self.name = name

    def render(self, context: template.Context) -> str:
        key = (get_script_prefix(), self.name)
        found = _fixed_urls.get(key)
        if found is None:
            found = _fixed_urls[key] = conditional_escape(url(self.name))
        return found if context.autoescape else url(self.name)


def _quoted(parser: template.base.Parser, token: template.base.Token) -> str:
    """The one quoted literal a tag takes (`{% asset 'css/site.css' %}`): a constant, so its URL is too."""
    bits = token.split_contents()
    if len(bits) != 2 or len(bits[1]) < 2 or bits[1][0] not in "'\"" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one quoted string")
    return bits[1][1:-1]


@register.tag
def asset(parser: template.base.Parser, token: template.base.Token) -> AssetNode:
    """`{% asset 'path' %}`: `{% static 'path' %}` for a path written in the template, worked out once."""
    return AssetNode(_quoted(parser, token))


@register.tag
def fixed_url(parser: template.base.Parser, token: template.base.Token) -> FixedUrlNode:
    """`{% fixed_url 'name' %}`: `{% url 'name' %}` for a URL without arguments, reversed once."""
    return FixedUrlNode(_quoted(parser, token))
