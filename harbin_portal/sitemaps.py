"""sitemap.xml: every public page in all three languages, each with its hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cities.models import City
from events.models import Event
from museum.models import Exhibit, Room


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000


class StaticPagesSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "cities:harbin", "search", "cities:list", "events:list", "museum:index", "museum:exhibits"]

    def location(self, item):
        return reverse(item)


class CitySitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return City.objects.published().filter(is_home=False).order_by("pk").only("slug", "is_home", "updated")

    def lastmod(self, obj):
        return obj.updated


class EventSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Event.objects.published().order_by("pk").only("slug", "updated")

    def lastmod(self, obj):
        return obj.updated


class RoomSitemap(PortalSitemap):
    def items(self):
        return Room.objects.published().order_by("pk").only("slug", "updated")

    def lastmod(self, obj):
        return obj.updated


class ExhibitSitemap(PortalSitemap):
    def items(self):
        return Exhibit.objects.published().order_by("pk").only("accession_number", "updated")

    def lastmod(self, obj):
        return obj.updated


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "cities": CitySitemap,
    "events": EventSitemap,
    "rooms": RoomSitemap,
    "exhibits": ExhibitSitemap,
}
