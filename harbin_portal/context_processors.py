"""What every page's frame shows, composed by the site: the main navigation across the apps."""

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# (label, URL name, whether the entry is current for every page under it)
MAIN_NAV = [
    (_("Home"), "home", False),
    (_("Harbin"), "cities:harbin", False),
    (_("Partner cities"), "cities:list", True),
    (_("Events"), "events:list", True),
    (_("Museum"), "museum:index", True),
    (_("Search"), "search", False),
]

# Links every page's footer carries (label, URL name); base.html reads them from here, never by URL name.
FOOTER_LINKS = [
    (_("Search"), "search"),
    (_("Accessibility"), "accessibility"),
    (_("Open data"), "opendata:data"),
]


# The URLs depend only on the language and the script prefix: reversed once per process for each.
_urls = {}


def _reversed(language, prefix):
    if (language, prefix) not in _urls:
        _urls[language, prefix] = (
            [(label, reverse(name), section) for label, name, section in MAIN_NAV],
            [(label, reverse(name)) for label, name in FOOTER_LINKS],
        )
    return _urls[language, prefix]


def site(request):
    path = request.path
    main, links = _reversed(get_language(), get_script_prefix())
    nav = [
        {"label": label, "url": url, "current": path.startswith(url) if section else path == url}
        for label, url, section in main
    ]
    footer = [{"label": label, "url": url} for label, url in links]
    return {
        "site_nav": nav,
        "site_home_url": nav[0]["url"],
        "site_search_url": nav[-1]["url"],
        "site_footer_links": footer,
    }
