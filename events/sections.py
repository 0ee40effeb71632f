"""What this app shows on other apps' pages, and what higher apps add to an event's page."""

from django.urls import reverse

from cities.sections import city_page, city_timeline
from cities.services import TimelineEntry
from core.sections import Section, Slot

from .apps import READS
from .models import ParticipationRole
from .selectors import city_participations

# Sections at the end of an event's page: providers give a core.sections.Section (the gifts presented).
event_page = Slot("event page")

# What a line of the city page shows of an event: its title (in every language, for the fallback), link and dates.
_EVENT_COLUMNS = [f"event__{name}" for name in ("title_en", "title_zh_hans", "title_ru", "slug")] + [
    "event__starts_on",
    "event__ends_on",
    "event__date_precision",
]


def _event_entries(city):
    """The published events the city took part in, oldest first, as lines (title, link, dates, role).

    The city page shows them twice (its events section and its timeline): one query, each line worked out once.
    """
    if not hasattr(city, "_published_event_entries"):
        # Worked out once, not per line: the role labels (get_role_display hashes every choice on each call) and
        # the events' URL pattern (Event.get_absolute_url, one reverse() per line).
        roles = {value: str(label) for value, label in ParticipationRole.choices}
        url_pattern = reverse("events:detail", kwargs={"slug": "__slug__"})
        city._published_event_entries = [
            TimelineEntry(
                date=participation.event.starts_on,
                date_display=participation.event.dates_display,
                title=participation.event.title,
                note=roles.get(participation.role, participation.role),
                url=url_pattern.replace("__slug__", participation.event.slug),
                kind="event",
            )
            # "city": the city's related manager reads it to attach the city to each participation.
            for participation in city_participations(city=city).only("role", "city", *_EVENT_COLUMNS)
        ]
    return city._published_event_entries


def events_on_city_page(request, city):
    """The events the city took part in, latest first."""
    return Section("events/sections/city_events.html", {"entries": _event_entries(city)[::-1]})


def events_on_city_timeline(request, city):
    return _event_entries(city)


def register():
    # Participations and their events, of a city: kept through the museum's saves.
    city_page.register(events_on_city_page, order=10, keep=True, reads=READS)
    city_timeline.register(events_on_city_timeline, keep=True, reads=READS)
