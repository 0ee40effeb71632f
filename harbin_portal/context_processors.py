"""What every page's frame shows, composed by the site: the main navigation across the apps."""

from django.urls import reverse
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


def site(request):
    path = request.path
    nav = []
    for label, name, section in MAIN_NAV:
        url = reverse(name)
        nav.append({"label": label, "url": url, "current": path.startswith(url) if section else path == url})
    footer = [{"label": label, "url": reverse(name)} for label, name in FOOTER_LINKS]
    return {
        "site_nav": nav,
        "site_home_url": nav[0]["url"],
        "site_search_url": nav[-1]["url"],
        "site_footer_links": footer,
    }
