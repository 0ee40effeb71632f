"""Pages of a public list. Counting 100,000 exhibits costs more than showing 24 of them, so the count
of each distinct list is kept until the content changes."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.utils.functional import cached_property

from .cache import cached_for_content, kept_rows, rows_key
from .publishing import sees_drafts


class CountCachingPaginator(Paginator):
    """Counts kept until the content changes; a page of plain values (a list's keys) kept too."""

    @cached_property
    def count(self):
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)  # a list, or a Chain that counts its parts
        return kept_count(self.object_list)

    def page(self, number):
        page = super().page(number)
        if isinstance(page.object_list, QuerySet) and _plain(page.object_list):
            page.object_list = kept_rows(page.object_list)
        return page


def _plain(queryset):
    """Whether `queryset` gives plain values (a `values_list`), which `kept_rows` keeps, rather than records."""
    return not issubclass(queryset._iterable_class, ModelIterable)


def _rows(queryset):
    """The rows of `queryset`: plain values kept until the content changes, records read."""
    return kept_rows(queryset) if _plain(queryset) else list(queryset)


def kept_count(queryset):
    """`queryset.count()`, kept until the content changes, under the key of its rows."""
    key = rows_key(queryset)
    return 0 if key is None else cached_for_content(f"list-count:{key}", queryset.count)


class Whole:
    """A part of a `Chain` with few rows, asked whole rather than a page at a time: a LIMIT can lead
    PostgreSQL's planner to walk an index in order past thousands of rows that fail the filter."""

    def __init__(self, queryset):
        self.queryset = queryset

    @cached_property
    def rows(self):
        return _rows(self.queryset)

    def __getitem__(self, index):
        return self.rows[index]


class Chain:
    """Querysets shown one after the other as one list a Paginator can page: each part is counted (kept until
    the content changes) and asked only for the rows of the page that fall in it, if any, so each part may be a
    short query that its own index answers, where one query ordering the whole list by a computed key cannot be.
    Parts of plain values (a list's keys, `values_list`) are kept too until the content changes."""

    def __init__(self, parts):
        self.parts = parts

    @cached_property
    def counts(self):
        return [kept_count(part.queryset if isinstance(part, Whole) else part) for part in self.parts]

    def count(self):
        return sum(self.counts)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("A Chain is read a page at a time: chain[start:stop].")
        start, stop, _ = index.indices(self.count())
        rows = []
        for part, size in zip(self.parts, self.counts, strict=True):
            if start < size and start < stop:
                piece = part[start : min(stop, size)]
                rows += piece if isinstance(part, Whole) else _rows(piece)
            start, stop = max(start - size, 0), max(stop - size, 0)
        return rows


class Named:
    """A list's rows of plain values (a `values_list`, or a `Chain` of them) kept until the content changes under
    a name for what chose them (a list's filters' cleaned values, say) rather than under their SQL: a repeat visit
    to a page of a filtered list then neither builds nor compiles its query (building the filters' querysets and
    printing their SQL to name them was a third of a filtered list's time). `build()` gives the rows; it is called
    only for what is not kept. The name must hold everything the rows depend on besides the content and the
    language (which `cached_for_content` adds): who sees them is the caller's (`page_of_named`)."""

    def __init__(self, name, build, reads=()):
        self.name, self.build, self.reads = name, build, reads

    @cached_property
    def rows(self):
        return self.build()

    def count(self):
        return cached_for_content(f"named-count:{self.name}", lambda: _count(self.rows), reads=self.reads)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("A named list is read a page at a time: rows[start:stop].")
        name = f"named-rows:{self.name}:{index.start}:{index.stop}"
        return cached_for_content(name, lambda: list(self.rows[index]), reads=self.reads)


def _count(rows):
    return rows.count() if isinstance(rows, QuerySet) else len(rows)


def page_of(request, queryset, per_page):
    """The page `?page=` asks for; a bad or out-of-range number gives the first or last page, never an error."""
    return CountCachingPaginator(queryset, per_page).get_page(request.GET.get("page"))


def page_of_named(request, name, build, per_page, reads=()):
    """`page_of` the rows `build()` gives (plain values), kept under `name` for visitors who see published
    records only (see `Named`); visitors who see drafts get them under their SQL, as `page_of` keeps them."""
    rows = build() if sees_drafts(request.user) else Named(name, build, reads)
    return page_of(request, rows, per_page)
