"""What makes an admin list cheap on a long table: a bounded count, and a checkbox per row without a widget."""

from __future__ import annotations

from django.contrib.admin import helpers
from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString

COUNT_LIMIT = 10_000


class BoundedCountPaginator(Paginator):
    """Counts at most COUNT_LIMIT + 1 rows (`SELECT count(*) FROM (... LIMIT n)`), so a page of a huge list
    costs the same as a page of a small one. Past the limit the list shows COUNT_LIMIT + 1 rows' pages:
    a chair narrows it with a filter or the search rather than paging through ten thousand rows."""

    @cached_property
    def count(self) -> int:
        return self.object_list[: COUNT_LIMIT + 1].count()


class CheapListMixin:
    """For a ModelAdmin whose list is long: no full-table count, a bounded filtered count, and each row's
    action checkbox written directly; Django renders it through the form widget templates, which was
    most of the time of a 50-row page. (The column's header, the select-all box, Django writes by this name.)"""

    show_full_result_count = False
    paginator = BoundedCountPaginator

    def action_checkbox(self, obj: models.Model) -> SafeString:
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            f"Select this object for an action - {obj}",
        )
