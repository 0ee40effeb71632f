"""Read helpers for a city's page that combine several relations."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from core.cache import cached_for_content

from .apps import READS
from .models import City


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a partnership's timeline: a milestone or an event the city took part in."""

    date: date
    date_display: str
    title: str
    note: str = ""
    url: str = ""
    kind: str = "milestone"  # "milestone" or "event"


def city_timeline(*, milestones, entries=()):
    """Milestones and the entries other apps add (events the city took part in) merged by date;
    on the same day a milestone comes first."""
    entries = list(entries) + [
        TimelineEntry(
            date=milestone.date,
            date_display=milestone.date_display,
            title=milestone.get_kind_display(),
            note=milestone.note,
        )
        for milestone in milestones
    ]
    return sorted(entries, key=lambda entry: (entry.date, entry.kind != "milestone"))


def published_home():
    """Harbin's published record (None while it is a draft), kept until a city changes: the home page and the
    directory show it on every visit, and looking it up cost 1.7 ms of a 12 ms page. Callers must not change it."""
    return cached_for_content("published-home-city", lambda: City.objects.published().home().first(), reads=READS)


def city_json_ld(*, city, url):
    """schema.org City data for the page at `url`: what search engines read about the city."""
    alternate = [
        name
        for name in (city.name_en, city.name_zh_hans, city.name_ru, *city.alternative_name_list)
        if name and name != city.name
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "City",
        "name": city.name,
        "url": url,
        "containedInPlace": {"@type": "Country", "name": str(city.country.name), "identifier": city.country.code},
    }
    if alternate:
        data["alternateName"] = list(dict.fromkeys(alternate))
    if city.has_coordinates:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": float(city.latitude), "longitude": float(city.longitude)}
    if city.wikidata_id:
        # Links the page to the city's Wikidata item, as the open-data datasets and API do.
        data["sameAs"] = f"https://www.wikidata.org/entity/{city.wikidata_id}"
    return data


def public_partner_counts():
    """{"partners": …, "countries": …}: the partner cities a visitor sees and their countries, in one query, kept
    until the content changes (Harbin's page and the home page show them)."""

    def count():
        return City.objects.public_partners().aggregate(partners=Count("pk"), countries=Count("country", distinct=True))

    return cached_for_content("public-partner-counts", count, reads=READS)
