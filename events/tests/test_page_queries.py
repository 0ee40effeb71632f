"""What a repeat visit to the events list asks the database (issue 12: fast without the page cache)."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import EventFactory, EventSeriesFactory

pytestmark = pytest.mark.django_db

# The site keeps cards, drop-downs and counts per content version (core.cache.connect_invalidation); an app's
# layer run (harbin_portal/settings/layer.py) has no site, so there every visit renders and counts afresh.
needs_the_site = pytest.mark.skipif(not apps.is_installed("harbin_portal"), reason="nothing is kept without the site")

LIST_URL = "/en/events/"


def _repeat_visit(client, **params):
    assert client.get(LIST_URL, params).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, params)
    return response.content.decode(), len(queries)


@pytest.fixture
def events():
    dialogue = EventSeriesFactory(name="Global Mayors Dialogue", name_en="Global Mayors Dialogue", slug="gmd")
    for _ in range(25):
        EventFactory(series=dialogue)
    EventFactory(title="Ice festival", title_en="Ice festival")


@needs_the_site
@pytest.mark.parametrize("params", [{}, {"when": "past"}, {"series": "gmd"}])
def test_the_event_list_asks_nothing_on_a_repeat_visit(client, events, params):
    html, queries = _repeat_visit(client, **params)
    assert queries == 0  # the page's keys are kept with its cards
    assert html.count('class="card event-card"') == 20


def test_the_series_drop_down_marks_the_chosen_series(client, events):
    html, _ = _repeat_visit(client, series="gmd")
    assert '<option value="gmd" selected>Global Mayors Dialogue</option>' in html
    assert "Ice festival" not in html


def test_an_unknown_series_is_named_as_not_understood(client, events):
    html, _ = _repeat_visit(client, series="no-such-series")
    assert "Series: Select a valid choice. That choice is not one of the available choices." in html


@needs_the_site
def test_an_event_page_keeps_its_lists_until_the_content_changes(client, django_capture_on_commit_callbacks):
    from cities.tests.factories import PartnerCityFactory
    from core.publishing import Status

    from .factories import ParticipationFactory

    event = EventFactory(title="Ice festival", title_en="Ice festival", slug="ice-festival")
    for index in range(12):
        ParticipationFactory(event=event, city=PartnerCityFactory(name=f"Partner {index:02d}"))
    draft_city = PartnerCityFactory(name="Secret Town", status=Status.DRAFT)
    ParticipationFactory(event=event, city=draft_city)
    url = "/en/events/ice-festival/"
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    # The event, then what other apps add (gifts; registration and streams): not the lists of the event.
    assert len(queries) <= 5
    assert "Partner 11" in html and "Secret Town" not in html
    with django_capture_on_commit_callbacks(execute=True):  # the cache is told once the write commits
        ParticipationFactory(event=event, city=PartnerCityFactory(name="Newcomer"))
    assert "Newcomer" in client.get(url).content.decode()


@needs_the_site
def test_an_event_page_asks_nothing_on_a_repeat_visit_and_shows_a_renamed_host_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    from cities.tests.factories import PartnerCityFactory

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every visit renders the page
    aarhus = PartnerCityFactory(name="Aarhus", name_en="Aarhus")
    EventFactory(title="Ice festival", title_en="Ice festival", slug="ice-festival", host_city=aarhus)
    url = "/en/events/ice-festival/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert len(queries) == 0
    assert "Ice festival" in html and "Aarhus" in html
    with django_capture_on_commit_callbacks(execute=True):
        aarhus.name_en = "Århus"
        aarhus.save()
    assert "Århus" in client.get(url).content.decode()


def test_what_staff_see_of_a_draft_event_is_not_kept_for_visitors(client, staff_user, settings):
    from core.publishing import Status

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    EventFactory(title="Closed talks", title_en="Closed talks", slug="closed-talks", status=Status.DRAFT)
    client.force_login(staff_user)
    assert "Closed talks" in client.get("/en/events/closed-talks/").content.decode()
    client.logout()
    assert client.get("/en/events/closed-talks/").status_code == 404
    assert client.get("/en/events/closed-talks.ics").status_code == 404


@needs_the_site
def test_a_new_event_shows_on_the_kept_list_at_once(client, events, django_capture_on_commit_callbacks):
    import datetime

    _repeat_visit(client, when="past")
    _repeat_visit(client)
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(title="Harbin fair 1990", title_en="Harbin fair 1990", starts_on=datetime.date(1990, 6, 1))
    for params in ({"when": "past", "page": 2}, {"page": 2}):
        assert "Harbin fair 1990" in client.get(LIST_URL, params).content.decode()
