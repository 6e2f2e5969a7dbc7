"""What makes an admin list cheap on a long table: a bounded count, the page's rows read in two narrow steps, a
checkbox per row without a widget, and the rows' cells written by functions worked out once per page."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence

from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import ResultList, result_headers, result_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    quote,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

COUNT_LIMIT = 10_000
# Stands for the row's key in the change link reversed once per page (admin URLs take any text as the key).
ROW_KEY = "--row--"


class BoundedCountPaginator(Paginator):
    """Counts at most COUNT_LIMIT + 1 rows (`SELECT count(*) FROM (... LIMIT n)`), so a page of a huge list
    costs the same as a page of a small one. Past the limit the list shows COUNT_LIMIT + 1 rows' pages:
    a chair narrows it with a filter or the search rather than paging through ten thousand rows."""

    @cached_property
    def count(self) -> int:
        # Unordered: a count of the first COUNT_LIMIT + 1 rows in any order is the same number, and the database need
        # not sort the whole list to find them.
        object_list = self.object_list.order_by() if isinstance(self.object_list, QuerySet) else self.object_list
        return object_list[: COUNT_LIMIT + 1].count()


class PageFirstChangeList(ChangeList):
    """Reads a page of the list in one query of two steps. First the keys of the page's rows, filtered and sorted as
    asked: only the columns the WHERE and ORDER BY need, so the database sorts a narrow list instead of every row
    joined to its related rows. Then those rows alone, as the admin's `page_rows` reads them (only the columns the
    list shows). Actions and the CSV export read `get_queryset()`: whole rows, every row selected.

    Each row's link, the list's filters included, comes from one reverse() per page (Django reverses each row's link,
    then resolves it again to add the filters)."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        # The rows' links carry the list's filters themselves (url_for_result), so the template adds none per row.
        self.row_link_filters, self.preserved_filters = self.preserved_filters, ""
        self.row_link = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[ROW_KEY],
            current_app=self.model_admin.admin_site.name,
        )
        page = self.result_list.values("pk")  # sliced: a subquery the database runs first, on narrow rows
        rows = self.root_queryset.filter(pk__in=page).order_by(*self.result_list.query.order_by)
        self.result_list = self.model_admin.page_rows(rows)

    def url_for_result(self, result: models.Model) -> str:
        url = self.row_link.replace(ROW_KEY, str(quote(getattr(result, self.pk_attname))), 1)
        return f"{url}?{self.row_link_filters}" if self.row_link_filters else url


class CheapListMixin:
    """For a ModelAdmin whose list is long: no full-table count, a bounded filtered count, the page read first
    (PageFirstChangeList) with only `list_columns`, and each row's action checkbox written directly; Django renders
    it through the form widget templates, which was most of the time of a 50-row page. (The column's header, the
    select-all box, Django writes by this name.)"""

    show_full_result_count = False
    paginator = BoundedCountPaginator
    # The fields the list's columns read (paths through `list_select_related`); empty: whole rows.
    list_columns: Sequence[str] = ()
    # Django's changelist page, its table written by `page_result_list`.
    change_list_template = "admin/page_first_change_list.html"

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return PageFirstChangeList

    def page_rows(self, queryset: QuerySet) -> QuerySet:
        """The rows of one page of the list (`queryset` holds just them): what the columns read and no more."""
        queryset = queryset.select_related(None)
        if self.list_select_related is True:
            queryset = queryset.select_related()
        elif self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset.only(*self.list_columns) if self.list_columns else queryset

    def row_label(self, obj: models.Model) -> str:
        """The row's name in its checkbox's label, for a screen reader."""
        return str(obj)

    def action_checkbox(self, obj: models.Model) -> SafeString:
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            f"Select this object for an action - {self.row_label(obj)}",
        )


# A cell of the list: the row's object -> its <td> (or <th>), escaped.
Cell = Callable[[models.Model], str]
# What a cell shows: the row's object -> (the value as Django's admin displays it, the cell's classes).
Shown = Callable[[models.Model], tuple[object, str]]


def page_result_list(cl: ChangeList) -> dict:
    """The context of the list's table (admin/change_list_results.html), as Django's `result_list` tag makes it, each
    row written as one piece by `_cells`. Django works out, for every cell of every row, what kind of column it is,
    its classes, its choices and its link (most of the time of a 50-row page); here that is done once per page.
    Lists that edit rows in place, popups and columns `_cells` does not know get Django's own rendering."""
    cells = _cells(cl) if isinstance(cl, PageFirstChangeList) and not cl.formset and not cl.is_popup else None
    if cells is None:
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": [ResultList(None, [mark_safe("".join([cell(row) for cell in cells]))]) for row in cl.result_list],  # noqa: S308 (each cell escapes)
    }


def _cells(cl: PageFirstChangeList) -> list[Cell] | None:
    """One function per column writing that column's cell, exactly as Django's `items_for_result` does; None if a
    column is neither a model's field nor the admin's (or a given) callable."""
    links = cl.list_display_links
    empty = cl.model_admin.get_empty_value_display()
    first, cells = True, []
    for index, name in enumerate(cl.list_display):
        shown = _shown(cl, name, index, empty, linked := links is not None and ((first and not links) or name in links))
        if shown is None:
            return None
        if linked:
            cells.append(_linked_cell(cl, shown, "th" if first else "td"))
            first = False
        else:
            cells.append(_cell(shown))
    return cells


def _cell(shown: Shown) -> Cell:
    def cell(row: models.Model) -> str:
        value, classes = shown(row)
        return f'<td class="{classes}">{_html(value)}</td>'

    return cell


def _linked_cell(cl: PageFirstChangeList, shown: Shown, tag: str) -> Cell:
    """The cell linking to the row's page: the link with the list's filters made once, the row's key put in."""
    link = cl.row_link + (f"?{cl.row_link_filters}" if cl.row_link_filters else "")
    link = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, link)
    pk = cl.pk_attname

    def cell(row: models.Model) -> str:
        value, classes = shown(row)
        url = html.escape(link.replace(ROW_KEY, str(quote(getattr(row, pk))), 1))
        return f'<{tag} class="{classes}"><a href="{url}">{_html(value)}</a></{tag}>'

    return cell


def _html(value: object) -> str:
    """conditional_escape's text, without its lazy-text wrapper and SafeString around every cell."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(value if isinstance(value, str) else str(value))


def _shown(cl: ChangeList, name: str | Callable, index: int, empty: str, linked: bool) -> Shown | None:
    """How column `name` shows a row's value: what admin.utils.lookup_field and display_for_* do for each cell."""
    admin = cl.model_admin
    try:
        field = _get_non_gfk_field(cl.lookup_opts, name)
    except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
        if callable(name):
            label = f"lambda{index}" if name.__name__ == "<lambda>" else name.__name__
            return _computed(name, f"field-{label}", empty)
        if hasattr(admin, name) and name != "__str__":
            return _computed(
                getattr(admin, name), "action-checkbox" if name == "action_checkbox" else f"field-{name}", empty
            )
        return None  # a model's attribute, property or path: Django's rendering
    if field.auto_created:  # the key: shown as a value, not through its field
        return _computed(lambda row: getattr(row, name), f"field-{name}", empty)
    plain = f"field-{name}"
    classes = f"{plain} nowrap" if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)) else plain
    relation = isinstance(field.remote_field, models.ManyToOneRel)
    choices = _choices(field)

    def shown(row: models.Model) -> tuple[object, str]:
        try:
            value = getattr(row, name)
        except ObjectDoesNotExist:
            return empty, plain
        if relation:
            return (empty if value is None else value), classes
        if isinstance(value, str) and not value.strip():
            value = ""
        if choices is not None:
            try:
                return choices.get(value, empty), classes
            except TypeError:  # an unhashable value: Django's way
                pass
        return display_for_field(value, field, empty, avoid_link=linked), classes

    return shown


def _computed(function: Callable, plain: str, empty: str) -> Shown:
    """A column the admin (or the list) computes from the row: shown as display_for_value shows what it returns."""
    own_empty = getattr(function, "empty_value_display", empty)
    boolean = getattr(function, "boolean", False)

    def shown(row: models.Model) -> tuple[object, str]:
        try:
            value = function(row)
        except ObjectDoesNotExist:
            return empty, plain
        if isinstance(value, str):
            if not boolean:  # most columns: display_for_value's answer, without its tests
                return (value if value.strip() else own_empty), plain
            value = value if value.strip() else ""
        if isinstance(value, (dt.date, dt.time)):
            return display_for_value(value, own_empty, boolean), f"{plain} nowrap"
        return display_for_value(value, own_empty, boolean), plain

    return shown


def _choices(field: models.Field) -> dict | None:
    """The field's choices as display_for_field reads them, each label translated and escaped once for the page
    (None: no choices, or choices no dict can hold)."""
    if not getattr(field, "flatchoices", None):
        return None
    try:
        return {value: conditional_escape(label) for value, label in field.flatchoices}
    except TypeError:
        return None
