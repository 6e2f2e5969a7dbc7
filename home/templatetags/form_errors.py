"""`{% error_summary form other_form %}`: every problem of a page's forms at the top, counted, each linked to its
field (static/js/error-summary.js moves the focus there), so nobody hunts for an error down a long form."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template

register = template.Library()


@dataclass(frozen=True)
class Problem:
    message: str
    label: str = ""
    target: str = ""  # the id of the control to focus; none for a problem of the whole form

    @property
    def text(self) -> str:
        """ "Career stage: Please answer…"; a question's own mark stands in for the colon."""
        if not self.label:
            return self.message
        return (
            f"{self.label} {self.message}" if self.label.endswith(("?", ":", ".")) else f"{self.label}: {self.message}"
        )


def _target(field: forms.BoundField) -> str:
    """The control a link focuses: the field's own, or a group's first option (radios and checkboxes)."""
    if field.id_for_label:
        return field.id_for_label
    subwidgets = field.subwidgets
    return subwidgets[0].id_for_label if subwidgets else field.auto_id


def problems(*forms_: forms.BaseForm | None) -> list[Problem]:
    found: list[Problem] = []
    for form in forms_:
        if not isinstance(form, forms.BaseForm) or not form.is_bound:  # a form a page leaves out is ""
            continue
        found += [Problem(message=str(message)) for message in form.non_field_errors()]
        for field in form:
            found += [Problem(message=str(m), label=str(field.label), target=_target(field)) for m in field.errors]
    return found


@register.inclusion_tag("_error_summary.html")
def error_summary(*forms_: forms.BaseForm | None) -> dict[str, object]:
    found = problems(*forms_)
    return {"problems": found, "count": len(found)}
