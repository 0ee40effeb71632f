"""`{{ render_cards(records, "app/includes/x_card.html", "x") }}`: a list's cards, each kept per content version.

A list page (a filter combination, a page of the directory, a language) is a page of its own for the page
cache, so faceted browsing renders the same cards again and again. Here each card's HTML is kept under its
record, its template, the language and the content version (which goes up on every write to a content app,
so a renamed city or a new image shows at once); a page fetches all its cards with one cache call and renders
only those it does not find. Visitors who see drafts get cards rendered afresh (their cards differ).

The cards of records that have pages of their own (exhibits) are kept under that record's version instead of
its app's (`core.cache.record_card_versions`): saving one exhibit, or its images, renders only its card again,
while a write not tied to one exhibit (a room renamed) or to another app (a city) renders them all again.
"""

import jinja2
from django.db.models import QuerySet
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from core.cache import content_version, kept_many, kept_rows, record_card_versions, record_field
from core.publishing import sees_drafts

# An hour bounds what old versions leave behind in the cache; a busy list is rendered again at most hourly.
CARD_SECONDS = 60 * 60


class Keyed:
    """Records known by their primary keys, in order, and the queryset that loads them: what a view hands to
    `{% render_cards %}` when it has read the keys itself (search reads one more to know whether there are
    more), so that whole records are loaded only for the cards that are not kept.

    `parts(groups)` splits a page into parts shown apart (the events list's upcoming and past events): the first
    part that needs records loads those of the whole page, in one query."""

    def __init__(self, pks, queryset, page=None, names=None):
        # `queryset` may be a function that gives it, called only when records are loaded: building a list's
        # queryset (its joins, columns and prefetches) is wasted when every card is kept.
        self.pks, self._queryset, self.page = list(pks), queryset, page
        # For records with pages of their own (`record_field`): (model, {pk: the value naming its page}), so that
        # each card is kept under its own record's version.
        self.names = names
        self._loaded = {}

    @cached_property
    def queryset(self):
        return self._queryset if isinstance(self._queryset, QuerySet) else self._queryset()

    @classmethod
    def named(cls, rows, model, queryset):
        """Records of `model` known by (pk, the value naming its page) rows, in order (a page of exhibits)."""
        rows = list(rows)
        return cls([pk for pk, _ in rows], queryset, names=(model, dict(rows)) if record_field(model) else None)

    def parts(self, groups):
        return [Keyed(pks, self._queryset, page=self) for pks in groups]

    def load(self, pks, whole_page=False):
        """{pk: record} for those of `pks` that the queryset finds. A part asks for those of the whole page with its
        own, so that the parts' records come in one query."""
        if self.page is not None:
            return self.page.load(pks, whole_page=True)
        wanted = self.pks if whole_page and set(pks) <= set(self.pks) else pks
        missing = [pk for pk in wanted if pk not in self._loaded]
        if missing:
            self._loaded.update(_load(self.queryset, missing))
        return {pk: self._loaded[pk] for pk in pks if pk in self._loaded}

    def __iter__(self):
        loaded = self.load(self.pks)
        return iter([loaded[pk] for pk in self.pks if pk in loaded])

    def __len__(self):
        return len(self.pks)

    def __bool__(self):
        return bool(self.pks)

    def __getitem__(self, index):
        """A slice is Keyed too (a Paginator's page of a list ordered by keys: the partner-city directory)."""
        if isinstance(index, slice):
            return Keyed(self.pks[index], self._queryset)
        return self.queryset.get(pk=self.pks[index])


def _page(records):
    """(primary keys in order, {pk: record} already loaded, a function that loads the others or None, and for
    records with pages of their own (model, {pk: the value naming its page}) or None). For a page of a QuerySet
    only the keys are read here (one narrow query); whole records are loaded later for the cards not kept."""
    object_list = getattr(records, "object_list", records)  # a Paginator's page, or the records themselves
    if isinstance(object_list, Keyed):
        return object_list.pks, {}, object_list.load, object_list.names
    if isinstance(object_list, QuerySet) and object_list._result_cache is None:
        keys, field = object_list.prefetch_related(None), record_field(object_list.model)
        if field is None:
            return kept_rows(keys.values_list("pk", flat=True)), {}, lambda missing: _load(object_list, missing), None
        rows = kept_rows(keys.values_list("pk", field))
        return [pk for pk, _ in rows], {}, lambda missing: _load(object_list, missing), (object_list.model, dict(rows))
    object_list = list(object_list)
    model = type(object_list[0]) if object_list else None
    field = record_field(model) if model else None
    names = (model, {record.pk: getattr(record, field) for record in object_list}) if field else None
    return [record.pk for record in object_list], {record.pk: record for record in object_list}, None, names


def _load(queryset, pks):
    """The whole records (with the list's select_related and prefetches) for the primary keys `pks`."""
    loader = queryset._chain()
    loader.query.clear_limits()
    return loader.filter(pk__in=pks).in_bulk()


@jinja2.pass_context
def render_cards(context, records, template_name, name):
    """The cards of `records`, each rendered by `template_name` with the record as `name` over the page's values."""
    card = context.environment.get_template(template_name)
    user = context.get("user")
    version = None if user is None or sees_drafts(user) else content_version()
    values = context.get_all()

    def render(record):
        return card.render({**values, name: record})

    # No version (cache down, a visitor who sees drafts, or the site has not connected invalidation): render all.
    if not version:
        return mark_safe("".join(render(record) for record in records))  # noqa: S308 - template output
    pks, loaded, load, names = _page(records)

    def build(missing):
        found = {pk: loaded[pk] for pk in missing if pk in loaded}
        if load is not None:
            found.update(load([pk for pk in missing if pk not in found]))
        return {pk: render(found[pk]) for pk in missing if pk in found}

    stem = f"card:jinja:{template_name}:{translation.get_language()}:"
    versions = record_card_versions(names[0], names[1].values()) if names else None
    if versions is None:
        cards = kept_many(f"{stem}{version}:", pks, build, CARD_SECONDS)
    else:
        # Each card under its own record's version: saving one exhibit renders only that exhibit's card again.
        (rest, own), named = versions, names[1]
        idents = {f"{pk}.{own[named[pk]]}": pk for pk in pks}
        kept = kept_many(
            f"{stem}{rest}:",
            list(idents),
            lambda missing: {
                f"{pk}.{own[named[pk]]}": html for pk, html in build([idents[i] for i in missing]).items()
            },
            CARD_SECONDS,
        )
        cards = {idents[ident]: html for ident, html in kept.items()}
    return mark_safe("".join(cards[pk] for pk in pks if pk in cards))  # noqa: S308 - escaped on render
