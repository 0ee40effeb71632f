"""What an app keeps for the pages (core.cache.cached_for_content) reads its own app and those below it: a save in
a higher app leaves it kept, a save in one it reads refreshes it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.tests.factories import PartnerCityFactory
from events.tests.factories import EventFactory, ParticipationFactory
from museum.tests.factories import ExhibitFactory, RoomFactory

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def test_a_city_page_keeps_its_events_through_an_exhibit_save_and_follows_a_new_participation(
    client, django_capture_on_commit_callbacks
):
    city = PartnerCityFactory(name="Niigata", name_en="Niigata", slug="niigata")
    ParticipationFactory(city=city, event=EventFactory(title="Mayors forum", title_en="Mayors forum"))
    gift = ExhibitFactory(origin_city=city, title="Bronze horn", title_en="Bronze horn")
    url = city.get_absolute_url()
    html, _ = _get(client, url)
    assert "Mayors forum" in html and "Bronze horn" in html

    with django_capture_on_commit_callbacks(execute=True):
        gift.title_en = "Silver horn"
        gift.save()
    html, queries = _get(client, url)
    assert "Silver horn" in html and "Mayors forum" in html
    assert not [sql for sql in queries if "events_participation" in sql], "the events section was kept"
    assert [sql for sql in queries if "museum_exhibit" in sql], "the gifts were read again"

    with django_capture_on_commit_callbacks(execute=True):  # an event and a participation: no city is written
        ParticipationFactory(city=city, event=EventFactory(title="Harbin fair", title_en="Harbin fair", host_city=city))
    html, queries = _get(client, url)
    assert "Harbin fair" in html and "Mayors forum" in html and "Silver horn" in html
    assert not [sql for sql in queries if "museum_exhibit" in sql], "the gifts were kept"


def test_an_event_page_keeps_its_lists_through_an_exhibit_save_and_shows_a_gift_presented_there(
    client, django_capture_on_commit_callbacks
):
    aarhus = PartnerCityFactory(name="Aarhus", name_en="Aarhus", slug="aarhus")
    event = EventFactory(title="Mayors forum", title_en="Mayors forum", host_city=aarhus)
    ParticipationFactory(event=event, city=aarhus)
    room = RoomFactory(city=aarhus)
    url = event.get_absolute_url()
    html, _ = _get(client, url)
    assert "Aarhus" in html

    with django_capture_on_commit_callbacks(execute=True):  # an exhibit (and its type): no city or event is written
        ExhibitFactory(
            presented_at_id=event.pk, origin_city=aarhus, room=room, title="Bronze horn", title_en="Bronze horn"
        )
    html, queries = _get(client, url)
    assert "Aarhus" in html and "Bronze horn" in html
    assert not [sql for sql in queries if "events_participation" in sql], "the participations were kept"


def test_a_kept_section_is_rendered_once_until_the_content_changes(client, settings):
    from django.test.signals import template_rendered

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every visit renders the page
    city = PartnerCityFactory()
    rendered = []

    def count(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(count)
    try:
        pages = [client.get(city.get_absolute_url()).content.decode() for _ in range(3)]
    finally:
        template_rendered.disconnect(count)
    assert pages[0] == pages[1] == pages[2]
    assert "No published event with this city yet." in pages[2]
    assert rendered.count("events/sections/city_events.html") == 1
    assert rendered.count("cities/city_detail.html") == 3


def test_the_home_page_keeps_harbin_and_the_museum_and_shows_a_change_to_either_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    from cities.tests.factories import HarbinFactory
    from museum.tests.factories import MuseumFactory

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every visit renders the page
    harbin = HarbinFactory(population=10_000_000)
    museum = MuseumFactory(name="Sister Cities Museum", name_en="Sister Cities Museum")
    _get(client, "/en/")
    html, queries = _get(client, "/en/")
    assert "10,000,000" in html and "Sister Cities Museum" in html
    assert not [sql for sql in queries if "cities_city" in sql or "museum_museum" in sql], queries

    with django_capture_on_commit_callbacks(execute=True):
        harbin.population = 10_100_000
        harbin.save()
        museum.name_en = "International Sister Cities Museum"
        museum.save()
    html, _ = _get(client, "/en/")
    assert "10,100,000" in html and "International Sister Cities Museum" in html


def test_an_exhibit_page_is_kept_for_visitors_and_shows_a_change_to_its_city_event_or_donor_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    from museum.tests.factories import DonorFactory

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every visit renders the page
    city = PartnerCityFactory(name="Niigata", name_en="Niigata", slug="niigata")
    event = EventFactory(title="Mayors forum", title_en="Mayors forum", host_city=city)
    donor = DonorFactory(name="Sato Hiroshi", show_publicly=False)
    horn = ExhibitFactory(origin_city=city, presented_at_id=event.pk, donor=donor, title="Horn", title_en="Horn")
    url = horn.get_absolute_url()
    _get(client, url)
    html, queries = _get(client, url)
    assert "Horn" in html and "Niigata" in html and "Mayors forum" in html
    assert "Sato Hiroshi" not in html
    assert not [sql for sql in queries if "museum_exhibit" in sql], queries

    with django_capture_on_commit_callbacks(execute=True):
        city.name_en = "Niigata City"
        city.save()
        event.title_en = "Mayors round table"
        event.save()
        donor.show_publicly = True
        donor.save()
    html, _ = _get(client, url)
    assert "Niigata City" in html and "Mayors round table" in html and "Sato Hiroshi" in html

    with django_capture_on_commit_callbacks(execute=True):
        horn.status = "draft"
        horn.save()
    assert client.get(url).status_code == 404


def test_what_staff_see_of_a_draft_exhibit_is_not_kept_for_visitors(client, staff_user, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    draft = ExhibitFactory(status="draft", title="Unfinished record", title_en="Unfinished record")
    client.force_login(staff_user)
    assert "Unfinished record" in client.get(draft.get_absolute_url()).content.decode()
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/en/museum/exhibits/HISCM 2009 ü<1>/").status_code == 404
