"""Text private to a pair, and the one rule that keeps it from the chair's tools.

A model names its private text in `PRIVATE_TO_PAIR` (a tuple of field names, beside the fields themselves). What
the partners wrote to each other, a check-in note or a pulse comment, is read by the two of them alone: the chair
sees that a check-in happened and its scores, never what was said. `reaches_private` answers, for any ORM path
(a query-string lookup, a search field, an ordering, a list filter) starting at a model, whether it touches such
a field on the way. The admin (mentorship/admin_site.py) asks it for every ModelAdmin.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP

# Prefixes that ordering ("-note") and search fields ("^note", "=note", "@note") put before a path.
PATH_PREFIXES = "-^=@"


def private_fields(model: type[models.Model]) -> frozenset[str]:
    return frozenset(getattr(model, "PRIVATE_TO_PAIR", ()))


def private_models() -> dict[type[models.Model], frozenset[str]]:
    """Every installed model with private text, and its private fields."""
    return {model: private_fields(model) for model in apps.get_models() if private_fields(model)}


def _path_name(path: object) -> str | None:
    """The field path of an ordering or search entry: a string, F("x"), or F("x").desc()."""
    if isinstance(path, str):
        return path.lstrip(PATH_PREFIXES)
    inner = getattr(path, "expression", path)
    name = getattr(inner, "name", None)
    return name if isinstance(name, str) else None


def reaches_private(model: type[models.Model], path: object) -> bool:
    """True when the path, read from `model`, names a private field, directly or through relations.

    The walk stops at the first part that is not a field (a transform or lookup such as `regex`, or a name the ORM
    will refuse anyway) and at the first field that is not a relation."""
    name = _path_name(path)
    if not name:
        return False
    for part in name.split(LOOKUP_SEP):
        if part in private_fields(model):
            return True
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


def private_paths(model: type[models.Model], *, depth: int = 4) -> Iterator[str]:
    """Every path from `model` to a private field through at most `depth` relations, never visiting a model twice.

    Used by the tests to try each one against each admin; the admin itself needs only `reaches_private`."""

    def walk(current: type[models.Model], prefix: str, seen: frozenset[type[models.Model]]) -> Iterator[str]:
        for name in sorted(private_fields(current)):
            yield prefix + name
        if len(seen) > depth:
            return
        for field in current._meta.get_fields():
            target = field.related_model
            if not field.is_relation or target is None or target in seen:
                continue
            # A reverse relation's name is its query name; related_name="+" relations are hidden from get_fields().
            yield from walk(target, f"{prefix}{field.name}{LOOKUP_SEP}", seen | {target})

    yield from walk(model, "", frozenset({model}))
