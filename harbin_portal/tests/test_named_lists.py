"""A list's rows are kept under what chose them (its filters' cleaned values, its tab, the day), with the site's
cache invalidation: a repeat visit to a filtered list asks the database nothing, a change shows at once, a new day
moves events from upcoming to past, and what staff see (drafts) never reaches a visitor's kept rows."""

import datetime

import pytest
from django.utils import timezone

from cities.tests.factories import HarbinFactory, PartnerCityFactory
from core.publishing import Status
from events.tests.factories import EventFactory
from museum.tests.factories import ExhibitFactory, ObjectTypeFactory

pytestmark = pytest.mark.django_db

EXHIBITS = "/en/museum/exhibits/"


@pytest.fixture
def paintings():
    painting = ObjectTypeFactory(name="Painting", name_en="Painting", slug="painting")
    return [ExhibitFactory(object_type=painting, on_display=True) for _ in range(3)]


def test_a_repeat_visit_to_a_filtered_list_asks_the_database_nothing(client, paintings, django_assert_num_queries):
    ExhibitFactory(on_display=True)  # another type: filtered out
    html = client.get(EXHIBITS, {"type": "painting", "on_display": "yes"}).content.decode()
    assert html.count("exhibit-card") == 3
    # The same choice asked in another order, with a value the form ignores ("sort" must be one of its choices).
    with django_assert_num_queries(0):
        again = client.get(EXHIBITS, {"on_display": "yes", "sort": "nonsense", "type": "painting"})
    assert again.content.decode().count("exhibit-card") == 3
    assert "3 exhibits" in again.content.decode()


def test_a_new_exhibit_shows_at_once_on_a_kept_filtered_list(client, paintings, django_capture_on_commit_callbacks):
    client.get(EXHIBITS, {"type": "painting"})
    with django_capture_on_commit_callbacks(execute=True):
        ExhibitFactory(object_type=paintings[0].object_type, object_name="Lotus pond", object_name_en="Lotus pond")
    html = client.get(EXHIBITS, {"type": "painting"}).content.decode()
    assert "Lotus pond" in html
    assert "4 exhibits" in html


def test_each_filter_combination_has_rows_of_its_own(client, paintings):
    paintings[0].on_display = False
    paintings[0].save()
    shown = client.get(EXHIBITS, {"type": "painting", "on_display": "yes"}).content.decode()
    stored = client.get(EXHIBITS, {"type": "painting", "on_display": "no"}).content.decode()
    assert shown.count("exhibit-card") == 2 and "2 exhibits" in shown
    assert stored.count("exhibit-card") == 1 and paintings[0].object_name in stored


def test_a_visitor_s_kept_rows_hold_no_draft_and_staff_still_see_theirs(client, staff_user):
    ExhibitFactory(object_name="Public vase", object_name_en="Public vase")
    ExhibitFactory(object_name="Secret screen", object_name_en="Secret screen", status=Status.DRAFT)
    visitor = client.get(EXHIBITS).content.decode()
    assert "Public vase" in visitor and "Secret screen" not in visitor
    client.force_login(staff_user)
    assert "Secret screen" in client.get(EXHIBITS).content.decode()
    client.logout()
    assert "Secret screen" not in client.get(EXHIBITS).content.decode()


def test_a_room_s_kept_page_follows_its_exhibits(client, paintings, django_capture_on_commit_callbacks):
    room = paintings[0].room
    url = room.get_absolute_url()
    assert paintings[0].object_name in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        paintings[0].status = Status.DRAFT
        paintings[0].save()
    assert paintings[0].object_name not in client.get(url).content.decode()


def test_a_new_day_moves_an_event_from_upcoming_to_past(client, monkeypatch):
    EventFactory(title="Mayors Dialogue", starts_on=datetime.date(2026, 6, 1), ends_on=datetime.date(2026, 6, 2))
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: datetime.date(2026, 5, 30))
    before = client.get("/en/events/").content.decode()
    assert before.index("<h3>Upcoming</h3>") < before.index("Mayors Dialogue")
    assert "Mayors Dialogue" in client.get("/en/events/", {"when": "upcoming"}).content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: datetime.date(2026, 6, 3))
    after = client.get("/en/events/").content.decode()
    assert "<h3>Upcoming</h3>" not in after and after.index("<h3>Past</h3>") < after.index("Mayors Dialogue")
    assert "Mayors Dialogue" not in client.get("/en/events/", {"when": "upcoming"}).content.decode()
    assert "Mayors Dialogue" in client.get("/en/events/", {"when": "past"}).content.decode()


def test_a_repeat_visit_to_a_filtered_events_list_asks_nothing(client, django_assert_num_queries):
    EventFactory(title="Trade fair", starts_on=datetime.date(2025, 3, 1), ends_on=None)
    EventFactory(title="Ice festival", starts_on=datetime.date(2024, 1, 5), ends_on=None)
    assert "Ice festival" not in client.get("/en/events/", {"year": "2025"}).content.decode()
    with django_assert_num_queries(0):
        html = client.get("/en/events/", {"year": "2025"}).content.decode()
    assert "Trade fair" in html and "Ice festival" not in html


def test_the_directory_s_kept_rows_hold_no_draft_partner(client, staff_user, django_assert_num_queries):
    HarbinFactory()
    PartnerCityFactory(name="Niigata", name_en="Niigata", country="JP")
    PartnerCityFactory(name="Hidden town", name_en="Hidden town", country="JP", status=Status.DRAFT)
    client.force_login(staff_user)
    assert "Hidden town" in client.get("/en/cities/", {"country": "JP"}).content.decode()
    client.logout()
    html = client.get("/en/cities/", {"country": "JP"}).content.decode()
    assert "Niigata" in html and "Hidden town" not in html
    with django_assert_num_queries(0):
        again = client.get("/en/cities/", {"country": "JP"}).content.decode()
    assert "Niigata" in again and "Hidden town" not in again
