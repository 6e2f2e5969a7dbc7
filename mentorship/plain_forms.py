"""Forms the busy pages print field by field with templates/forms/field.html instead of crispy-forms.

crispy-forms renders a field through a dozen nested templates, milliseconds a field on a busy page (the pair page,
the agreement page). Here each widget gets Bootstrap's class once, when the form is made, and the plain fragment
prints the field in the markup crispy's Bootstrap 5 pack gives it (label, widget, errors, help text), so the
pages look the same.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField


def _widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect):
        return "form-select"
    return "form-control"


class PlainBoundField(BoundField):
    """Marks a widget with errors `is-invalid`, as crispy does, so Bootstrap draws it red."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            classes = attrs.get("class") or (widget or self.field.widget).attrs.get("class", "")
            attrs["class"] = f"{classes} is-invalid".strip()
        return attrs


class PlainFields:
    """Mix into a Form or ModelForm (before it) to print it with templates/forms/field.html."""

    bound_field_class = PlainBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # the form's own copies: the class's fields stay untouched
            if not isinstance(field.widget, forms.HiddenInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
                field.widget.attrs["class"] = _widget_class(field.widget)
