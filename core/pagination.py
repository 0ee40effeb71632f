"""Pages of a public list. Counting 100,000 exhibits costs more than showing 24 of them, so the count
of each distinct list is kept until the content changes."""

import hashlib

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .cache import cached_for_content


class CountCachingPaginator(Paginator):
    @cached_property
    def count(self):
        try:
            sql = str(self.object_list.query)
        except EmptyResultSet:
            return 0
        except AttributeError:  # a list, not a QuerySet
            return len(self.object_list)
        key = hashlib.sha256(sql.encode()).hexdigest()
        return cached_for_content(f"list-count:{key}", self.object_list.count)


def page_of(request, queryset, per_page):
    """The page `?page=` asks for; a bad or out-of-range number gives the first or last page, never an error."""
    return CountCachingPaginator(queryset, per_page).get_page(request.GET.get("page"))
