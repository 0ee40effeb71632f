"""Bad input never breaks a page: fuzzed query strings and paths never answer 500, and text that staff
typed with HTML or script in it is escaped on every public page that shows it."""

import datetime

import pytest
from django.db import models
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cities.models import Agreement, City, CityFigure, Contact, Partnership, PartnershipMilestone
from core.publishing import Status
from events.models import Event, EventPhoto, EventSeries, Participant, Participation, Session
from museum.models import Donor, Exhibit, Movement, Museum, ObjectType, Room

PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
SHORT_PAYLOAD = "<b>x</b>"
RAW_MARKERS = ("<script>alert(", "<img src=x onerror", "<b>x</b>")

PUBLIC_LISTS = [
    "/en/",
    "/en/harbin/",
    "/en/cities/",
    "/en/events/",
    "/en/museum/",
    "/en/museum/exhibits/",
    "/en/search/",
]
QUERY_KEYS = [
    "q",
    "page",
    "country",
    "continent",
    "kind",
    "status",
    "decade",
    "year",
    "series",
    "city",
    "when",
    "type",
    "origin_city",
    "room",
    "on_display",
    "established",
    "o",
    "sort",
]


def _fill_text_fields(obj, payload=PAYLOAD):
    """Put the payload into every free-text field (translated variants included) of `obj`."""
    for field in obj._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        if isinstance(field, models.SlugField | models.URLField | models.EmailField) or not field.editable:
            continue
        if field.name in ("accession_number", "status", "country"):
            continue
        text = payload if not field.max_length or field.max_length >= len(payload) else SHORT_PAYLOAD
        if field.max_length and field.max_length < len(text):
            continue
        setattr(obj, field.attname, text)
    obj.save()
    return obj


@pytest.fixture
def hostile_records(db):
    """One published record of every model, every text field carrying markup."""
    home = _fill_text_fields(City(slug="harbin", country="CN", is_home=True, status=Status.PUBLISHED))
    city = _fill_text_fields(
        City(slug="edmonton", country="CA", latitude=53.5, longitude=-113.5, status=Status.PUBLISHED)
    )
    partnership = _fill_text_fields(Partnership(city=city, status=Status.PUBLISHED))
    _fill_text_fields(CityFigure(city=home))
    _fill_text_fields(PartnershipMilestone(partnership=partnership, date=datetime.date(2000, 1, 1), kind="renewed"))
    _fill_text_fields(Agreement(partnership=partnership, is_public=True))
    _fill_text_fields(Contact(partnership=partnership))
    series = _fill_text_fields(EventSeries(slug="series", status=Status.PUBLISHED))
    event = _fill_text_fields(
        Event(
            slug="dialogue",
            kind="forum",
            series=series,
            starts_on=datetime.date(2026, 1, 6),
            ends_on=datetime.date(2026, 1, 8),
            host_city=home,
            status=Status.PUBLISHED,
        )
    )
    _fill_text_fields(Participation(event=event, city=city, role="guest"))
    _fill_text_fields(Participant(event=event, city=city))
    _fill_text_fields(Session(event=event, starts_at=datetime.datetime(2026, 1, 6, 9, tzinfo=datetime.UTC)))
    _fill_text_fields(Museum())
    room = _fill_text_fields(Room(slug="edmonton-room", city=city, status=Status.PUBLISHED))
    otype = _fill_text_fields(ObjectType(slug="painting"))
    donor = _fill_text_fields(Donor(city=city, show_publicly=True))
    exhibit = _fill_text_fields(
        Exhibit(
            accession_number="HISCM.2009.1",
            object_type=otype,
            room=room,
            origin_city=city,
            donor=donor,
            presented_at=event,
            recording_date=datetime.date(2009, 1, 1),
            status=Status.PUBLISHED,
            on_display=True,
        )
    )
    _fill_text_fields(
        Movement(exhibit=exhibit, to_room=room, moved_at=datetime.datetime(2009, 1, 2, tzinfo=datetime.UTC))
    )
    assert EventPhoto  # photos need an image file; their caption is covered by the events app's tests
    return {"city": city, "event": event, "room": room, "exhibit": exhibit}


def test_markup_typed_by_staff_is_escaped_on_every_public_page(client, hostile_records):
    pages = [
        *PUBLIC_LISTS,
        "/en/search/?q=script",
        hostile_records["city"].get_absolute_url(),
        hostile_records["event"].get_absolute_url(),
        hostile_records["room"].get_absolute_url(),
        hostile_records["exhibit"].get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for marker in RAW_MARKERS:
            assert marker not in html, f"unescaped {marker!r} on {url}"
    detail = client.get(hostile_records["exhibit"].get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(" in detail


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(PUBLIC_LISTS),
    params=st.dictionaries(
        st.sampled_from(QUERY_KEYS) | st.text(max_size=8),
        st.text(max_size=30) | st.integers(-(10**12), 10**12).map(str),
        max_size=4,
    ),
)
def test_fuzzed_query_parameters_never_give_500(client, path, params):
    response = client.get(path, params)
    assert response.status_code in (200, 301, 302, 400, 404), (path, params, response.status_code)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prefix=st.sampled_from(
        ["/en/cities/", "/en/events/", "/en/museum/rooms/", "/en/museum/exhibits/", "/zh-hans/cities/", "/ru/events/"]
    ),
    segment=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#"), min_size=1, max_size=40
    ),
)
def test_fuzzed_path_segments_never_give_500(client, prefix, segment):
    from urllib.parse import quote

    response = client.get(prefix + quote(segment) + "/")
    assert response.status_code in (200, 301, 302, 400, 404), (prefix, segment, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/en/museum/exhibits/HISCM.2009.1%00/",
        "/iiif/exhibits/HISCM.2009.1%00/manifest.json",
        "/api/v1/exhibits/HISCM.2009.1%00/",
    ],
)
def test_a_nul_character_in_an_address_is_a_bad_request_on_every_database(client, address):
    """PostgreSQL cannot hold a NUL in text: a lookup with one gave 500 there (SQLite found nothing)."""
    response = client.get(address)
    assert response.status_code == 400
    assert "400" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_character_in_the_search_words_is_dropped(client):
    Exhibit.objects.create(
        accession_number="HISCM.2009.1",
        object_name="Blue vase",
        brief_description="A vase.",
        recorder="Staff",
        recording_date=datetime.date(2009, 1, 1),
        in_store=True,
        status=Status.PUBLISHED,
    )
    assert client.get("/en/search/", {"q": "\x00"}).status_code == 200
    response = client.get("/en/search/", {"q": "va\x00se"})
    assert response.status_code == 200
    assert "Blue vase" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_character_in_an_oai_pmh_argument_is_a_bad_argument(client):
    response = client.get("/oai/", {"verb": "GetRecord", "metadataPrefix": "lido", "identifier": "oai:x:a\x00"})
    assert response.status_code == 200
    assert 'code="badArgument"' in response.content.decode()
