"""The museum seen from the pages others build: a city's room and gifts, an event's gifts, the seed fixtures."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from core.publishing import Status

from .factories import CityFactory, EventFactory, ExhibitFactory, RoomFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def test_city_page_shows_its_room_and_gifts(client):
    city = CityFactory(name="Niigata", name_en="Niigata", slug="niigata")
    room = RoomFactory(name="Niigata room", name_en="Niigata room", city=city)
    gift = ExhibitFactory(object_name="Lacquer box", object_name_en="Lacquer box", origin_city=city, room=room)
    html = client.get(city.get_absolute_url()).content.decode()
    assert room.get_absolute_url() in html
    assert gift.get_absolute_url() in html and "Lacquer box" in html


def test_city_page_leaves_out_draft_gifts(client):
    city = CityFactory(slug="bucheon")
    ExhibitFactory(
        object_name="Unfinished record", object_name_en="Unfinished record", origin_city=city, status=Status.DRAFT
    )
    assert "Unfinished record" not in client.get(city.get_absolute_url()).content.decode()


def test_event_page_shows_the_gifts_presented(client):
    event = EventFactory(slug="global-mayors-dialogue-2026")
    gift = ExhibitFactory(object_name="Ice lantern", object_name_en="Ice lantern", presented_at=event)
    html = client.get(event.get_absolute_url()).content.decode()
    assert gift.get_absolute_url() in html and "Ice lantern" in html


def test_the_museum_fixture_loads_after_cities_and_events(client):
    # cities.json and events.json come from the other apps; museum.json needs the cities it names.
    names = [name for name in ("cities.json", "events.json") if (FIXTURES / name).exists()]
    call_command("loaddata", *[str(FIXTURES / name) for name in names], str(FIXTURES / "museum.json"), verbosity=0)
    html = client.get("/en/museum/").content.decode()
    for text in [
        "No 89-93, Tiandi Street, Daoli district, Harbin",
        "The former Danish consulate",
        "9:00–17:00",
        "Free",
        "January 2009",
        "1,800 m²",
        "Harbin showroom",
        "Niigata room",
        "Bucheon room",
        "Aarhus room",
    ]:
        assert text in html, text
    assert "哈尔滨国际友好城市博物馆" in client.get("/zh-hans/museum/").content.decode()
