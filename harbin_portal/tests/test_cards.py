"""Exhibit cards are kept per content version ({% render_cards %}, with the site's cache invalidation): changes
show at once, drafts never leak, a repeat visit reads only keys."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.publishing import Status
from museum.tests.factories import CityFactory, ExhibitFactory, RoomFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/en/museum/exhibits/"


def test_a_renamed_exhibit_or_giving_city_shows_on_the_list_at_once(client, django_capture_on_commit_callbacks):
    city = CityFactory(name="Niigata", name_en="Niigata")
    exhibit = ExhibitFactory(object_name="Vase", object_name_en="Vase", origin_city=city)
    assert "Vase" in client.get(LIST_URL).content.decode()  # the card is now kept
    with django_capture_on_commit_callbacks(execute=True):
        exhibit.object_name = exhibit.object_name_en = "Lacquer box"
        exhibit.save()
    html = client.get(LIST_URL).content.decode()
    assert "Lacquer box" in html
    assert "Vase" not in html
    with django_capture_on_commit_callbacks(execute=True):
        city.name = city.name_en = "Niigata City"
        city.save()
    assert "Gift of Niigata City" in client.get(LIST_URL).content.decode()


def test_staff_cards_with_drafts_never_reach_visitors(client, staff_client):
    # A published exhibit in a room that is still a draft: staff see the room on its card, visitors must not.
    draft_room = RoomFactory(name="Hidden room", name_en="Hidden room", status=Status.DRAFT)
    ExhibitFactory(object_name="Public vase", object_name_en="Public vase", room=draft_room)
    ExhibitFactory(object_name="Secret screen", object_name_en="Secret screen", status=Status.DRAFT)
    staff_html = staff_client.get(LIST_URL).content.decode()
    assert "Secret screen" in staff_html
    assert "Hidden room" in staff_html
    assert "badge-draft" in staff_html
    client.logout()
    html = client.get(LIST_URL).content.decode()
    assert "Public vase" in html
    assert "Secret screen" not in html
    assert "Hidden room" not in html
    assert "badge-draft" not in html


def test_a_repeat_visit_reads_only_the_page_s_keys(client):
    for _ in range(5):
        ExhibitFactory()
    with CaptureQueriesContext(connection) as first:
        client.get(LIST_URL)
    with CaptureQueriesContext(connection) as repeat:
        html = client.get(LIST_URL).content.decode()
    # First: the keys, then the records with their primary images; again: the keys only.
    assert any("museum_exhibitimage" in query["sql"] for query in first.captured_queries)
    assert not any("museum_exhibitimage" in query["sql"] for query in repeat.captured_queries)
    assert len(repeat) < len(first)
    assert html.count("exhibit-card") == 5
