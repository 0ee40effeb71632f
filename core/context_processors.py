from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, translate_url
from django.utils.translation import get_language_info

from .templating import kept_reverse


def portal(request):
    """The language switcher: the current page in each language."""
    return {
        "portal_languages": [
            {"code": code, "name_local": get_language_info(code)["name_local"], "url": url}
            for code, url in language_urls(request)
        ]
    }


def language_urls(request):
    """(code, URL) of the current page in each language, query string kept.

    What `translate_url` gives, from the match Django already made for this request instead of resolving the
    path again for every language; a page that matched no URL (a 404) keeps its path.
    """
    path = request.get_full_path()
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name is None:
        return [(code, translate_url(path, code)) for code, _name in settings.LANGUAGES]
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    parsed = urlsplit(path)
    urls = []
    for code, _name in settings.LANGUAGES:
        try:
            url = kept_reverse(name, match.args, match.kwargs, language=code)
        except NoReverseMatch:
            url = path
        else:
            url = urlunsplit(("", "", url, parsed.query, parsed.fragment))
        urls.append((code, url))
    return urls
