"""A form's fields written in Python, in the markup templates/forms/field.html gives them (crispy's Bootstrap 5 pack).

The agreement page prints eleven fields; through the include and Django's widget templates each cost some fifty
template lookups (a third of the page's CPU). Here each field is one format_html: the same label, widget, errors
and help text, the same ids and aria-describedby (from the bound field's own `build_widget_attrs`, so `required`,
`aria-invalid` and PlainFields' `is-invalid` are Django's), every value escaped. agreements/tests/test_page_markup.py
holds it to the template's output. A widget not listed here is rendered by Django itself.

The pieces are plain strings joined once and marked safe once (format_html's escaping of every piece, itself already
markup, cost more than the rest of the fields): each value is escaped by `_escaped` (conditional_escape's rule:
markup as it is, anything else escaped), each fixed piece is this module's own markup or format_html's output.
"""

from __future__ import annotations

import functools
import html
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.widgets import Input, Widget
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

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
    return mark_safe("".join([_field_html(field) for field in form]))  # noqa: S308 -- each piece escaped (module doc)


def _escaped(value: Any) -> str:
    """conditional_escape(value) as a plain string: markup (`__html__`) as it is, any other value escaped."""
    if type(value) is str:  # most pieces: a plain text, neither lazy nor markup
        return html.escape(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))  # what django.utils.html.escape does


def _field_html(field: BoundField) -> str:
    widget = field.field.widget
    if field.is_hidden:
        return _widget_html(field)
    errors = field.errors  # a new (empty) list on each read: read once
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        kind, label_for, inner = "choices", "", _options_html(field, errors)
    else:
        kind = "checkbox" if isinstance(widget, forms.CheckboxInput) else "input"
        label_for, inner = field.id_for_label, _widget_html(field)
    auto_id, help_text = field.auto_id, field.help_text
    before, between, after = _frame(kind, auto_id, label_for, field.label, field.field.required, help_text != "")
    help_html = HELP_HTML.format(_escaped(auto_id), _escaped(help_text)) if help_text else ""
    return f"{before}{inner}{between}{_errors_html(field, errors)}{help_html}{after}"


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


def _errors_html(field: BoundField, errors: list) -> SafeString:
    if not errors:
        return EMPTY
    messages = format_html_join("", "<strong>{}</strong> ", ((error,) for error in errors))
    return format_html('<div id="{}_error" class="invalid-feedback d-block">{}</div>', field.auto_id, messages)


def _options_html(field: BoundField, errors: list) -> str:
    """The checkboxes (or radios) of a choice field, each as `{% for option in field %}` gives it: ChoiceWidget's
    optgroups and create_option worked out here for flat choices (grouped ones are left to Django's own)."""
    widget = field.field.widget
    invalid = " is-invalid" if errors else ""
    if any(isinstance(label, list | tuple) for _value, label in widget.choices):
        options = [(option.data, option.id_for_label) for option in field]
        return "".join(
            _option_html(o["type"], o["name"], o["value"], id_, o["label"], o["selected"], invalid)
            for o, id_ in options
        )
    chosen = widget.format_value(field.value())
    id_ = widget.attrs.get("id") or field.auto_id
    pieces, has_selected = [], False
    for index, (value, label) in enumerate(widget.choices):
        value = "" if value is None else value
        selected = (not has_selected or widget.allow_multiple_selected) and str(value) in chosen
        has_selected |= selected
        option_id = widget.id_for_label(id_, str(index)) if id_ else None
        pieces.append(_option_html(widget.input_type, field.html_name, value, option_id, label, selected, invalid))
    return "".join(pieces)


@functools.lru_cache(maxsize=512)
def _option_html(kind: str, name: str, value: Any, id_: str, label: Any, checked: bool, invalid: str) -> SafeString:
    """One checkbox (or radio) of a choice field: a form's constants, never a typed value, so kept once made."""
    return format_html(OPTION_HTML, kind, invalid, name, value, id_, CHECKED if checked else "", id_, label)


# Widgets whose context is Widget's own (plus Input's type): their value and attributes are worked out here as
# get_context would, without the rest of its context.
_PLAIN_CONTEXT = (Widget.get_context, Input.get_context)


def _widget_html(field: BoundField) -> str:
    """The widget as BoundField.as_widget() renders it, without its templates (the widgets the pages use)."""
    widget = field.field.widget
    if not isinstance(widget, Input | forms.Textarea | forms.Select) or isinstance(
        widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.SelectMultiple
    ):
        return field.as_widget()
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    name = _escaped(field.html_name)
    if type(widget).get_context in _PLAIN_CONTEXT:
        value = widget.format_value(field.value())
        attributes = _attrs_html(tuple(widget.build_attrs(widget.attrs, attrs).items()))
        if isinstance(widget, forms.Textarea):
            return f'<textarea name="{name}"{attributes}>\n{_escaped(value or "")}</textarea>'
        shown = f' value="{_escaped(str(value))}"' if value is not None else ""
        return f'<input type="{_escaped(widget.input_type)}" name="{name}"{shown}{attributes}>'
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    attributes = _attrs_html(tuple(context["attrs"].items()))
    if isinstance(widget, forms.Select):
        if any(group for group, _choices, _index in context["optgroups"]):
            return field.as_widget()  # <optgroup>s: Django's own markup
        options = "".join(
            [
                _select_option_html(str(option["value"]), option["label"], option["selected"])
                for _group, choices, _index in context["optgroups"]
                for option in choices
            ]
        )
        return f'<select name="{name}"{attributes}>{options}\n</select>'
    value = context["value"]  # an input of its own context (a checkbox: `checked` in its attributes)
    shown = f' value="{_escaped(str(value))}"' if value is not None else ""
    return f'<input type="{_escaped(context["type"])}" name="{name}"{shown}{attributes}>'


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
