import datetime

import pytest
from django.core.management import call_command

from cities.models import City
from core.publishing import Status
from events.models import Event, EventKind
from museum.models import Exhibit


@pytest.fixture
def seeded(db):
    call_command("loaddata", "fixtures/cities.json", verbosity=0)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Puchon", "Bucheon"), ("新潟", "Niigata"), ("Хабаровск", "Khabarovsk"), ("witebsk", "Vitebsk")],
)
def test_search_finds_cities_in_every_language_and_spelling(client, seeded, query, expected):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    names = [city.name for city in response.context["groups"][0]["results"]]
    assert expected in names


def test_search_groups_results_by_kind(client, seeded):
    harbin = City.objects.get(slug="harbin")
    Event.objects.create(
        title="Edmonton winter forum",
        slug="edmonton-forum",
        kind=EventKind.FORUM,
        starts_on=datetime.date(2026, 1, 6),
        host_city=harbin,
        status=Status.PUBLISHED,
    )
    Exhibit.objects.create(
        accession_number="HISCM.2009.1",
        object_name="Edmonton totem",
        brief_description="A carved pole.",
        recorder="Staff",
        recording_date=datetime.date(2009, 1, 1),
        in_store=True,
        status=Status.PUBLISHED,
    )
    response = client.get("/en/search/", {"q": "edmonton"})
    groups = {group["kind"]: group for group in response.context["groups"]}
    assert [c.slug for c in groups["cities"]["results"]] == ["edmonton"]
    assert [e.slug for e in groups["events"]["results"]] == ["edmonton-forum"]
    assert [x.accession_number for x in groups["exhibits"]["results"]] == ["HISCM.2009.1"]
    assert response.context["total"] == 3


def test_search_hides_drafts_from_visitors(client, seeded):
    Exhibit.objects.create(
        accession_number="HISCM.2009.2",
        object_name="Secret draft vase",
        brief_description="Not yet public.",
        recorder="Staff",
        recording_date=datetime.date(2009, 1, 1),
        in_store=True,
    )
    response = client.get("/en/search/", {"q": "secret draft"})
    assert "Secret draft vase" not in response.content.decode()


def test_search_shows_drafts_to_staff_with_a_badge(staff_client, seeded):
    Exhibit.objects.create(
        accession_number="HISCM.2009.3",
        object_name="Draft lantern",
        brief_description="Not yet public.",
        recorder="Staff",
        recording_date=datetime.date(2009, 1, 1),
        in_store=True,
    )
    response = staff_client.get("/en/search/", {"q": "draft lantern"})
    html = response.content.decode()
    assert "Draft lantern" in html
    assert "badge-draft" in html


def test_search_escapes_the_query(client, db):
    response = client.get("/en/search/", {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_search_runs_a_fixed_number_of_queries(client, seeded, django_assert_max_num_queries):
    # A group's keys, then its records for the cards not kept yet (exhibits: their images too).
    with django_assert_max_num_queries(9):
        first = client.get("/en/search/", {"q": "a"})
    # The keys of each group and their cards are kept: nothing is asked.
    with django_assert_max_num_queries(0):
        again = client.get("/en/search/", {"q": "a"})
    assert again.content == first.content
    assert b'href="/en/cities/' in again.content


def test_a_kept_search_shows_a_new_match_at_once_and_keeps_drafts_from_visitors(
    client, staff_user, seeded, django_capture_on_commit_callbacks
):
    def names(response):
        return [city.name for city in response.context["groups"][0]["results"]]

    assert names(client.get("/en/search/", {"q": "Edmonton"})) == ["Edmonton"]
    with django_capture_on_commit_callbacks(execute=True):
        City.objects.create(name="Edmonton North", name_en="Edmonton North", slug="edmonton-north", country="CA")
    client.force_login(staff_user)
    assert names(client.get("/en/search/", {"q": "Edmonton"})) == ["Edmonton", "Edmonton North"]  # a draft
    client.logout()
    assert names(client.get("/en/search/", {"q": "Edmonton"})) == ["Edmonton"]
    with django_capture_on_commit_callbacks(execute=True):
        City.objects.filter(slug="edmonton-north").update(status=Status.PUBLISHED)
        City.objects.get(slug="edmonton-north").save()
    assert names(client.get("/en/search/", {"q": "Edmonton"})) == ["Edmonton", "Edmonton North"]


def test_empty_search_shows_the_form_only(client, db):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert response.context["groups"] == []


@pytest.mark.django_db
def test_postgresql_has_trigram_indexes_for_search():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only; SQLite uses plain matching")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "cities_city_alternative_names_trgm",
        "events_event_title_en_trgm",
        "museum_exhibit_object_name_en_trgm",
    } <= names
