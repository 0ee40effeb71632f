import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from icalendar import Calendar

from events.models import Event

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DIALOGUE = "global-mayors-dialogue-harbin-2026"
FOREIGN_GUESTS = ["Edmonton", "Rovaniemi", "Magdeburg", "Chalandri", "Bucheon", "Chiang Mai", "Erzurum"]


@pytest.fixture
def seed_data():
    call_command("loaddata", str(FIXTURES / "cities.json"), verbosity=0)
    call_command("loaddata", str(FIXTURES / "events.json"), verbosity=0)


def test_fixtures_load_and_every_event_names_its_seed(seed_data):
    events = Event.objects.all()
    assert events.count() == 4
    for event in events:
        assert event.is_published
        assert event.source in {"global-mayors-dialogue-2026", "mayors-round-table-2026"}
        assert event.title_zh_hans and event.title_ru


def test_dialogue_page_lists_its_seven_foreign_cities_and_the_harbin_initiative(client, seed_data):
    response = client.get(f"/en/events/{DIALOGUE}/")
    assert response.status_code == 200
    guests = [p.city.name for p in response.context["participations"] if p.role == "guest"]
    assert sorted(guests) == sorted(FOREIGN_GUESTS)
    body = response.content.decode()
    for city in response.context["participations"]:
        assert f'href="{city.city.get_absolute_url()}"' in body
    assert "Harbin Initiative for the Global Mayors Dialogue released" in body


def test_dialogue_ics_imports_as_a_three_day_all_day_event(client, seed_data):
    cal = Calendar.from_ical(client.get(f"/en/events/{DIALOGUE}.ics").content)
    (entry,) = cal.walk("VEVENT")
    assert entry["DTSTART"].dt == datetime.date(2026, 1, 6)
    assert entry["DTEND"].dt == datetime.date(2026, 1, 9)


def test_round_table_is_dated_before_the_report_that_names_it(client, seed_data):
    event = Event.objects.get(slug="china-russia-regional-mayors-round-table-2026")
    assert event.dates_display == "before 25 January 2026"
    body = client.get(event.get_absolute_url()).content.decode()
    assert "before 25 January 2026" in body
    assert "January 2026</time>" not in body
    with translation.override("ru"):
        assert event.dates_display == "до 25 января 2026 г."
    assert event.participations.count() == 10


def test_edmonton_page_shows_the_dialogue(client, seed_data):
    body = client.get("/en/cities/edmonton/").content.decode()
    assert "Global Mayors Dialogue · Harbin" in body
