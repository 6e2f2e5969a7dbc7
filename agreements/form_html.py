"""A form's fields written in Python, in the markup templates/forms/field.html gives them (crispy's Bootstrap 5 pack).

The agreement page prints eleven fields; through the include and Django's widget templates each cost some fifty
template lookups (a third of the page's CPU). Here each field is one format_html: the same label, widget, errors
and help text, the same ids and aria-describedby (from the bound field's own `build_widget_attrs`, so `required`,
`aria-invalid` and PlainFields' `is-invalid` are Django's), every value escaped. agreements/tests/test_page_markup.py
holds it to the template's output. A widget not listed here is rendered by Django itself.
"""

from __future__ import annotations

import functools
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

ASTERISK = format_html('<span class="{}">*</span>', "asteriskField")
CHECKED = format_html(" {}", "checked")
SELECTED = format_html(" {}", "selected")
EMPTY = format_html("{}", "")

# Each kind of field's markup around its widget (or its options), its errors and its help text: (before, between,
# after). Only the form's own constants fill these (ids, label, required), so each field's is made once per process.
FRAMES = {
    "input": (
        '<div id="div_{id}" class="mb-3">\n  <label for="{label_for}" class="form-label">{label}{asterisk}</label>\n  ',
        "\n  ",
        "\n</div>\n",
    ),
    "checkbox": (
        '<div class="mb-3"><div id="div_{id}" class="form-check">\n  ',
        '\n  <label for="{label_for}" class="form-check-label">{label}{asterisk}</label>\n  ',
        "\n</div></div>\n",
    ),
    "choices": (
        '<div id="div_{id}" class="mb-3"><fieldset{describedby}>\n'
        '  <legend class="form-label fs-6">{label}{asterisk}</legend>\n  <div>',
        "\n  </div>\n  ",
        "\n</fieldset></div>\n",
    ),
}
HELP_HTML = '<div id="{}_helptext" class="form-text">{}</div>'
OPTION_HTML = """
    <div class="form-check"><input type="{}" class="form-check-input{}" name="{}" value="{}" id="{}"{}>
      <label for="{}" class="form-check-label">{}</label></div>"""


def fields_html(form: forms.BaseForm) -> SafeString:
    """Every field of `form`, as `{% include "forms/fields.html" %}` prints them."""
    return _joined([field_html(field) for field in form])


def _joined(pieces: list[SafeString]) -> SafeString:
    """Pieces of markup one after the other, in one format_html (format_html_join makes one a piece)."""
    return format_html("{}" * len(pieces), *pieces) if pieces else EMPTY


def field_html(field: BoundField) -> SafeString:
    widget = field.field.widget
    if field.is_hidden:
        return _widget_html(field)
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        kind, label_for, inner = "choices", "", _options_html(field)
    else:
        kind = "checkbox" if isinstance(widget, forms.CheckboxInput) else "input"
        label_for, inner = field.id_for_label, _widget_html(field)
    before, between, after = _frame(
        kind, field.auto_id, label_for, field.label, field.field.required, field.help_text != ""
    )
    help_text = format_html(HELP_HTML, field.auto_id, field.help_text) if field.help_text else EMPTY
    return format_html("{}{}{}{}{}{}", before, inner, between, _errors_html(field), help_text, after)


@functools.lru_cache(maxsize=512)
def _frame(kind: str, id_: str, label_for: str, label: Any, required: bool, described: bool) -> tuple[SafeString, ...]:
    values = {
        "id": id_,
        "label_for": label_for,
        "label": label,
        "asterisk": ASTERISK if required else EMPTY,
        "describedby": format_html(' aria-describedby="{}_helptext"', id_) if described else EMPTY,
    }
    return tuple(format_html(piece, **values) for piece in FRAMES[kind])


def _errors_html(field: BoundField) -> SafeString:
    if not field.errors:
        return EMPTY
    messages = format_html_join("", "<strong>{}</strong> ", ((error,) for error in field.errors))
    return format_html('<div id="{}_error" class="invalid-feedback d-block">{}</div>', field.auto_id, messages)


def _options_html(field: BoundField) -> SafeString:
    invalid = " is-invalid" if field.errors else ""
    options = [(option.data, option.id_for_label) for option in field]
    return _joined(
        [_option_html(o["type"], o["name"], o["value"], id_, o["label"], o["selected"], invalid) for o, id_ in options]
    )


@functools.lru_cache(maxsize=512)
def _option_html(kind: str, name: str, value: Any, id_: str, label: Any, checked: bool, invalid: str) -> SafeString:
    """One checkbox (or radio) of a choice field: a form's constants, never a typed value, so kept once made."""
    return format_html(OPTION_HTML, kind, invalid, name, value, id_, CHECKED if checked else "", id_, label)


def _widget_html(field: BoundField) -> SafeString:
    """The widget as BoundField.as_widget() renders it, without its templates (the widgets the pages use)."""
    widget = field.field.widget
    if not isinstance(widget, Input | forms.Textarea | forms.Select) or isinstance(
        widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.SelectMultiple
    ):
        return field.as_widget()
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    name, value, attributes = context["name"], context["value"], _attrs_html(tuple(context["attrs"].items()))
    if isinstance(widget, forms.Textarea):
        return format_html('<textarea name="{}"{}>\n{}</textarea>', name, attributes, value or "")
    if isinstance(widget, forms.Select):
        if any(group for group, _choices, _index in context["optgroups"]):
            return field.as_widget()  # <optgroup>s: Django's own markup
        options = _joined(
            [
                _select_option_html(str(option["value"]), option["label"], option["selected"])
                for _group, choices, _index in context["optgroups"]
                for option in choices
            ]
        )
        return format_html('<select name="{}"{}>{}\n</select>', name, attributes, options)
    shown = format_html(' value="{}"', str(value)) if value is not None else ""
    return format_html('<input type="{}" name="{}"{}{}>', context["type"], name, shown, attributes)


@functools.lru_cache(maxsize=512)
def _select_option_html(value: str, label: Any, selected: bool) -> SafeString:
    """One <option> of a select: a form's constant choice, so kept once made."""
    return format_html('\n  <option value="{}"{}>{}</option>', value, SELECTED if selected else "", label)


@functools.lru_cache(maxsize=512)
def _attrs_html(attrs: tuple[tuple[str, Any], ...]) -> SafeString:
    """django/forms/widgets/attrs.html: True is a bare attribute, False is left out. A widget's attributes come from
    the form's definition and the field's state (ids, classes, required, invalid), never from what was typed, so each
    set is made once."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', str(value)))
            for name, value in attrs
            if value is not False
        ),
    )
