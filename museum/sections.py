"""What the museum shows on city and event pages, and what higher apps add to an exhibit's page."""

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse

from cities.sections import city_page
from core.publishing import Status
from core.sections import Section, Slot
from events.sections import event_page

# Sections of an exhibit's page that higher apps add (the deep-zoom viewer, the IIIF manifest link).
exhibit_page = Slot("exhibit page")

GIFTS_ON_CITY_PAGE = 12


# What a gift's card on the city page shows: its title (or object name) in every language and its link; the giving
# city too, which the city's related manager reads.
_GIFT_COLUMNS = [f"{name}_{language}" for name in ("title", "object_name") for language in ("en", "zh_hans", "ru")]


def museum_on_city_page(request, city):
    """The city's room in the museum and the gifts it gave; nothing when there are neither."""
    rooms = list(city.rooms.published())
    gifts = list(
        city.gifts.published()
        .only("accession_number", "origin_city", *_GIFT_COLUMNS)
        .with_primary_image()[: GIFTS_ON_CITY_PAGE + 1]
    )
    if not rooms and not gifts:
        return None
    return Section(
        "museum/sections/city_museum.html",
        {
            "rooms": rooms,
            "gifts": [{"exhibit": gift, "image": gift.primary_image} for gift in gifts[:GIFTS_ON_CITY_PAGE]],
            "more_gifts": len(gifts) > GIFTS_ON_CITY_PAGE,
            "exhibits_url": f"{reverse('museum:exhibits')}?{urlencode({'origin_city': city.slug})}",
        },
    )


def gifts_on_event_page(request, event):
    """The published gifts presented at the event, with their images."""
    gifts = list(event.gifts.filter(status=Status.PUBLISHED).prefetch_related(Prefetch("images", to_attr="image_list")))
    if not gifts:
        return None
    return Section("museum/sections/event_gifts.html", {"gifts": gifts, "event": event})


def register():
    # A city's rooms and gifts, an event's gifts: kept through the saves of events, and of cities.
    city_page.register(museum_on_city_page, order=20, keep=True, reads=("cities", "museum"))
    event_page.register(gifts_on_event_page, order=20, keep=True, reads=("events", "museum"))
