"""A cache of whole public pages for anonymous visitors, cleared the moment staff change anything.

A page is stored under its full address plus a global content version kept in the cache. Any
save or delete in a content app (the site names them) bumps the version, so every stored page is stale at
once and the next visitor gets a fresh one. Only what a stranger could see is stored: GET
requests under a language prefix, without a session or messages cookie, answered 200 with no
cookie set. Staff (who carry a session cookie and see drafts) always bypass it.
"""

import hashlib
import logging
import time
from collections import OrderedDict

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from .publishing import sees_drafts

logger = logging.getLogger(__name__)

VERSION_KEY = "public-page:version"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


# Each worker remembers the version for a second and keeps its most visited pages in memory, so a
# repeated anonymous visit costs no network round trip; a change made elsewhere shows within a second.
VERSION_MEMO_SECONDS = 1.0
LOCAL_PAGES = 200
_version_memo = {"value": None, "until": 0.0}
_local_pages = OrderedDict()


def content_version():
    """The current content version; a new, time-based one if the cache lost it (so old pages never return)."""
    now = time.monotonic()
    if _version_memo["value"] is not None and now < _version_memo["until"]:
        return _version_memo["value"]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, int(time.time() * 1000), timeout=None)
        version = cache.get(VERSION_KEY)
    _version_memo.update(value=version, until=now + VERSION_MEMO_SECONDS)
    return version


def cached_for_content(name, compute, seconds=600):
    """`compute()` kept in the cache until the content changes (per language): drop-down choices and the like."""
    key = f"derived:{name}:{get_language()}:{content_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def _forget_local():
    _version_memo.update(value=None, until=0.0)
    _local_pages.clear()


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


def bump_content_version(**kwargs):
    """Make every cached page stale. A signal receiver, and callable after bulk loads."""
    _forget_local()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        # The key is missing (a fresh or flushed cache): start a new, larger version.
        cache.set(VERSION_KEY, int(time.time() * 1000), timeout=None)
    except Exception:
        # A cache outage must not stop staff from saving; pages expire on their own.
        logger.warning("Could not bump the public page cache version", exc_info=True)


def connect_invalidation(app_labels):
    """Bump the version on every save and delete of every model of the given content apps."""
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            uid = f"public-page-cache:{model._meta.label}"
            post_save.connect(bump_content_version, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(bump_content_version, sender=model, weak=False, dispatch_uid=uid)


def _language_prefixes():
    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache. Goes before the session middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if seconds <= 0 or not self._cacheable_request(request):
            response = self.get_response(request)
            self._bump_after_staff_change(request, response)
            return response

        try:
            key = self._key(request)
            cached = _local_get(key)
            if cached is None:
                cached = cache.get(key)
                if cached is not None:
                    _local_put(key, cached, seconds)
        except Exception:
            logger.warning("Public page cache unavailable", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            return cached

        response = self.get_response(request)
        if self._cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(lambda r: self._store(key, r, seconds))
            else:
                self._store(key, response, seconds)
        return response

    def _cacheable_request(self, request):
        return (
            request.method == "GET"
            and request.path.startswith(_language_prefixes())
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
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"public-page:{content_version()}:{digest}"

    @staticmethod
    def _store(key, response, seconds):
        _local_put(key, response, seconds)
        try:
            cache.set(key, response, seconds)
        except Exception:
            logger.warning("Could not store a page in the public page cache", exc_info=True)

    @staticmethod
    def _bump_after_staff_change(request, response):
        # Bulk changes through queryset.update() send no signals; any staff write clears the cache too.
        if request.method in SAFE_METHODS or response.status_code >= 400:
            return
        if sees_drafts(getattr(request, "user", None)):
            bump_content_version()
