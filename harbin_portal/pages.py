"""What each public page reads, for the page cache (core.cache): the content apps whose records it shows
and the query parameters it takes.

A save makes stale only the pages that read its app, and a query parameter a page does not take never
makes a new cache entry. A page missing here reads every app and is cached only without a query string;
when a page starts showing records of another app, add that app here.
"""

from cities.filters import PartnerCityFilter
from core.cache import Page
from events.filters import EventFilter
from museum.filters import ExhibitFilter

EVERY_APP = ()  # home, search, detail pages: they show records of every content app

PAGES = {
    "home": Page(reads=EVERY_APP),
    "cities:harbin": Page(reads=EVERY_APP),
    "search": Page(reads=EVERY_APP, params=("q",)),
    # Cards show the city and its partnership only.
    "cities:list": Page(reads=("cities",), params=("page", *PartnerCityFilter.base_filters)),
    # A city page shows its events, gifts and rooms.
    "cities:detail": Page(reads=EVERY_APP),
    # Cards show the host city; the city filter lists participating cities.
    "events:list": Page(reads=("events", "cities"), params=("page", "when", *EventFilter.base_filters)),
    "events:calendar": Page(reads=("events", "cities")),
    "events:feed": Page(reads=("events", "cities")),
    # An event page shows the gifts presented at it.
    "events:detail": Page(reads=EVERY_APP),
    "events:ics": Page(reads=("events", "cities")),
    "museum:index": Page(reads=("museum", "cities")),
    "museum:room": Page(reads=("museum", "cities"), params=("page",)),
    # Cards show the giving city, room and object type; the filters list giving cities.
    "museum:exhibits": Page(reads=("museum", "cities"), params=("page", *ExhibitFilter.base_filters)),
    # An exhibit page names the event it was presented at; saving another exhibit leaves it in the cache.
    "museum:exhibit": Page(reads=EVERY_APP, record=("museum.exhibit", "accession_number")),
    # The data page and the DCAT catalogue describe datasets of every content app.
    "opendata:data": Page(reads=EVERY_APP),
    "opendata:catalogue": Page(reads=EVERY_APP),
}
