"""What every open-data response shares: the language it is in, and conditional GET (ETag, Last-Modified, 304).

Nothing here reads the database: the ETag is the content version (bumped on every save, core.cache) with the
address, language and format asked for, and Last-Modified is when this worker first saw that version, which
is never earlier than the change itself. A harvester that comes back before anything changed gets a 304.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from core.cache import content_version

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# BCP 47 tags as IIIF, DCAT and the API's language maps write them.
LANGUAGE_TAGS = {"en": "en", "zh-hans": "zh-Hans", "ru": "ru"}


def request_language(request):
    """`?lang=` when it names a site language, else the browser's Accept-Language, else English."""
    asked = (request.GET.get("lang") or "").strip().lower()
    if asked in LANGUAGE_CODES:
        return asked
    return translation.get_language_from_request(request, check_path=False) or settings.LANGUAGE_CODE


# {content version: when it was first seen}, per worker: once read from the shared cache a version's time never
# changes, so a worker asks for it once, not twice on every answer. The last few versions are enough.
_seen = {}


def _changed_at(version):
    if version in _seen:
        return _seen[version]
    key = f"opendata:changed-at:{version}"
    cache.add(key, int(time.time()), timeout=None)
    at = cache.get(key)
    if at is None:  # the cache lost it: promise nothing beyond now, and ask again next time
        return int(time.time())
    if len(_seen) >= 16:
        _seen.clear()
    _seen[version] = at
    return at


def validators_for(request, language):
    """(etag, last_modified) for the response to `request` in `language` at the current content version;
    (None, None) while the cache is unavailable (then nothing is promised and every answer is full)."""
    version = content_version()
    if version is None:
        return None, None
    accept = request.headers.get("Accept", "")
    seed = f"{version}|{request.get_full_path()}|{language}|{accept}"
    etag = '"' + hashlib.sha256(seed.encode()).hexdigest()[:32] + '"'
    return etag, _changed_at(version)


def respond(request, view, *args, **kwargs):
    """Run `view` in the request's language with conditional GET; a 304 costs no query."""
    language = request_language(request)
    with translation.override(language):
        etag, last_modified = validators_for(request, language)
        if etag is not None and request.method in ("GET", "HEAD"):
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if not_modified is not None:
                patch_vary_headers(not_modified, ["Accept-Language", "Accept"])
                return not_modified
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            # Rendered here, while the language is still active.
            response.render()
        if etag is not None and response.status_code == 200 and request.method in ("GET", "HEAD"):
            response.setdefault("ETag", etag)
            response.setdefault("Last-Modified", http_date(last_modified))
        response.setdefault("Content-Language", LANGUAGE_TAGS.get(language, language))
        patch_vary_headers(response, ["Accept-Language", "Accept"])
        return response


def open_data_view(view):
    """Decorator for function views: language from ?lang= or Accept-Language, ETag/Last-Modified and 304."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return respond(request, view, *args, **kwargs)

    return wrapper


def translations(record, field):
    """{"en": …, "zh-Hans": …, "ru": …} of a modeltranslation field; languages without a text are left out."""
    values = {}
    for code in LANGUAGE_CODES:
        value = getattr(record, f"{field}_{code.replace('-', '_')}", None)
        if value:
            values[LANGUAGE_TAGS[code]] = value
    return values
