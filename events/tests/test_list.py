import datetime
import html
import re

import pytest
from django.urls import reverse

from core.publishing import Status
from events.models import EventKind

from .factories import CityFactory, EventFactory, EventSeriesFactory, ParticipationFactory, jpeg_upload

pytestmark = pytest.mark.django_db

LIST_URL = "/en/events/"


def titles(response):
    """The events' titles on the page, in the order a visitor reads them."""
    cards = re.findall(r'<li class="card event-card">.*?<h3><a href="[^"]*">(.*?)</a>', response.content.decode(), re.S)
    return [html.unescape(title) for title in cards]


def test_list_shows_published_events_with_dates_kind_and_host(client):
    host = CityFactory(name="Harbin")
    event = EventFactory(title="Global Mayors Dialogue", kind=EventKind.MAYORS_DIALOGUE, host_city=host)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Global Mayors Dialogue" in body
    assert event.dates_display in body
    assert "Mayors&#x27; dialogue" in body
    assert "Harbin" in body


def test_month_precision_event_shows_only_the_month(client):
    EventFactory(title="Round table", starts_on=datetime.date(2026, 1, 1), ends_on=None, date_precision="month")
    body = client.get(LIST_URL).content.decode()
    assert "January 2026" in body
    assert "1 January 2026" not in body


def test_draft_events_are_hidden_from_visitors_and_badged_for_staff(client, staff_user):
    EventFactory(title="Secret plan", status=Status.DRAFT)
    assert "Secret plan" not in client.get(LIST_URL).content.decode()
    client.force_login(staff_user)
    body = client.get(LIST_URL).content.decode()
    assert "Secret plan" in body
    assert "badge-draft" in body


def test_list_links_the_atom_feed_and_calendar_in_the_head(client):
    head = client.get(LIST_URL).content.decode().split("</head>")[0]
    assert f'type="application/atom+xml" title="Harbin Sister Cities: events" href="{reverse("events:feed")}"' in head
    assert 'href="/en/events.ics"' in head


def test_cards_show_the_small_cover_never_the_original(client):
    event = EventFactory(cover=jpeg_upload("cover.jpg"))
    body = client.get(LIST_URL).content.decode()
    assert event.cover_small.url in body
    assert event.cover.url not in body
    assert f'alt="{event.title}"' in body


def test_upcoming_events_come_before_past_events_by_default(client):
    today = datetime.date.today()
    EventFactory(title="Long ago", starts_on=today - datetime.timedelta(days=400), ends_on=None)
    EventFactory(title="Last month", starts_on=today - datetime.timedelta(days=30), ends_on=None)
    EventFactory(title="Next year", starts_on=today + datetime.timedelta(days=365), ends_on=None)
    EventFactory(title="Next week", starts_on=today + datetime.timedelta(days=7), ends_on=None)
    response = client.get(LIST_URL)
    assert titles(response) == ["Next week", "Next year", "Last month", "Long ago"]
    body = response.content.decode()
    assert body.index(">Upcoming</h3>") < body.index(">Past</h3>")


def test_the_order_holds_across_pages_with_events_under_way_first(client):
    """Under way (started, not ended), then starting soonest, then past latest first; the same on every page."""
    today = datetime.date.today()
    day = datetime.timedelta(days=1)
    EventFactory(title="Under way", starts_on=today - 2 * day, ends_on=today + day)
    EventFactory(title="Ends today", starts_on=today - 5 * day, ends_on=today)
    for n in range(12):
        EventFactory(title=f"Soon {n:02}", starts_on=today + (n + 1) * day, ends_on=None)
    for n in range(12):
        EventFactory(title=f"Past {n:02}", starts_on=today - (n + 10) * day, ends_on=today - (n + 9) * day)
    expected = ["Ends today", "Under way", *[f"Soon {n:02}" for n in range(12)], *[f"Past {n:02}" for n in range(12)]]
    first, second = client.get(LIST_URL), client.get(LIST_URL, {"page": "2"})
    assert titles(first) + titles(second) == expected
    assert "26 events" in first.content.decode()
    body = second.content.decode()
    assert ">Upcoming</h3>" not in body and ">Past</h3>" in body


def test_when_tabs_show_only_upcoming_or_only_past(client):
    today = datetime.date.today()
    EventFactory(title="Past event", starts_on=today - datetime.timedelta(days=30), ends_on=None)
    EventFactory(title="Running now", starts_on=today - datetime.timedelta(days=1), ends_on=today)
    EventFactory(title="Future event", starts_on=today + datetime.timedelta(days=30), ends_on=None)
    assert titles(client.get(LIST_URL, {"when": "upcoming"})) == ["Running now", "Future event"]
    assert titles(client.get(LIST_URL, {"when": "past"})) == ["Past event"]


def test_year_filter_narrows_the_list(client):
    EventFactory(title="In 2026")
    EventFactory(title="In 2019", starts_on=datetime.date(2019, 5, 1), ends_on=None)
    EventFactory(title="New Year 2025/26", starts_on=datetime.date(2025, 12, 30), ends_on=datetime.date(2026, 1, 2))
    assert sorted(titles(client.get(LIST_URL, {"year": "2019"}))) == ["In 2019"]
    assert sorted(titles(client.get(LIST_URL, {"year": "2026"}))) == ["In 2026", "New Year 2025/26"]


def test_kind_filter_narrows_the_list(client):
    EventFactory(title="Expo", kind=EventKind.EXPO)
    EventFactory(title="Forum", kind=EventKind.FORUM)
    assert titles(client.get(LIST_URL, {"kind": "expo"})) == ["Expo"]


def test_series_filter_narrows_the_list(client):
    series = EventSeriesFactory(slug="global-mayors-dialogue")
    EventFactory(title="In series", series=series)
    EventFactory(title="Alone")
    assert titles(client.get(LIST_URL, {"series": "global-mayors-dialogue"})) == ["In series"]


def test_city_filter_lists_events_the_city_took_part_in_once(client):
    edmonton = CityFactory(slug="edmonton", country="CA")
    event = EventFactory(title="With Edmonton")
    ParticipationFactory(event=event, city=edmonton, role="guest")
    ParticipationFactory(event=event)
    EventFactory(title="Without Edmonton")
    assert titles(client.get(LIST_URL, {"city": "edmonton"})) == ["With Edmonton"]


def test_country_filter_lists_events_with_a_city_of_that_country(client):
    finnish = EventFactory(title="With a Finnish city")
    ParticipationFactory(event=finnish, city=CityFactory(country="FI"))
    ParticipationFactory(event=finnish, city=CityFactory(country="FI"))
    other = EventFactory(title="With a Korean city")
    ParticipationFactory(event=other, city=CityFactory(country="KR"))
    assert titles(client.get(LIST_URL, {"country": "FI"})) == ["With a Finnish city"]


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "2026.5"},
        {"year": "99999999999999999999"},
        {"year": "-3"},
        {"kind": "picnic"},
        {"series": "no-such-series"},
        {"city": "atlantis"},
        {"city": "x" * 500},
        {"country": "ZZ"},
        {"when": "tomorrow"},
        {"page": "abc"},
        {"page": "0"},
        {"page": "-1"},
        {"page": "99999"},
        {"page": "1e9"},
        {"year": "2026", "page": "\x00"},
    ],
)
def test_bad_filter_or_page_values_never_give_500(client, params):
    EventFactory()
    response = client.get(LIST_URL, params)
    assert response.status_code == 200


def test_bad_filter_value_is_ignored_and_reported(client):
    EventFactory(title="Still listed")
    response = client.get(LIST_URL, {"kind": "picnic"})
    assert titles(response) == ["Still listed"]
    assert "Some filters were not understood" in response.content.decode()


def test_list_is_paginated_twenty_per_page(client):
    EventFactory.create_batch(25, host_city=CityFactory())
    assert len(titles(client.get(LIST_URL))) == 20
    assert len(titles(client.get(LIST_URL, {"page": "2"}))) == 5
    assert len(titles(client.get(LIST_URL, {"page": "abc"}))) == 20


def _events_with_cities(count, cities_each):
    series = EventSeriesFactory()
    for _ in range(count):
        event = EventFactory(series=series, cover=None)
        for _ in range(cities_each):
            ParticipationFactory(event=event, city=CityFactory(country="FI"))


@pytest.mark.parametrize("params", [{}, {"when": "past"}, {"city": "city-1", "country": "FI", "year": "2026"}])
def test_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, params):
    _events_with_cities(1, 1)
    # Without the site's cache (the events app tested alone) the list's three parts are each counted afresh, and
    # the page's events are loaded after their keys (with the cache, only those whose cards are not kept).
    with django_assert_max_num_queries(10) as few:
        assert client.get(LIST_URL, params).status_code == 200
    _events_with_cities(29, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIST_URL, params).status_code == 200


@pytest.mark.django_db
def test_text_search_narrows_the_event_list(client):
    from events.tests.factories import EventFactory

    EventFactory(title="Global Mayors Dialogue", status="published")
    EventFactory(title="Ice and Snow Expo", status="published")
    response = client.get("/en/events/", {"q": "dialogue"})
    html = response.content.decode()
    assert "Global Mayors Dialogue" in html
    assert "Ice and Snow Expo" not in html
