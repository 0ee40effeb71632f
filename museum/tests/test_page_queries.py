"""What a repeat visit to a museum page asks the database, once its cards, drop-downs and counts are kept
(issue 12: fast without the page cache), and that the pages still say the same."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import CityFactory, ExhibitFactory, ExhibitImageFactory, MuseumFactory, ObjectTypeFactory, RoomFactory

pytestmark = pytest.mark.django_db

# The site keeps cards, drop-downs and counts per content version (core.cache.connect_invalidation); an app's
# layer run (harbin_portal/settings/layer.py) has no site, so there every visit renders and counts afresh.
needs_the_site = pytest.mark.skipif(not apps.is_installed("harbin_portal"), reason="nothing is kept without the site")

LIST_URL = "/en/museum/exhibits/"


def _repeat_visit(client, url, **params):
    """The page on a second visit (the first fills the kept cards and choices) and its queries."""
    assert client.get(url, params).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.fixture
def collection():
    painting = ObjectTypeFactory(name="Painting", name_en="Painting", slug="painting")
    room = RoomFactory(name="Niigata room", name_en="Niigata room", slug="niigata-room")
    niigata = CityFactory(name="Niigata", name_en="Niigata", slug="niigata")
    crane = ExhibitFactory(
        object_name="Crane scroll", object_type=painting, room=room, origin_city=niigata, on_display=True
    )
    for _ in range(30):
        ExhibitFactory(room=room)
    return {"crane": crane, "room": room}


@needs_the_site
def test_the_exhibit_list_asks_nothing_on_a_repeat_visit(client, collection):
    html, queries = _repeat_visit(client, LIST_URL)
    assert queries == 0  # the page's keys are kept with its cards
    assert html.count("exhibit-card") == 24


@needs_the_site
def test_a_filtered_exhibit_list_asks_nothing_on_a_repeat_visit_and_marks_the_chosen_options(client, collection):
    params = {"type": "painting", "room": "niigata-room", "origin_city": "niigata", "on_display": "yes"}
    html, queries = _repeat_visit(client, LIST_URL, **params)
    assert queries == 0
    assert html.count("exhibit-card") == 1
    assert "Crane scroll" in html
    for selected in ('value="painting" selected', 'value="niigata-room" selected', 'value="niigata" selected'):
        assert selected in html


def test_an_unknown_type_or_room_is_ignored_with_a_note(client, collection):
    html, _ = _repeat_visit(client, LIST_URL, type="no-such-type", room="no-such-room")
    assert html.count("This value was ignored.") == 2
    assert html.count("exhibit-card") == 24


@needs_the_site
def test_a_room_page_asks_nothing_on_a_repeat_visit_and_shows_a_new_name_at_once(
    client, collection, django_capture_on_commit_callbacks
):
    room = collection["room"]
    html, queries = _repeat_visit(client, room.get_absolute_url())
    assert queries == 0
    assert html.count("exhibit-card") == 24
    with django_capture_on_commit_callbacks(execute=True):
        room.name_en = "Niigata hall"
        room.save()
    assert "Niigata hall" in client.get(room.get_absolute_url()).content.decode()


def test_what_staff_see_of_a_draft_room_is_not_kept_for_visitors(client, staff_user):
    RoomFactory(name="Store room", name_en="Store room", slug="store-room", status="draft")
    client.force_login(staff_user)
    assert "Store room" in client.get("/en/museum/rooms/store-room/").content.decode()
    client.logout()
    assert client.get("/en/museum/rooms/store-room/").status_code == 404


@needs_the_site
def test_an_exhibit_page_asks_nothing_on_a_repeat_visit(client, collection):
    crane = collection["crane"]
    crane.source = "Gift register, 2009"
    crane.save()
    for index in range(3):
        ExhibitImageFactory(exhibit=crane, is_primary=index == 0, order=index, caption=f"View {index}")
    html, queries = _repeat_visit(client, crane.get_absolute_url())
    # The exhibit, the records it names and its images are kept until the content changes.
    assert queries == 0
    assert "Gift register, 2009" in html
    assert "View 0" in html
    assert html.count('loading="lazy"') == 2  # the two other images, in the gallery


@needs_the_site
def test_the_museum_page_shows_rooms_types_and_highlights_from_kept_pieces(client, collection):
    MuseumFactory()
    html, queries = _repeat_visit(client, "/en/museum/")
    # The highlights' keys and cards, the museum's record, the rooms and types are all kept.
    assert queries == 0
    assert '<a href="/en/museum/rooms/niigata-room/">Niigata room</a>' in html
    assert "31 exhibits online" in html
    assert '<a href="/en/museum/exhibits/?type=painting">Painting</a> <span class="badge">1</span>' in html
    assert "Crane scroll" in html


@needs_the_site
def test_a_new_exhibit_shows_on_the_kept_list_at_once_and_each_page_keeps_its_own_keys(
    client, collection, django_capture_on_commit_callbacks
):
    first, _ = _repeat_visit(client, LIST_URL)
    second, _ = _repeat_visit(client, LIST_URL, page=2)
    assert "Crane scroll" in first + second
    assert not set(re.findall(r'href="(/en/museum/exhibits/[^"?]+/)"', first)) & set(
        re.findall(r'href="(/en/museum/exhibits/[^"?]+/)"', second)
    )
    with django_capture_on_commit_callbacks(execute=True):
        ExhibitFactory(accession_number="HISCM.1990.1", object_name="Oldest bell", room=collection["room"])
    assert "Oldest bell" in client.get(LIST_URL).content.decode()
