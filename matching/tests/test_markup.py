"""fill_html writes what format_html writes, byte for byte, escaping each text alike."""

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from matching.markup import fill_html, fill_rows, pages_nav

HOSTILE = "<script>alert('x')</script> & \"quoted\" ' <b>"
TEMPLATE = '<a href="{url}" title="{name}">{name}</a>{badge} · {count} · {empty}{label}'


def _values(**more) -> dict:
    return {
        "url": "/x/?a=1&b=2",
        "name": HOSTILE,
        "badge": mark_safe("<b>safe</b>"),
        "count": 42,
        "empty": "",
        "label": gettext_lazy("Favourite"),
        **more,
    }


def test_the_output_is_format_htmls():
    assert fill_html(TEMPLATE, **_values()) == format_html(TEMPLATE, **_values())


def test_hostile_text_is_escaped_and_safe_text_kept():
    html = fill_html(TEMPLATE, **_values())
    assert isinstance(html, SafeString)
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&quot;quoted&quot;" in html and "<b>safe</b>" in html


def test_a_text_holding_the_joining_character_is_escaped_alike():
    values = _values(name="a\x00<b>", empty="\x00")
    assert fill_html(TEMPLATE, **values) == format_html(TEMPLATE, **values)


def test_only_safe_values():
    assert fill_html("{a}{b}", a=mark_safe("<i>"), b=mark_safe("</i>")) == "<i></i>"


# The page links as the gallery's template wrote them before matching.markup.pages_nav.
OLD_NAV = Template(
    """{% if page.has_other_pages %}
<nav aria-label="Gallery pages" class="mt-4"><ul class="pagination flex-wrap">
  {% if page.has_previous %}<li class="page-item"><a class="page-link" href="?{% if query %}{{ query }}&amp;{% endif %}page={{ page.previous_page_number }}">Previous</a></li>{% endif %}
  <li class="page-item active" aria-current="page"><span class="page-link">Page {{ page.number }} of {{ page.paginator.num_pages }}</span></li>
  {% if page.has_next %}<li class="page-item"><a class="page-link" href="?{% if query %}{{ query }}&amp;{% endif %}page={{ page.next_page_number }}">Next</a></li>{% endif %}
</ul></nav>
{% endif %}"""  # noqa: E501
)


@pytest.mark.parametrize("count", [0, 5, 12, 13, 40])
@pytest.mark.parametrize("number", [1, 2, 4])
@pytest.mark.parametrize("query", ["", 'expertise=finance&region=<"North">'])
def test_the_page_links_are_the_templates(count, number, query):
    page = Paginator(range(count), 12).get_page(number)
    expected = OLD_NAV.render(Context({"page": page, "query": query}))
    assert pages_nav(page, label="Gallery pages", query=query) == expected


def test_rows_filled_together_are_each_rows_format_html():
    rows = [
        (TEMPLATE, _values()),
        ("<p>{a}{b}</p>", {"a": mark_safe("<i>"), "b": "x & y"}),
        (TEMPLATE, _values(name="plain", count=0)),
    ]
    expected = "".join(format_html(format_string, **values) for format_string, values in rows)

    html = fill_rows(rows)

    assert html == expected and isinstance(html, SafeString)
    assert fill_rows(iter(rows)) == expected  # any iterable of rows, read once
    assert fill_rows([("<br>", {})]) == "<br>"  # a row with nothing to fill


def test_a_row_holding_the_joining_character_leaves_every_row_escaped_alike():
    rows = [(TEMPLATE, _values()), (TEMPLATE, _values(name="a\x00<b>")), ("{x}", {"x": "'"})]
    assert fill_rows(iter(rows)) == "".join(format_html(f, **values) for f, values in rows)
    assert fill_rows([]) == ""
