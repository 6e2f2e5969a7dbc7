"""fill_html writes what format_html writes, byte for byte, escaping each text alike."""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from matching.markup import fill_html

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
