from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Event

# Feed readers only need the recent past; the full record is on the list page.
FEED_LENGTH = 50


class EventFeed(Feed):
    feed_type = Atom1Feed
    title = _("Harbin Sister Cities: events")
    subtitle = _("Diplomatic events of Harbin and its sister and friendship cities.")

    def link(self):
        return reverse("events:list")

    def feed_url(self):
        return reverse("events:feed")

    def items(self):
        return Event.objects.published().select_related("host_city").order_by("-starts_on", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.get_kind_display()]
