import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from core.publishing import Status
from events.models import EventKind

from .factories import CityFactory, EventFactory, SessionFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def vevents(cal):
    return list(cal.walk("VEVENT"))


def dialogue():
    return EventFactory(
        title="Global Mayors Dialogue · Harbin",
        slug="global-mayors-dialogue-harbin",
        kind=EventKind.MAYORS_DIALOGUE,
        starts_on=datetime.date(2026, 1, 6),
        ends_on=datetime.date(2026, 1, 8),
        venue="Expo centre",
        host_city=CityFactory(name="Harbin"),
        summary="Mayors met in Harbin.",
    )


def test_event_ics_is_a_three_day_all_day_event(client):
    event = dialogue()
    cal = parse(client.get(f"/en/events/{event.slug}.ics"))
    assert str(cal["VERSION"]) == "2.0"
    assert cal["PRODID"]
    assert str(cal["X-WR-CALNAME"]) == "Global Mayors Dialogue · Harbin"
    (entry,) = vevents(cal)
    assert entry["DTSTART"].dt == datetime.date(2026, 1, 6)
    assert not isinstance(entry["DTSTART"].dt, datetime.datetime)
    assert entry["DTEND"].dt == datetime.date(2026, 1, 9)
    assert not isinstance(entry["DTEND"].dt, datetime.datetime)
    assert str(entry["UID"]) == f"event-{event.pk}@harbin-sister-cities"
    assert entry["DTSTAMP"].dt == event.updated.replace(microsecond=0)
    assert str(entry["SUMMARY"]) == "Global Mayors Dialogue · Harbin"
    assert str(entry["DESCRIPTION"]) == "Mayors met in Harbin."
    assert str(entry["LOCATION"]) == "Expo centre, Harbin"
    assert str(entry["URL"]) == f"http://testserver/en/events/{event.slug}/"
    assert entry["CATEGORIES"].cats == ["Mayors' dialogue"]


def test_event_ics_writes_value_date_lines(client):
    event = dialogue()
    text = client.get(f"/en/events/{event.slug}.ics").content.decode()
    assert "DTSTART;VALUE=DATE:20260106\r\n" in text
    assert "DTEND;VALUE=DATE:20260109\r\n" in text


def test_uid_is_stable_between_downloads(client):
    event = dialogue()
    first = vevents(parse(client.get(f"/en/events/{event.slug}.ics")))[0]["UID"]
    second = vevents(parse(client.get(f"/ru/events/{event.slug}.ics")))[0]["UID"]
    assert first == second


def test_one_day_event_ends_the_next_day(client):
    event = EventFactory(starts_on=datetime.date(2026, 3, 1), ends_on=None)
    (entry,) = vevents(parse(client.get(f"/en/events/{event.slug}.ics")))
    assert entry["DTEND"].dt == datetime.date(2026, 3, 2)


@pytest.mark.parametrize("precision", ["month", "year", "ante"])
def test_an_event_not_known_to_the_day_claims_no_days_in_a_calendar(client, precision):
    event = EventFactory(starts_on=datetime.date(2026, 1, 25), ends_on=None, date_precision=precision)
    assert vevents(parse(client.get(f"/en/events/{event.slug}.ics"))) == []
    assert vevents(parse(client.get("/en/events.ics"))) == []
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Add to calendar" not in page
    assert '<time datetime="2026-01' not in page


def test_sessions_are_their_own_events_in_harbin_time(client):
    event = dialogue()
    shanghai = ZoneInfo("Asia/Shanghai")
    SessionFactory(
        event=event,
        title="Main dialogue",
        place="Hall A",
        starts_at=datetime.datetime(2026, 1, 6, 9, 30, tzinfo=shanghai),
        ends_at=datetime.datetime(2026, 1, 6, 12, 0, tzinfo=shanghai),
    )
    response = client.get(f"/en/events/{event.slug}.ics")
    cal = parse(response)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    event_entry, session_entry = vevents(cal)
    assert str(session_entry["SUMMARY"]).startswith("Main dialogue")
    assert session_entry["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert session_entry["DTSTART"].dt == datetime.datetime(2026, 1, 6, 9, 30, tzinfo=shanghai)
    assert session_entry["DTEND"].dt == datetime.datetime(2026, 1, 6, 12, 0, tzinfo=shanghai)
    assert str(session_entry["UID"]) != str(event_entry["UID"])
    assert "DTSTART;TZID=Asia/Shanghai:20260106T093000" in response.content.decode()


def test_draft_event_ics_is_404_for_visitors(client):
    event = EventFactory(status=Status.DRAFT)
    assert client.get(f"/en/events/{event.slug}.ics").status_code == 404


def test_all_events_calendar_holds_published_events_only(client):
    dialogue()
    EventFactory(title="Round table", starts_on=datetime.date(2026, 1, 1), ends_on=None, date_precision="month")
    EventFactory(title="Secret", status=Status.DRAFT)
    cal = parse(client.get("/en/events.ics"))
    assert cal["X-WR-CALNAME"]
    assert sorted(str(e["SUMMARY"]) for e in vevents(cal)) == ["Global Mayors Dialogue · Harbin"]


def test_all_events_calendar_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    EventFactory()
    with django_assert_max_num_queries(2) as few:
        client.get("/en/events.ics")
    EventFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/events.ics")


def test_atom_feed_has_one_entry_per_published_event_newest_first(client):
    EventFactory(title="Older", starts_on=datetime.date(2025, 5, 1), ends_on=None)
    EventFactory(title="Newer", starts_on=datetime.date(2026, 1, 6))
    EventFactory(title="Draft", status=Status.DRAFT)
    response = client.get("/en/events/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 -- our own feed, parsed to validate it
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Newer", "Older"]
    for entry in entries:
        assert entry.find(f"{ATOM}id").text
        assert entry.find(f"{ATOM}updated").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/en/events/")
