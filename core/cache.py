"""A cache of whole public pages for anonymous visitors, and of values derived from the content.

One entry point: the site calls `connect_invalidation(content_apps, pages)` at start-up.

- Each content app has a version in the cache. Once a write to one of its records commits (save,
  delete, many-to-many change, `QuerySet.update`/`bulk_create`/`bulk_update` through
  `core.publishing.ContentQuerySet`, imports, `loaddata`), that app's version goes up.
- A page is stored under its address, holding only the query parameters the page reads, plus the
  versions of the apps it reads. `pages` describes the site's pages by URL name (`Page`); any
  other page reads every app and is stored only when it has no query string. So a museum save
  leaves the event list in the cache, and junk query strings never make new entries.
- Only what a stranger could see is stored: GET requests under a language prefix, without a
  session or messages cookie, answered 200 with no cookie set. Staff (who carry a session cookie
  and see drafts) always bypass it.
- The cache helps and is never needed: every call to it is guarded. After one failure a worker
  leaves the cache alone for a few seconds, so a down or hung Redis costs a visitor at most one
  short socket timeout (settings: CACHES OPTIONS), and versions it could not raise are raised as
  soon as the cache answers again.
"""

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
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from .publishing import sees_drafts

logger = logging.getLogger(__name__)

VERSION_KEY = "public-page:version:{}"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
# After a failed cache call this worker works without the cache for this long.
PAUSE_AFTER_FAILURE = 5.0


@dataclass(frozen=True)
class Page:
    """What a public page reads: the content apps whose records it shows (all when empty) and the query
    parameters it takes (None: unknown, so the page is stored only without a query string)."""

    reads: tuple = ()
    params: tuple | None = ()


UNDESCRIBED_PAGE = Page(params=None)

_site = {"content_apps": (), "pages": {}}

# Each worker remembers the versions for a second and keeps its most visited pages in memory, so a
# repeated anonymous visit costs no network round trip; a change made elsewhere shows within a second.
VERSION_MEMO_SECONDS = 1.0
LOCAL_PAGES = 200
_version_memo = {"value": None, "until": 0.0}
_local_pages = OrderedDict()
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
        bump_content_version(*missed)
    keys = {label: VERSION_KEY.format(label) for label in _site["content_apps"]}
    found = _cache_call("get_many", list(keys.values()))
    if found is None:
        return None
    for key in keys.values():
        if key not in found:
            _cache_call("add", key, _fresh_version(), timeout=None)
            found[key] = _cache_call("get", key)
            if found[key] is None:
                return None
    versions = {label: found[key] for label, key in keys.items()}
    _version_memo.update(value=versions, until=now + VERSION_MEMO_SECONDS)
    return versions


def content_version(reads=()):
    """A token that changes when a record of the apps `reads` changes (all content apps when empty);
    None while the cache is unavailable."""
    versions = _versions()
    if versions is None:
        return None
    return ".".join(f"{label}{versions[label]}" for label in sorted(reads or versions))


def cached_for_content(name, compute, seconds=600, reads=()):
    """`compute()` kept in the cache until the content of `reads` changes (per language): drop-down choices
    and the like. Computed afresh while the cache is unavailable."""
    version = content_version(reads)
    if version is None:
        return compute()
    key = f"derived:{name}:{translation.get_language()}:{version}"
    value = _cache_call("get", key)
    if value is None:
        value = compute()
        _cache_call("set", key, value, seconds)
    return value


# -- Invalidation ----------------------------------------------------------------------------------


def _forget_local():
    _version_memo.update(value=None, until=0.0)
    _local_pages.clear()


def bump_content_version(*app_labels, **_signal_kwargs):
    """Make the cached pages that read `app_labels` (every content app when none) stale, now.

    Writes should call `invalidate_on_commit` instead; this is for after bulk loads outside a transaction."""
    _forget_local()
    for label in app_labels or _site["content_apps"]:
        if _cache_call(_raise_version, label) is None:
            # A cache outage must not stop staff from saving; the version goes up when the cache is back.
            _outage["missed"].add(label)


def _raise_version(label):
    key = VERSION_KEY.format(label)
    try:
        cache.incr(key)
    except ValueError:
        # The key is missing (a fresh or flushed cache): start a new, larger version.
        cache.set(key, _fresh_version(), timeout=None)
    return True


_sequence = itertools.count()


class _BumpOnCommit:
    """Bumps `label` after a commit, unless a bump of it already ran on this connection since the write: a
    transaction that writes 10,000 rows queues 10,000 of these and raises the version once."""

    def __init__(self, label, connection):
        self.label = label
        self.connection = connection
        self.queued = next(_sequence)

    def __call__(self):
        done = getattr(self.connection, "_page_cache_bumped", {})
        if done.get(self.label, -1) > self.queued:
            return
        bump_content_version(self.label)
        self.connection._page_cache_bumped = {**done, self.label: next(_sequence)}


def invalidate_on_commit(*app_labels, using=None):
    """Bump the versions of `app_labels` once the current transaction commits (at once outside one), so no
    visitor can store the old content under the new version."""
    connection = transaction.get_connection(using)
    for label in app_labels:
        if label in _site["content_apps"]:
            transaction.on_commit(_BumpOnCommit(label, connection), using=using)


def _record_changed(sender, using=None, action=None, **kwargs):
    if action is None or action in ("post_add", "post_remove", "post_clear"):
        invalidate_on_commit(sender._meta.app_label, using=using)


def connect_invalidation(app_labels, pages=None):
    """Invalidate on every committed write to the models of the given content apps; `pages`:
    {URL name: Page} for the site's public pages."""
    _site.update(content_apps=tuple(app_labels), pages=dict(pages or {}))
    for name, page in _site["pages"].items():
        unknown = set(page.reads) - set(app_labels)
        if unknown:
            raise ValueError(f"Page {name!r} reads {sorted(unknown)}, which are not content apps.")
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            uid = f"public-page-cache:{model._meta.label}"
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
    """The Page for the request's URL, or None when it is no page under a language prefix."""
    language = translation.get_language_from_path(request.path_info)
    if language is None:
        return None
    with translation.override(language):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    return _site["pages"].get(match.view_name, UNDESCRIBED_PAGE)


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
            return cached

        response = self.get_response(request)
        if self._cacheable_response(response):
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
        page = _page_for(request)
        if page is None or (page.params is None and request.GET):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # the view answers 400
        version = content_version(page.reads)
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
