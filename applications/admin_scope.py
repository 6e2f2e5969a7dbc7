"""The admin's half of access: every ModelAdmin of the site shows and changes only rows of the programs the person runs
(applications.access.chair_programs), so a chair of one association never meets another's in the admin.

A ModelAdmin names the path from its model to the program (`program_path`; "" for Program itself) or to the
association (`association_path`; "" for Association itself), or both when some rows belong to no program but to an
association (notices about a student chapter). An admin that names neither is the installation's own
(accounts, email addresses, schedules, groups, opt-outs): only a superuser sees it. A row outside the person's
programs is "not found" (404) on its change, delete and history pages, never a redirect that says it exists; the
choices of a foreign key on a form, and of a filter on a relation, are the person's rows only. `superuser_fields`
are hidden from everyone else (who chairs or coordinates is granted by a superuser).

mentorship/admin_site.py mixes this into every ModelAdmin registered on the site, so a new admin is scoped (or
closed) without anyone remembering to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from accounts.models import User
from applications.access import CHANGE, VIEW, chair_programs, chair_rows, chaired_associations, holds_permission
from applications.models import Program
from associations.models import Association


def _key(path: str) -> str:
    return f"{path}__in" if path else "pk__in"


class ScopedToPrograms:
    # Mixed in before the admin class: read the admin's declarations with getattr, never shadow them here.
    model: type[models.Model]
    admin_site: Any

    @property
    def program_path(self) -> str | None:
        return getattr(super(), "program_path", None)

    @property
    def association_path(self) -> str | None:
        return getattr(super(), "association_path", None)

    @property
    def superuser_fields(self) -> Sequence[str]:
        return getattr(super(), "superuser_fields", ())

    @property
    def installation_wide(self) -> bool:
        return self.program_path is None and self.association_path is None

    def scoped(self, user: User, queryset: QuerySet, actions: tuple[str, ...] = VIEW) -> QuerySet:
        """The rows of `queryset` this person reaches with `actions`. An admin naming both paths has rows of no
        program that belong to an association (a chapter offer's notices): those are its chairs' too."""
        if self.program_path is not None and self.association_path is not None:
            if user.is_superuser and user.is_active:
                return queryset
            outside_programs = queryset.filter(
                **{f"{self.program_path}__isnull": True, _key(self.association_path): chaired_associations(user)}
            )
            if not holds_permission(user, queryset.model, actions):
                outside_programs = queryset.none()
            return chair_rows(user, queryset, self.program_path, actions) | outside_programs
        if self.program_path is not None:
            return chair_rows(user, queryset, self.program_path, actions)
        if self.association_path is not None:
            return queryset.filter(**{_key(self.association_path): chaired_associations(user)})
        return queryset if user.is_superuser and user.is_active else queryset.none()

    def _reaches(self, request: HttpRequest, obj: models.Model | None, actions: tuple[str, ...]) -> bool:
        if self.installation_wide and not request.user.is_superuser:
            return False
        if obj is None or request.user.is_superuser:
            return True
        return self.scoped(request.user, self.model._default_manager.filter(pk=obj.pk), actions).exists()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.scoped(request.user, super().get_queryset(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._reaches(request, None, VIEW) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_view_permission(request, obj) and self._reaches(request, obj, VIEW)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._reaches(request, obj, CHANGE)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._reaches(request, obj, ("delete",))

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return super().has_add_permission(request, *args) and self._reaches(request, None, ("add",))

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str) -> Any:
        # Django redirects to the admin's home saying "doesn't exist": for a row outside one's programs that
        # would still tell it exists. Not found, like every other private URL.
        raise Http404

    def get_exclude(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        exclude = super().get_exclude(request, obj)
        if request.user.is_superuser or not self.superuser_fields:
            return exclude
        return [*(exclude or ()), *self.superuser_fields]

    def get_fieldsets(self, request: HttpRequest, obj: models.Model | None = None) -> list[tuple[Any, dict]]:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or not self.superuser_fields:
            return fieldsets
        hidden = set(self.superuser_fields)
        return [
            (name, {**options, "fields": [f for f in options.get("fields", ()) if f not in hidden]})
            for name, options in fieldsets
        ]

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        """A filter on a relation lists only the related rows found in one's own list (Django's default lists every
        program, pairing or run of the installation)."""
        filters = list(super().get_list_filter(request))
        if request.user.is_superuser:
            return filters
        return [(entry, RelatedOnlyFieldListFilter) if self._is_relation(entry) else entry for entry in filters]

    def _is_relation(self, entry: object) -> bool:
        if not isinstance(entry, str):
            return False
        try:
            return get_fields_from_path(self.model, entry)[-1].is_relation
        except (FieldDoesNotExist, NotRelationField):
            return False

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not request.user.is_superuser and "queryset" not in kwargs:
            choices = self._choices(request.user, db_field.related_model)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _choices(self, user: User, related: type[models.Model]) -> QuerySet | None:
        """A foreign key's choices: the rows of the programs where this person may change this admin's model."""
        programs = chair_programs(user, self.model, CHANGE)
        if related is Program:
            return programs
        if related is Association:
            return chaired_associations(user)
        if related is User:
            return User.objects.filter(applications__program__in=programs).distinct()
        related_admin = self.admin_site._registry.get(related)
        path = getattr(related_admin, "program_path", None)
        if path is not None:
            return related._default_manager.filter(**{_key(path): programs})
        association_path = getattr(related_admin, "association_path", None)
        if association_path is not None:
            return related._default_manager.filter(**{_key(association_path): chaired_associations(user)})
        return None
