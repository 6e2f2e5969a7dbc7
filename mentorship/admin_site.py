"""The project's admin site: every ModelAdmin registered on it is sealed against private text.

`admin.site` is this site (settings.INSTALLED_APPS names `SealedAdminConfig` instead of django.contrib.admin), so
`@admin.register` seals a new admin without anyone remembering to. A sealed admin never shows, edits, filters,
searches or sorts by a field in a model's `PRIVATE_TO_PAIR` (mentorship/privacy.py), directly or through
relations, and refuses such query-string lookups with HTTP 400, as Django refuses any disallowed lookup. Inline
admins are sealed the same way. A system check names any admin configured with a private path, so the mistake is
seen at once rather than silently dropped.

Every ModelAdmin is scoped to the programs the person runs (applications/admin_scope.py): a chair of one
association sees none of another's rows. Every admin of the site also offers an action that names no permission
only to whom may change the model (`ActionsNeedAPermission`), so a view-only staff account is never offered a
button that changes rows. A split date and time is named box by box (`NamedDateAndTimeBoxes`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core import checks
from django.db import models
from django.http import HttpRequest
from django.utils.text import capfirst

from mentorship.privacy import private_fields, private_models, reaches_private


def _is_private(model: type[models.Model], entry: object) -> bool:
    if isinstance(entry, (list, tuple)):  # ("field", FilterClass) in list_filter; ("a", "b") on one fieldset line
        return any(isinstance(part, str) and reaches_private(model, part) for part in entry)
    return reaches_private(model, entry)


def _kept(model: type[models.Model], entries: Iterable[Any]) -> list[Any]:
    return [entry for entry in entries if not _is_private(model, entry)]


def _fieldset_lines(model: type[models.Model], fields: Sequence[Any]) -> list[Any]:
    lines = []
    for line in fields:
        if isinstance(line, (list, tuple)):
            kept = tuple(_kept(model, line))
            if kept:
                lines.append(kept)
        elif not reaches_private(model, line):
            lines.append(line)
    return lines


class PrivateTextSeal:
    """Mixed into every ModelAdmin and InlineModelAdmin of the site: private text in no field, filter or lookup."""

    model: type[models.Model]

    def _display_is_private(self, entry: object) -> bool:
        """A list_display entry is private when it is a private path or sorts by one (`ordering=` of a display)."""
        if isinstance(entry, str) and reaches_private(self.model, entry):
            return True
        method = entry if callable(entry) else getattr(self, str(entry), None)
        return reaches_private(self.model, getattr(method, "admin_order_field", None))

    # ---- what a page shows or a form edits ----------------------------------------------------------------------

    def get_exclude(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        exclude = super().get_exclude(request, obj)
        private = private_fields(self.model)
        return [*(exclude or ()), *sorted(private)] if private else exclude

    def get_fieldsets(self, request: HttpRequest, obj: models.Model | None = None) -> list[tuple[Any, dict]]:
        return [
            (name, {**options, "fields": _fieldset_lines(self.model, options.get("fields", ()))})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None) -> list[Any]:
        return _kept(self.model, super().get_readonly_fields(request, obj))

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        return [entry for entry in super().get_list_display(request) if not self._display_is_private(entry)]

    def get_changelist_formset(self, request: HttpRequest, **kwargs: Any) -> Any:
        exclude = [*(kwargs.pop("exclude", None) or ()), *sorted(private_fields(self.model))]  # list_editable
        return super().get_changelist_formset(request, exclude=exclude, **kwargs)

    def get_inlines(self, request: HttpRequest, obj: models.Model | None) -> list[type]:
        return [sealed(inline) for inline in super().get_inlines(request, obj)]

    # ---- what a request may ask of the list -----------------------------------------------------------------------

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        return _kept(self.model, super().get_list_filter(request))

    def get_search_fields(self, request: HttpRequest) -> list[Any]:
        return _kept(self.model, super().get_search_fields(request))

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        return _kept(self.model, super().get_ordering(request) or ())

    def get_sortable_by(self, request: HttpRequest) -> list[Any]:
        return [entry for entry in super().get_sortable_by(request) if not self._display_is_private(entry)]

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # Refused lookups answer 400: "does a note match ^A?" must have no answer at all.
        if reaches_private(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def to_field_allowed(self, request: HttpRequest, to_field: str) -> bool:
        return not reaches_private(self.model, to_field) and super().to_field_allowed(request, to_field)


class ActionsNeedAPermission:
    """An action that names no permission (a library's, such as allauth's "mark verified" or django-celery-beat's
    "run tasks", or one of ours forgotten) is offered only to whom may change the model. Django offers such an
    action to anyone who may view the list, and a view-only staff account would change rows through it."""

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            return actions
        return {name: entry for name, entry in actions.items() if hasattr(entry[0], "allowed_permissions")}


class NamedDateAndTimeBoxes:
    """Django's split date and time boxes are introduced by plain text ("Date:", "Time:") that no label ties to them,
    so a screen reader announces two unnamed boxes: each box is named after its field."""

    def formfield_for_dbfield(self, db_field: models.Field, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, AdminSplitDateTime):
            name = capfirst(db_field.verbose_name)
            date, time = formfield.widget.widgets
            date.attrs["aria-label"] = f"{name}: date"
            time.attrs["aria-label"] = f"{name}: time"
        return formfield


@cache
def sealed(admin_class: type) -> type:
    """The admin class with the seal (and the actions rule) mixed in first, so their answers filter whatever the
    class declares. A ModelAdmin is also scoped to the programs the person runs (applications/admin_scope.py); an
    inline shows the rows of an object its admin already scoped."""
    if issubclass(admin_class, PrivateTextSeal):
        return admin_class
    from applications.admin_scope import ScopedToPrograms  # models: not importable while the admin app loads

    attributes = {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__}
    scoped = () if issubclass(admin_class, InlineModelAdmin) else (ScopedToPrograms,)
    bases = (PrivateTextSeal, ActionsNeedAPermission, NamedDateAndTimeBoxes, *scoped, admin_class)
    return type(admin_class.__name__, bases, attributes)


class SealedAdminSite(admin.AdminSite):
    def index(self, request: HttpRequest, extra_context: dict | None = None) -> Any:
        """The admin's home starts with the chair's programs: the step each is at and what waits."""
        from applications.access import chair_programs  # models: imported once the apps are ready
        from applications.models import Program
        from dashboard.selectors.home import chair_home

        home = chair_home(chair_programs(request.user, Program))
        return super().index(request, {**(extra_context or {}), "chair_home": home})

    def register(self, model_or_iterable: Any, admin_class: type | None = None, **options: Any) -> None:
        super().register(model_or_iterable, sealed(admin_class or admin.ModelAdmin), **options)


class SealedAdminConfig(AdminConfig):
    default_site = "mentorship.admin_site.SealedAdminSite"

    def ready(self) -> None:
        super().ready()
        checks.register(check_admins_keep_private_text_out, checks.Tags.admin)


# ---- the system check ---------------------------------------------------------------------------------------------

DECLARED = (
    "list_display",
    "list_editable",
    "list_filter",
    "search_fields",
    "ordering",
    "sortable_by",
    "readonly_fields",
    "fields",
)


def private_configuration(model_admin: Any) -> list[str]:
    model = model_admin.model
    found = []
    for option in DECLARED:
        for entry in getattr(model_admin, option, None) or ():
            entries = entry if isinstance(entry, (list, tuple)) else (entry,)
            found += [f"{option}: {part}" for part in entries if isinstance(part, str) and reaches_private(model, part)]
    for _, options in getattr(model_admin, "fieldsets", None) or ():
        for line in options.get("fields", ()):
            parts = line if isinstance(line, (list, tuple)) else (line,)
            found += [f"fieldsets: {part}" for part in parts if reaches_private(model, part)]
    return found


def check_admins_keep_private_text_out(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """An admin that names private text, and a PRIVATE_TO_PAIR entry that names no field, are errors."""
    errors = []
    for model, names in private_models().items():
        known = {field.name for field in model._meta.get_fields()}
        for name in sorted(names - known):
            errors.append(
                checks.Error(
                    f"PRIVATE_TO_PAIR names {name!r}, which {model.__name__} has no field of.", id="privacy.E001"
                )
            )
    for model_admin in admin.site._registry.values():
        inlines = [inline(model_admin.model, admin.site) for inline in model_admin.inlines]
        for each in (model_admin, *inlines):
            for where in private_configuration(each):
                errors.append(
                    checks.Error(
                        f"{type(each).__name__} shows or queries text private to a pair ({where}).",
                        hint="Private text is never a column, filter, search field or ordering: remove it.",
                        obj=type(each),
                        id="privacy.E002",
                    )
                )
    return errors
