"""A paginator for the admin's long lists whose count never reads a whole table."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_LIMIT = 10_000


class BoundedCountPaginator(Paginator):
    """Counts at most COUNT_LIMIT + 1 rows (`SELECT count(*) FROM (... LIMIT n)`), so a page of a huge list
    costs the same as a page of a small one. Past the limit the list shows COUNT_LIMIT + 1 rows' pages:
    a chair narrows it with a filter or the search rather than paging through ten thousand rows."""

    @cached_property
    def count(self) -> int:
        return self.object_list[: COUNT_LIMIT + 1].count()
