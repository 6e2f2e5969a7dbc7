"""`fill_html`: format_html for the busiest rows, with their texts escaped in one call of `escape`, not one each.

The gallery's card and the inbox's row each hold a dozen texts; format_html escapes each in its own call of
conditional_escape and escape (a lazy-text check, then the escape), which cost more than the rest of the card.
Escaping works character by character (& < > " ' each replaced wherever it stands), so escaping the texts joined
by a character none of them holds, then splitting at it, gives each text exactly as escaping it alone would: NUL,
which PostgreSQL refuses in text, so no stored value holds it. A text holding one all the same (a value made in
Python) is escaped by format_html itself. The output is format_html's, byte for byte (matching/tests/test_markup.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.paginator import Page
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

_JOIN = "\x00"
_NOTHING = format_html("{}", "")


def fill_html(format_string: str, **values: object) -> SafeString:
    """`format_html(format_string, **values)`: safe values (`__html__`) as they are, every other value escaped."""
    return fill_rows([(format_string, values)])


def fill_rows(rows: Iterable[tuple[str, Mapping[str, object]]]) -> SafeString:
    """`fill_html` of each (format string, values) row, joined: every row's texts escaped in one call of `escape`
    (a page's cards in one call rather than one a card)."""
    rows = list(rows)
    filled: list[tuple[str, dict[str, str], list[str]]] = []  # each row's format, safe values, plain keys
    plain: list[str] = []
    for format_string, values in rows:
        safe, keys = {}, []
        for key, value in values.items():
            if hasattr(value, "__html__"):  # safe, as format_html reads it (a lazy text is plain unless safe)
                safe[key] = value.__html__()
            else:
                keys.append(key)
                plain.append(str(value))
        filled.append((format_string, safe, keys))
    escaped = escape(_JOIN.join(plain)).split(_JOIN) if plain else []
    if len(escaped) != len(plain):  # a text held a NUL: each on its own
        return format_html_join("", "{}", ((format_html(f, **values),) for f, values in rows))
    texts = iter(escaped)
    for _, safe, keys in filled:
        safe.update((key, next(texts)) for key in keys)
    html = "".join(format_string.format(**safe) for format_string, safe, _ in filled)
    return mark_safe(html)  # noqa: S308 -- every value escaped above or already safe


PAGES_NAV = """
<nav aria-label="{label}" class="mt-4"><ul class="pagination flex-wrap">
  {previous}
  <li class="page-item active" aria-current="page"><span class="page-link">Page {number} of {count}</span></li>
  {next}
</ul></nav>
"""
PAGE_LINK = '<li class="page-item"><a class="page-link" href="?{query}page={number}">{word}</a></li>'


def pages_nav(page: Page, *, label: str, query: str = "", words: tuple[str, str] = ("Previous", "Next")) -> str:
    """A list's page links (the page before and after, "Page 2 of 9" between), or nothing when it has one page;
    `query` is the page's other parameters, urlencoded, which each link keeps."""
    if not page.has_other_pages():
        return ""
    before = f"{query}&" if query else ""
    previous, following = (
        fill_html(PAGE_LINK, query=before, number=page.number + step, word=word) if shown else _NOTHING
        for step, word, shown in ((-1, words[0], page.has_previous()), (1, words[1], page.has_next()))
    )
    return fill_html(
        PAGES_NAV,
        label=label,
        previous=previous,
        number=page.number,
        count=page.paginator.num_pages,
        next=following,
    )
