"""Exhibit cards are kept per exhibit and content version ({% render_cards %}, with the site's cache
invalidation): changes show at once, saving one exhibit renders only its card again, drafts never leak, a repeat
visit reads only keys."""

import re

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


def _exhibits_loaded(queries):
    """The exhibits whose whole records a list loaded (to render their cards), by primary key."""
    loaded = [re.search(r'"museum_exhibit"\."id" IN \(([\d, ]+)\)', query["sql"]) for query in queries]
    return sorted(int(pk) for match in loaded if match for pk in match.group(1).split(", "))


def test_saving_one_exhibit_renders_only_its_card_again(client, django_capture_on_commit_callbacks):
    room = RoomFactory(name="Japan room", name_en="Japan room")
    exhibits = [ExhibitFactory(object_name=f"Vase {n}", object_name_en=f"Vase {n}", room=room) for n in range(4)]
    with CaptureQueriesContext(connection) as first:
        client.get(LIST_URL)
    assert _exhibits_loaded(first.captured_queries) == sorted(exhibit.pk for exhibit in exhibits)
    with django_capture_on_commit_callbacks(execute=True):
        exhibits[2].object_name = exhibits[2].object_name_en = "Lacquer box"
        exhibits[2].save()
    with CaptureQueriesContext(connection) as after_save:
        html = client.get(LIST_URL).content.decode()
    assert _exhibits_loaded(after_save.captured_queries) == [exhibits[2].pk]
    assert "Lacquer box" in html and "Vase 2" not in html
    assert all(f"Vase {n}" in html for n in (0, 1, 3))
    # What every card shows besides its exhibit (a room's name) renders them all again.
    with django_capture_on_commit_callbacks(execute=True):
        room.name = room.name_en = "Niigata room"
        room.save()
    with CaptureQueriesContext(connection) as after_rename:
        html = client.get(LIST_URL).content.decode()
    assert _exhibits_loaded(after_rename.captured_queries) == sorted(exhibit.pk for exhibit in exhibits)
    assert html.count('<p class="meta">Niigata room') == 4 and "Japan room" not in html
