"""Citations: a record's `source` field names Source records by key; pages show the citation, never the key.

{{ cite(record.source) }}            "Source: <title>, publisher, date" (each source of the record)
{{ cite(record.source, "short") }}   "WWCAM, undated" linking to the full citation on the page (#source-<key>)
{{ sources_of(figures) }}            the distinct Source records cited by several records, for a list of sources
"""

import re

from django.template.loader import render_to_string
from django.utils.translation import get_language

from cities.apps import READS
from cities.models import Source
from core.cache import cached_for_content, content_version

# What a source field may hold besides keys: free text from staff. A repository path or file name never reaches
# a page, whatever was typed.
_FILE_NAME = re.compile(r"[\w/.-]*\.(txt|pdf|docx?|json|csv|html?)\b|\w+/\w+", re.IGNORECASE)
# A key is a slug: a part with a space or other punctuation ("sample data") is text, so it needs no lookup.
_KEY = re.compile(r"[-a-zA-Z0-9_]+")


def _all_sources():
    return {source.key: source for source in Source.objects.all()}


def _sources():
    """Every Source by key; each worker keeps it in memory until the content changes (cached_for_content)."""
    return cached_for_content("citation-sources", _all_sources, reads=READS)


def parse(value):
    """(Source records, free text) named by a source field; the sources are read only when a part could be a key."""
    parts = [part for part in (p.strip() for p in str(value or "").split(";")) if part]
    by_key = _sources() if any(_KEY.fullmatch(part) for part in parts) else {}
    found, text = [], []
    for part in parts:
        if part in by_key:
            if by_key[part] not in found:
                found.append(by_key[part])
        elif not _FILE_NAME.search(part):
            text.append(part)
    return found, text


# Rendered citations by (content version, language, source field, form): a page of figures cites the same few
# sources again and again. Per worker; a new version (any change to the content, sources too) makes new keys.
_rendered = {}
_RENDERED_MAX = 2000


def cite(value, form="full"):
    language = get_language() or "en"
    version = content_version()  # None or "" where the site keeps no versions (cache down, no invalidation wired)
    key = (version, language, str(value or ""), form)
    if version and key in _rendered:
        return _rendered[key]
    sources, text = parse(value)
    html = ""
    if sources or text:
        html = render_to_string(
            "includes/citation.html", {"sources": sources, "text": text, "form": form, "LANGUAGE_CODE": language}
        )
    if version:
        if len(_rendered) >= _RENDERED_MAX:
            _rendered.clear()
        _rendered[key] = html
    return html


def sources_of(records, field="source"):
    """The distinct sources cited by `records`, in the order first cited."""
    seen = []
    for record in records:
        for source in parse(getattr(record, field, ""))[0]:
            if source not in seen:
                seen.append(source)
    return seen
