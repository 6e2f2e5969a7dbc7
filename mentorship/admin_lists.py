"""What makes an admin list cheap on a long table: a bounded count, the page's rows read in two narrow steps, and a
checkbox per row without a widget."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString

COUNT_LIMIT = 10_000
# Stands for the row's key in the change link reversed once per page (admin URLs take any text as the key).
ROW_KEY = "--row--"


class BoundedCountPaginator(Paginator):
    """Counts at most COUNT_LIMIT + 1 rows (`SELECT count(*) FROM (... LIMIT n)`), so a page of a huge list
    costs the same as a page of a small one. Past the limit the list shows COUNT_LIMIT + 1 rows' pages:
    a chair narrows it with a filter or the search rather than paging through ten thousand rows."""

    @cached_property
    def count(self) -> int:
        return self.object_list[: COUNT_LIMIT + 1].count()


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
