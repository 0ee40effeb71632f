"""What this app shows on other apps' pages, and what higher apps add to an event's page."""

from cities.sections import city_page, city_timeline
from cities.services import TimelineEntry
from core.sections import Section, Slot

from .selectors import city_participations

# Sections at the end of an event's page: providers give a core.sections.Section (the gifts presented).
event_page = Slot("event page")


def _participations(city):
    # The city page asks twice (its events section and its timeline): one query.
    if not hasattr(city, "_published_participations"):
        city._published_participations = list(city_participations(city=city))
    return city._published_participations


def events_on_city_page(request, city):
    """The events the city took part in, latest first."""
    return Section("events/sections/city_events.html", {"participations": _participations(city)[::-1]})


def events_on_city_timeline(request, city):
    return [
        TimelineEntry(
            date=participation.event.starts_on,
            date_display=participation.event.dates_display,
            title=participation.event.title,
            note=participation.get_role_display(),
            url=participation.event.get_absolute_url(),
            kind="event",
        )
        for participation in _participations(city)
    ]


def register():
    city_page.register(events_on_city_page, order=10)
    city_timeline.register(events_on_city_timeline)
