"""The navigation's count of to-dos, on every page a signed-in person opens, and the navigation's links."""

from __future__ import annotations

import functools

from django.http import HttpRequest
from django.urls import get_script_prefix

from home.links import url
from home.selectors import home_for_request

# The navigation's links (templates/base.html) by the name the template reads: {{ nav_urls.mine }}.
NAV_LINKS = {
    "home": "home",
    "directory": "applications:directory",
    "mine": "applications:mine",
    "pairings": "pairings:mine",
    "requests": "matching:requests",
    "inbox": "matching:inbox",
    "events": "events:mine",
    "dashboard": "dashboard:index",
    "admin": "admin:index",
    "account": "account_change_password",
    "logout": "account_logout",
    "login": "account_login",
    "signup": "account_signup",
}


@functools.cache
def _nav_urls(prefix: str) -> dict[str, str]:
    """Reversed once per process (and script prefix): a `{% url %}` costs about 20 µs, a dozen a page."""
    return {key: url(name) for key, name in NAV_LINKS.items()}


def todo_count(request: HttpRequest) -> dict[str, object]:
    """A callable, so the selection runs only when a template shows the count, once per request (two queries)."""
    context: dict[str, object] = {"nav_urls": _nav_urls(get_script_prefix())}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    return context | {
        "todo_count": lambda: len(home_for_request(request).todos),
        # The sides of a gallery the person is on ("mentee", "mentor"): the navigation's links to their requests.
        "gallery_sides": lambda: home_for_request(request).gallery_sides,
    }
