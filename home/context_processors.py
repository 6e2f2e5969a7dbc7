"""The navigation's count of to-dos, on every page a signed-in person opens."""

from __future__ import annotations

from django.http import HttpRequest

from home.selectors import home_for_request


def todo_count(request: HttpRequest) -> dict[str, object]:
    """A callable, so the selection runs only when a template shows the count, once per request (two queries)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "todo_count": lambda: len(home_for_request(request).todos),
        # The sides of a gallery the person is on ("mentee", "mentor"): the navigation's links to their requests.
        "gallery_sides": lambda: home_for_request(request).gallery_sides,
    }
