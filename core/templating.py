"""The helpers the pages' templates call (core/jinja.py makes them filters and globals)."""

import functools
import json
import re
from urllib.parse import urlencode

import jinja2
from django.test.signals import template_rendered
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import publishing


def kept_reverse(name, args=(), kwargs=None, language=None):
    """`reverse(name, args, kwargs)` in `language` (the active one by default), once per worker for each address
    and language: the frame, the language switcher and a list's filters and pages ask for the same few on every
    page, and the URL patterns do not change while a worker runs."""
    language = language or get_language()
    try:
        key = (language, get_script_prefix(), get_urlconf(), name, tuple(args), tuple((kwargs or {}).items()))
        return _reverse(*key)
    except TypeError:  # an argument that cannot be a key (none of the portal's)
        with translation.override(language):
            return reverse(name, args=args or None, kwargs=kwargs or None)


@functools.lru_cache(maxsize=4096)
def _reverse(language, prefix, urlconf, name, args, kwargs):
    with translation.override(language):
        return reverse(name, args=args or None, kwargs=dict(kwargs) or None)


def forget_addresses():
    """Forget the addresses kept by `kept_reverse` (the URL patterns or languages changed: tests)."""
    _reverse.cache_clear()


@jinja2.pass_context
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for pagination and sorting links): a replaced one
    keeps its place, a new one comes last, as with QueryDict (whose copy, made for each link, cost a tenth of a
    list page)."""
    pairs = []
    for key, values in context["request"].GET.lists():
        if key in kwargs:
            pairs.append((key, kwargs[key]))
        else:
            pairs.extend((key, value) for value in values)
    pairs.extend((key, value) for key, value in kwargs.items() if key not in context["request"].GET)
    return urlencode(pairs)


def visible_to(record, user):
    """`{% if record|visible_to(user) %}`: the one visibility rule, for templates."""
    return publishing.visible(record, user)


@jinja2.pass_context
def render_section(context, section):
    """`{{ render_section(section) }}`: a core.sections.Section's template, with its context over the page's (a kept
    section comes rendered already)."""
    if section.html is not None:
        return mark_safe(section.html)  # noqa: S308 - rendered by its template, autoescaped
    template = context.environment.get_template(section.template)
    values = {**context.get_all(), **section.context}
    if template_rendered.receivers:  # Django's test client: `response.context` holds the section's values too
        template_rendered.send(sender=template, template=template, context=values)
    return mark_safe(template.render(values))  # noqa: S308 - template output


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])[\"”’»」)]*\s*")


def lead_sentences(text, max_words=60):
    """The first whole sentences of a text within about `max_words` words: a summary that never stops mid-sentence.

    Chinese has no spaces, so its length is counted in characters (two per word). The first sentence is always kept.
    """
    text = (text or "").strip()
    budget = int(max_words)
    kept, used = [], 0
    for sentence in (s.strip() for s in _SENTENCE_END.split(text.replace("\n", " "))):
        if not sentence:
            continue
        words = len(sentence.split())
        size = words if words > 1 else len(sentence) // 2
        if kept and used + size > budget:
            break
        kept.append(sentence)
        used += size
    return " ".join(kept)


def page_numbers(page_obj):
    """The page numbers to link (1 … 4 5 6 … 12): first and last, and one either side of the current page."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1))


def coordinates(place):
    """'45.80° N, 126.54° E' in the active language's style (北纬45.80°，东经126.54°; 45,80° с. ш., 126,54° в. д.)."""
    lat, lon = getattr(place, "latitude", None), getattr(place, "longitude", None)
    if lat is None or lon is None:
        return ""
    lat_value = formats.number_format(round(abs(float(lat)), 2), 2)
    lon_value = formats.number_format(round(abs(float(lon)), 2), 2)
    north, east = float(lat) >= 0, float(lon) >= 0
    if (get_language() or "en").startswith("zh"):
        return f"{'北纬' if north else '南纬'}{lat_value}°，{'东经' if east else '西经'}{lon_value}°"
    if (get_language() or "en").startswith("ru"):
        return f"{lat_value}° {'с. ш.' if north else 'ю. ш.'}, {lon_value}° {'в. д.' if east else 'з. д.'}"
    return f"{lat_value}° {'N' if north else 'S'}, {lon_value}° {'E' if east else 'W'}"


def fallback_lang(record, field):
    """' lang="en"' on an element whose value is English standing in for the page's language (WCAG 3.1.2).

    `field` is a translated field ("summary"); "display_title" means the title, or the object name without one.
    """
    language = (get_language() or "en").replace("-", "_")
    if record is None or language.startswith("en"):
        return ""
    if field == "display_title":
        field = "title" if getattr(record, "title_en", "") else "object_name"
    if getattr(record, f"{field}_{language}", None):
        return ""
    return mark_safe(' lang="en"') if getattr(record, f"{field}_en", None) else ""  # noqa: S308 - a constant


_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    """A schema.org JSON-LD block; user text cannot close the script element."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
