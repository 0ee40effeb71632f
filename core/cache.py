"""A cache of whole public pages for anonymous visitors, and of values derived from the content.

One entry point: the site calls `connect_invalidation(content_apps, pages)` at start-up.

- Each content app has a version in the cache. Once a write to one of its records commits (save,
  delete, many-to-many change, `QuerySet.update`/`bulk_create`/`bulk_update` through
  `core.publishing.ContentQuerySet`, imports, `loaddata`), that app's version goes up.
- A page is stored under its address, holding only the query parameters the page reads, plus the
  versions of the apps it reads. `pages` describes the site's pages by URL name (`Page`); any
  other page reads every app and is stored only when it has no query string. So a museum save
  leaves the event list in the cache, and junk query strings never make new entries.
- A record's page (`Page.record`, the exhibit page) reads its own record version instead of its
  app's: a write tied to that record (the exhibit, or a row pointing to it: images, loans, …) raises
  only that record's version, and any other write to the app raises the app's "shared" version.
  So saving one exhibit leaves every other exhibit's page in the cache.
- Only what a stranger could see is stored: GET requests under a language prefix, without a
  session or messages cookie, answered 200 with no cookie set. Staff (who carry a session cookie
  and see drafts) always bypass it.
- The cache helps and is never needed: every call to it is guarded. After one failure a worker
  leaves the cache alone for a few seconds, so a down or hung Redis costs a visitor at most one
  short socket timeout (settings: CACHES OPTIONS), and versions it could not raise are raised as
  soon as the cache answers again.
"""

import hashlib
import itertools
import logging
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, EmptyResultSet, ObjectDoesNotExist
from django.db import transaction
from django.db.models.query import ModelIterable
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.http import QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from simple_history.models import HistoricalChanges

from .publishing import sees_drafts

logger = logging.getLogger(__name__)

VERSION_KEY = "public-page:version:{}"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
# On every page the cache could serve: "hit" or "miss" (for access logs and `make bench`'s hit ratio).
CACHE_HEADER = "X-Page-Cache"
# After a failed cache call this worker works without the cache for this long.
PAUSE_AFTER_FAILURE = 5.0
# A record's version may be forgotten after this long: pages stored under it have expired by then.
RECORD_VERSION_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Page:
    """What a public page reads: the content apps whose records it shows (all when empty) and the query
    parameters it takes (None: unknown, so the page is stored only without a query string).

    `record` ("app.model", "field") makes the page the page of one record, named by the URL argument `field`:
    it then reads that record, the rows that point to it (images, loans, …) and the rest of its app only
    where a write cannot be tied to one record, so saving one exhibit leaves the other exhibits' pages cached.
    """

    reads: tuple = ()
    params: tuple | None = ()
    record: tuple | None = None


UNDESCRIBED_PAGE = Page(params=None)

_site = {"content_apps": (), "pages": {}, "records": {}, "links": {}}

# Each worker remembers the versions for a second and keeps its most visited pages in memory, so a
# repeated anonymous visit costs no network round trip; a change made elsewhere shows within a second.
VERSION_MEMO_SECONDS = 1.0
LOCAL_PAGES = 200
_version_memo = {"value": None, "until": 0.0}
_record_memo = {}
_local_pages = OrderedDict()


class LocalValues:
    """Each worker's most used values, under keys that name their content version (so an entry is never stale,
    only unused), bounded in number and in the size of their text: least recently used first out."""

    def __init__(self, entries, text_bytes, one_limit):
        self.entries, self.text_bytes, self.one_limit = entries, text_bytes, one_limit
        self._items = OrderedDict()
        self._text = 0

    def get(self, key, now):
        entry = self._items.get(key)
        if entry is None or now >= entry[1]:
            return None
        self._items.move_to_end(key)
        return entry

    def put(self, key, value, until):
        size = len(value) if isinstance(value, str | bytes) else 0
        if size > self.one_limit:  # a whole open dataset: Redis keeps it, a worker does not
            return
        old = self._items.pop(key, None)
        if old is not None:
            self._text -= old[2]
        self._items[key] = (value, until, size)
        self._text += size
        while len(self._items) > self.entries or self._text > self.text_bytes:
            self._text -= self._items.popitem(last=False)[1][2]

    def clear(self):
        self._items.clear()
        self._text = 0

    def __len__(self):
        return len(self._items)


# Each worker's most used values of `cached_for_content` (key: name, language and content version): drop-down
# choices, counts, sections, the world map's drawing (220 kB for 500 partners, read from Redis and unpickled on
# every visit to the home page while the limit was 100 kB).
_local_values = LocalValues(entries=500, text_bytes=8_000_000, one_limit=1_000_000)
# And the records' cards, API representations and OAI metadata of `kept_many`: a list page's 24 cards cost one
# round trip to Redis and 24 unpickles otherwise. About 2 kB a card: some 6 MB a worker when full.
_local_kept = LocalValues(entries=3_000, text_bytes=8_000_000, one_limit=100_000)
_outage = {"until": 0.0, "missed": set()}


# -- Guarded calls ---------------------------------------------------------------------------------


def _cache_call(method, *args, **kwargs):
    """`cache.<method>(...)` (or `method(...)` for a function of several calls), or None while the cache is
    unavailable; never raises."""
    if time.monotonic() < _outage["until"]:
        return None
    try:
        return method(*args, **kwargs) if callable(method) else getattr(cache, method)(*args, **kwargs)
    except Exception:
        _outage["until"] = time.monotonic() + PAUSE_AFTER_FAILURE
        logger.warning("The cache is unavailable; serving without it for %s s", PAUSE_AFTER_FAILURE, exc_info=True)
        return None


def _fresh_version():
    # Larger than any version handed out before, so pages stored under a lost version never come back.
    return int(time.time() * 1000)


def _versions():
    """{content app: version}, read once a second per worker; None while the cache is unavailable."""
    now = time.monotonic()
    if _version_memo["value"] is not None and now < _version_memo["until"]:
        return _version_memo["value"]
    if _outage["missed"] and now >= _outage["until"]:
        missed = tuple(_outage["missed"])
        _outage["missed"].clear()
        _bump(*missed)
    names = [name for label in _site["content_apps"] for name in (label, f"{label}:shared")]
    keys = {name: VERSION_KEY.format(name) for name in names}
    found = _cache_call("get_many", list(keys.values()))
    if found is None:
        return None
    for key in keys.values():
        if key not in found:
            _cache_call("add", key, _fresh_version(), timeout=None)
            found[key] = _cache_call("get", key)
            if found[key] is None:
                return None
    versions = {name: found[key] for name, key in keys.items()}
    _version_memo.update(value=versions, until=now + VERSION_MEMO_SECONDS)
    return versions


def _record_version(name):
    """The version of one record's page; None while the cache is unavailable."""
    versions = _record_versions([name])
    return None if versions is None else versions[name]


def _record_versions(names):
    """{name: version} of records' pages, each read once a second per worker (one call for all those not read in
    the last second); None while the cache is unavailable. A missing one starts fresh, so a page or card stored
    under an evicted version never returns."""
    now = time.monotonic()
    versions = {name: memo[0] for name in names if (memo := _record_memo.get(name)) is not None and now < memo[1]}
    unread = [name for name in names if name not in versions]
    if unread:
        found = _cache_call("get_many", [VERSION_KEY.format(name) for name in unread])
        if found is None:
            return None
        if len(_record_memo) + len(unread) > LOCAL_PAGES:
            _record_memo.clear()
        absent = [VERSION_KEY.format(name) for name in unread if VERSION_KEY.format(name) not in found]
        if absent:
            # Started fresh, all at once (a list of exhibits not seen for a day), and read again: a writer may
            # have raised one in between.
            if _cache_call(_add_many, dict.fromkeys(absent, _fresh_version()), RECORD_VERSION_SECONDS) is None:
                return None
            started = _cache_call("get_many", absent)
            if started is None or len(started) < len(absent):
                return None
            found.update(started)
        for name in unread:
            versions[name] = found[VERSION_KEY.format(name)]
            _record_memo[name] = (versions[name], now + VERSION_MEMO_SECONDS)
    return versions


def _add_many(data, timeout):
    """`cache.add` for each key, in one round trip where the backend can (core.redis_cache)."""
    if hasattr(cache, "add_many"):
        return cache.add_many(data, timeout)
    return {key: cache.add(key, value, timeout) for key, value in data.items()}


def record_field(model):
    """The field that names a record of `model` on its own page (the exhibit's accession number), or None."""
    return _site["records"].get(model._meta.label_lower)


def record_card_versions(model, values):
    """For records of a model with pages of their own (the exhibit), named by `values` (the `record_field` of
    each): (the version of all a card reads besides its record, {value: that record's version}); None while the
    cache is unavailable. A save of one exhibit then leaves every other exhibit's card kept."""
    versions = _versions()
    if versions is None:
        return None
    model_label = model._meta.label_lower
    label = model_label.split(".")[0]
    own = _record_versions([f"{model_label}:{value}" for value in values])
    if own is None:
        return None
    others = ".".join(f"{name}{versions[name]}" for name in sorted(_site["content_apps"]) if name != label)
    return f"{others}.{label}:shared{versions[label + ':shared']}", {
        value: own[f"{model_label}:{value}"] for value in values
    }


def content_version(reads=()):
    """A token that changes when a record of the apps `reads` changes (all content apps when empty);
    None while the cache is unavailable, "" when one of `reads` has no version (an app's tests without the site):
    nothing is kept then."""
    versions = _versions()
    if versions is None:
        return None
    labels = sorted(reads or _site["content_apps"])
    if any(label not in versions for label in labels):
        return ""
    return ".".join(f"{label}{versions[label]}" for label in labels)


def _page_version(page, kwargs):
    """The versions a page's key holds: its apps', or for a record's page its record's, the record app's
    shared one and the other apps'."""
    if page.record is None:
        return content_version(page.reads)
    model, field = page.record
    label = model.split(".")[0]
    versions = _versions()
    record = _record_version(f"{model}:{kwargs.get(field, '')}")
    if versions is None or record is None:
        return None
    others = ".".join(
        f"{name}{versions[name]}" for name in sorted(page.reads or _site["content_apps"]) if name != label
    )
    return f"{others}.{label}:shared{versions[label + ':shared']}.{model}:{record}"


def kept_many(prefix, ids, build, seconds):
    """{id: value} for `ids`, each kept in the cache under `prefix` + id (one call to read them all):
    `build(missing_ids)` gives {id: value} for those not kept, which are kept for `seconds`. Records'
    cards, API representations and OAI metadata are kept this way, `prefix` naming their content version."""
    keys = {ident: f"{prefix}{ident}" for ident in ids}
    now = time.monotonic()
    values = {}
    for ident, key in keys.items():
        if (entry := _local_kept.get(key, now)) is not None:
            values[ident] = entry[0]
    unread = [key for ident, key in keys.items() if ident not in values]
    found = (_cache_call("get_many", unread) or {}) if unread else {}
    for ident, key in keys.items():
        if key in found:
            values[ident] = found[key]
            # Redis's own expiry is not known here: kept here no longer than a value stored now would be.
            _local_kept.put(key, found[key], now + seconds)
    missing = [ident for ident in keys if ident not in values]
    if missing:
        fresh = build(missing)
        _cache_call("set_many", {keys[ident]: value for ident, value in fresh.items()}, seconds)
        for ident, value in fresh.items():
            _local_kept.put(keys[ident], value, now + seconds)
        values.update(fresh)
    return values


def rows_key(queryset):
    """A short key naming the rows of `queryset`, for what is kept per list (a count, an order, a map): its WHERE
    clause and DISTINCT, compiled without columns, joins for display or order. A list's whole query with its
    `select_related` takes 2.4 ms to print, its bare WHERE clause 0.1 ms. None for a query that matches nothing."""
    try:
        sql, params = queryset.values_list("pk").order_by().query.sql_with_params()
    except EmptyResultSet:
        return None
    return hashlib.sha256(repr((sql, params, queryset.query.distinct)).encode()).hexdigest()


def kept_rows(queryset):
    """`list(queryset)` of plain values (a `values_list`), kept until the content changes under its SQL: a list
    page's keys, so a repeat visit to a page of a list asks nothing. Rows of model instances are not kept here.
    The SQL names who may see the rows (a visitor's asks for published records only), so anyone may share them."""
    if issubclass(queryset._iterable_class, ModelIterable):
        raise TypeError("kept_rows() keeps plain values: give it a values_list().")
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    key = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    return cached_for_content(f"rows:{key}", lambda: list(queryset))


def cached_for_content(name, compute, seconds=600, reads=()):
    """`compute()` kept in the cache until the content of `reads` changes (per language): drop-down choices
    and the like. Computed afresh while the cache is unavailable, and where nothing connected invalidation
    (an app's tests without the site).

    Each worker also keeps its most used values in memory under the same key, which names the content
    version: a page's drop-downs, counts and sections then cost no round trip to the shared cache and no
    unpickling (a list of 500 cities), and a change shows as soon as the version does, within a second.
    None (nothing found) is not kept. Callers must not change the value they are given."""
    version = content_version(reads)
    if not version:  # the cache is unavailable, or nothing raises versions (no site connected invalidation)
        return compute()
    key = f"derived:{name}:{translation.get_language()}:{version}"
    now = time.monotonic()
    if (entry := _local_values.get(key, now)) is not None:
        return entry[0]
    value = _cache_call("get", key)
    if value is None:
        value = compute()
        if value is None:  # nothing found (an unknown address): not kept, so junk fills neither cache
            return None
        _cache_call("set", key, value, seconds)
    _local_values.put(key, value, now + seconds)
    return value


def typed_key(text):
    """A cache key's part for what a visitor typed (an address, search words): short, of safe characters."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def kept_for_visitors(user, name, load, reads=()):
    """`load()` (a record a page shows, with what it names), kept by `cached_for_content` for visitors who see
    published records only: a repeat visit asks nothing. Visitors who see drafts get it afresh (theirs differs)."""
    return load() if sees_drafts(user) else cached_for_content(name, load, reads=reads)


# -- Invalidation ----------------------------------------------------------------------------------


def _forget_local():
    _version_memo.update(value=None, until=0.0)
    _record_memo.clear()
    _local_pages.clear()
    _local_values.clear()
    _local_kept.clear()


def _names_of_apps(app_labels):
    """The versions that a write to the given apps, not tied to one record, raises."""
    return [name for label in app_labels for name in (label, f"{label}:shared")]


def bump_content_version(*app_labels):
    """Make the cached pages that read `app_labels` (every content app when none) stale, now.

    Writes should call `invalidate_on_commit` instead; this is for after bulk loads outside a transaction."""
    _bump(*_names_of_apps(app_labels or _site["content_apps"]))


def _bump(*names):
    _forget_local()
    for name in names:
        if _cache_call(_raise_version, name) is None:
            # A cache outage must not stop staff from saving; the version goes up when the cache is back.
            _outage["missed"].add(name)


def _raise_version(name):
    key = VERSION_KEY.format(name)
    try:
        cache.incr(key)
    except ValueError:
        # The key is missing (a fresh or flushed cache): start a new, larger version.
        is_record = "." in name.partition(":")[0]
        cache.set(key, _fresh_version(), timeout=RECORD_VERSION_SECONDS if is_record else None)
    return True


_sequence = itertools.count()


class _BumpOnCommit:
    """Raises version `name` after a commit, unless a raise of it already ran on this connection since the
    write: a transaction that writes 10,000 rows queues 10,000 of these and raises the version once."""

    def __init__(self, name, connection):
        self.name = name
        self.connection = connection
        self.queued = next(_sequence)

    def __call__(self):
        done = getattr(self.connection, "_page_cache_bumped", {})
        if done.get(self.name, -1) > self.queued:
            return
        _bump(self.name)
        self.connection._page_cache_bumped = {**done, self.name: next(_sequence)}


def _on_commit(names, using):
    connection = transaction.get_connection(using)
    for name in names:
        transaction.on_commit(_BumpOnCommit(name, connection), using=using)


def invalidate_on_commit(*app_labels, using=None):
    """Make the pages that read `app_labels` stale once the current transaction commits (at once outside
    one), so no visitor can store the old content under the new version."""
    _on_commit(_names_of_apps(label for label in app_labels if label in _site["content_apps"]), using)


def _record_names(sender, instance):
    """The record pages a write to `instance` shows on ("museum.exhibit:HISCM.2009.1"), or None when it cannot
    be tied to records (then every page of the app is stale)."""
    model = sender._meta.label_lower
    if model in _site["records"]:
        # Its address may have changed: the page at the old one is stale too.
        values = {getattr(instance, _site["records"][model]), getattr(instance, "_page_cache_loaded_as", None)}
        return [f"{model}:{value}" for value in values if value is not None]
    links = _site["links"].get(model)
    if not links:
        return None
    names = []
    for fk_name, record_model, field in links:
        try:
            related = getattr(instance, fk_name)
        except ObjectDoesNotExist:  # deleted with it
            related = None
        if related is None:
            return None
        names.append(f"{record_model}:{getattr(related, field)}")
    return names


def _remember_address(sender, instance, **kwargs):
    instance._page_cache_loaded_as = instance.__dict__.get(_site["records"][sender._meta.label_lower])


def _record_changed(sender, instance=None, using=None, action=None, **kwargs):
    if action is not None:  # many-to-many: tied to no single record
        if action in ("post_add", "post_remove", "post_clear"):
            invalidate_on_commit(sender._meta.app_label, using=using)
        return
    records = _record_names(sender, instance)
    if records is None:
        invalidate_on_commit(sender._meta.app_label, using=using)
    else:
        _on_commit([sender._meta.app_label, *records], using)


def connect_invalidation(app_labels, pages=None):
    """Invalidate on every committed write to the models of the given content apps; `pages`:
    {URL name: Page} for the site's public pages."""
    _site.update(content_apps=tuple(app_labels), pages=dict(pages or {}))
    for name, page in _site["pages"].items():
        unknown = set(page.reads) - set(app_labels)
        if unknown:
            raise ValueError(f"Page {name!r} reads {sorted(unknown)}, which are not content apps.")
        if page.record is not None:
            _site["records"][page.record[0]] = page.record[1]
    # Rows that point to a record (an exhibit's images, loans, movements) show on that record's page.
    _site["links"] = {
        model._meta.label_lower: [
            (field.name, field.related_model._meta.label_lower, _site["records"][field.related_model._meta.label_lower])
            for field in model._meta.concrete_fields
            if field.is_relation and field.many_to_one and field.related_model._meta.label_lower in _site["records"]
        ]
        for model in apps.get_models()
    }
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, HistoricalChanges):
                continue  # history is for staff, never on a public page
            uid = f"public-page-cache:{model._meta.label}"
            if model._meta.label_lower in _site["records"]:
                post_init.connect(_remember_address, sender=model, weak=False, dispatch_uid=uid)
            post_save.connect(_record_changed, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(_record_changed, sender=model, weak=False, dispatch_uid=uid)
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(_record_changed, sender=through, weak=False, dispatch_uid=f"{uid}.{field.name}")


# -- The page cache --------------------------------------------------------------------------------


def _local_get(key):
    entry = _local_pages.get(key)
    if entry is None or entry[1] < time.monotonic():
        return None
    _local_pages.move_to_end(key)
    return entry[0]


def _local_put(key, response, seconds):
    _local_pages[key] = (response, time.monotonic() + seconds)
    _local_pages.move_to_end(key)
    while len(_local_pages) > LOCAL_PAGES:
        _local_pages.popitem(last=False)


def _page_for(request):
    """(Page, URL arguments) for the request's URL; Page is None when it is no page under a language prefix."""
    language = translation.get_language_from_path(request.path_info)
    if language is None:
        return None, {}
    with translation.override(language):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None, {}
    return _site["pages"].get(match.view_name, UNDESCRIBED_PAGE), match.kwargs


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache. Goes before the session middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        key = self._key(request) if seconds > 0 and self._cacheable_request(request) else None
        if key is None:
            response = self.get_response(request)
            self._bump_after_staff_change(request, response)
            return response

        cached = _local_get(key)
        if cached is None:
            cached = _cache_call("get", key)
            if cached is not None:
                _local_put(key, cached, seconds)
        if cached is not None:
            cached[CACHE_HEADER] = "hit"
            return cached

        response = self.get_response(request)
        if self._cacheable_response(response):
            response[CACHE_HEADER] = "miss"
            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(lambda r: self._store(key, r, seconds))
            else:
                self._store(key, response, seconds)
        return response

    @staticmethod
    def _cacheable_request(request):
        return (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    @staticmethod
    def _cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "no-cache" not in cache_control
            # A nonce must be new on every response.
            and "nonce-" not in response.get("Content-Security-Policy", "")
        )

    @staticmethod
    def _key(request):
        """The page's key, or None when it is not to be cached (no page, unknown parameters, no cache)."""
        page, kwargs = _page_for(request)
        if page is None or (page.params is None and request.GET):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # the view answers 400
        version = _page_version(page, kwargs)
        if version is None:
            return None
        query = urlencode(
            sorted((name, value) for name in page.params or () for value in request.GET.getlist(name) if value)
        )
        # The view sees only what the key holds, so what is stored never depends on the rest of the address.
        request.GET = QueryDict(query)
        request.META["QUERY_STRING"] = query
        return f"public-page:{version}:{request.scheme}://{host}{request.path}?{query}"

    @staticmethod
    def _store(key, response, seconds):
        _local_put(key, response, seconds)
        _cache_call("set", key, response, seconds)

    @staticmethod
    def _bump_after_staff_change(request, response):
        # Admin actions may write without a model signal: a staff write under /admin/<content app>/ makes
        # that app's pages stale too (after the request, so after its writes committed).
        if request.method in SAFE_METHODS or response.status_code >= 400:
            return
        if not sees_drafts(getattr(request, "user", None)):
            return
        admin_root = reverse("admin:index")
        if request.path_info.startswith(admin_root):
            label = request.path_info[len(admin_root) :].split("/", 1)[0]
            if label in _site["content_apps"]:
                bump_content_version(label)


# -- Deployment check ------------------------------------------------------------------------------


@checks.register(checks.Tags.caches)
def check_shared_cache(app_configs, **kwargs):
    """Several workers with a cache in each process: a page unpublished through one stays public on the others."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    workers = int(os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) * 2 + 1)
    if settings.DEBUG or settings.PUBLIC_PAGE_CACHE_SECONDS <= 0 or workers <= 1 or not backend.endswith("LocMemCache"):
        return []
    return [
        checks.Error(
            f"The page cache is on with {workers} workers but each keeps its own memory cache, so a change "
            "shows on one worker only.",
            hint="Set REDIS_URL (a cache every worker shares), or WEB_CONCURRENCY=1, or PUBLIC_PAGE_CACHE_SECONDS=0.",
            id="core.E001",
        )
    ]
