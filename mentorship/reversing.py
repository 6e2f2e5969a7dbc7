"""A URL reversed once per page, then formatted for each row: `{% url %}` or `reverse()` per row of a busy list
costs more than the rest of the row."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

_PK_MARK = 987654321  # stands for the row's id in the URL reversed once; no id that large is ever matched


def url_for_each(name: str, *args: object) -> Callable[[int], str]:
    """The URL `name` (with `args` before the row's id) for any row's id."""
    head, _, tail = reverse(name, args=[*args, _PK_MARK]).rpartition(str(_PK_MARK))
    return lambda pk: f"{head}{pk}{tail}"
