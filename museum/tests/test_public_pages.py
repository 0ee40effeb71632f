import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.publishing import Status

from .factories import (
    CityFactory,
    DonorFactory,
    EventFactory,
    ExhibitFactory,
    ExhibitImageFactory,
    MuseumFactory,
    ObjectTypeFactory,
    RoomFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/en/museum/exhibits/"


def json_ld(html):
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def exhibit_with_images(room=None, images=2, **kwargs):
    exhibit = ExhibitFactory(**({"room": room} if room else {}), **kwargs)
    for index in range(images):
        ExhibitImageFactory(exhibit=exhibit, is_primary=index == 0, order=index)
    return exhibit


def test_exhibit_urls_carry_the_accession_number_with_its_dots(client):
    exhibit = ExhibitFactory(accession_number="HISCM.2009.12")
    assert exhibit.get_absolute_url() == "/en/museum/exhibits/HISCM.2009.12/"
    assert client.get("/en/museum/exhibits/HISCM.2009.12/").status_code == 200


def test_unknown_accession_numbers_are_404(client):
    ExhibitFactory(accession_number="HISCM.2009.12")
    assert client.get("/en/museum/exhibits/HISCM.2009.13/").status_code == 404
    assert client.get("/en/museum/exhibits/..%2F/").status_code == 404


def test_draft_exhibit_is_404_for_visitors(client):
    exhibit = ExhibitFactory(status=Status.DRAFT)
    assert client.get(exhibit.get_absolute_url()).status_code == 404


def test_draft_exhibit_shows_a_banner_to_staff(staff_client):
    exhibit = ExhibitFactory(status=Status.DRAFT)
    response = staff_client.get(exhibit.get_absolute_url())
    assert response.status_code == 200
    assert "draft-banner" in response.content.decode()


def test_draft_room_is_404_for_visitors(client):
    room = RoomFactory(status=Status.DRAFT)
    assert client.get(room.get_absolute_url()).status_code == 404


def test_drafts_are_left_out_of_the_public_list(client):
    ExhibitFactory(object_name="Public vase", object_name_en="Public vase")
    ExhibitFactory(object_name="Secret drum", object_name_en="Secret drum", status=Status.DRAFT)
    html = client.get(LIST_URL).content.decode()
    assert "Public vase" in html and "Secret drum" not in html


def test_public_list_orders_accession_numbers_number_aware(client):
    for number in ["HISCM.2009.10", "HISCM.2009.9", "HISCM.2009.100", "HISCM.2008.11"]:
        ExhibitFactory(accession_number=number)
    html = client.get(LIST_URL).content.decode()
    positions = [
        html.index(f"/exhibits/{n}/") for n in ["HISCM.2008.11", "HISCM.2009.9", "HISCM.2009.10", "HISCM.2009.100"]
    ]
    assert positions == sorted(positions)


def test_exhibit_page_shows_the_large_image_gallery_and_links(client):
    city = CityFactory(name="Niigata", name_en="Niigata", slug="niigata")
    event = EventFactory(title="Winter Forum", title_en="Winter Forum", slug="winter-forum")
    exhibit = exhibit_with_images(images=3, origin_city=city, presented_at=event, materials="Silk", maker="Hanako")
    primary, *others = exhibit.images.order_by("order")
    html = client.get(exhibit.get_absolute_url()).content.decode()
    assert primary.image_large.url in html
    for image in others:
        assert image.image_small.url in html and image.image_large.url in html
    assert primary.image.url not in html
    assert 'href="/en/cities/niigata/"' in html
    assert 'href="/en/events/winter-forum/"' in html
    assert exhibit.room.get_absolute_url() in html


def test_exhibit_page_describes_a_visual_artwork_for_search_engines(client):
    exhibit = exhibit_with_images(
        images=1, materials="Silk", dimensions="40 × 30 cm", date_made="c. 1985", maker="Hanako <Sato>"
    )
    data = next(
        d for d in json_ld(client.get(exhibit.get_absolute_url()).content.decode()) if d["@type"] == "VisualArtwork"
    )
    assert data["name"] == exhibit.display_title
    assert data["artMedium"] == "Silk" and data["size"] == "40 × 30 cm" and data["dateCreated"] == "c. 1985"
    assert data["creator"]["name"] == "Hanako <Sato>"
    assert data["url"] == f"http://testserver{exhibit.get_absolute_url()}"
    assert data["image"].endswith(".webp")


def test_a_private_donor_never_appears_on_public_pages(client):
    donor = DonorFactory(name="Private Benefactor Ltd", show_publicly=False)
    exhibit = exhibit_with_images(images=1, donor=donor)
    for url in [exhibit.get_absolute_url(), LIST_URL, exhibit.room.get_absolute_url(), "/en/museum/"]:
        assert "Private Benefactor" not in client.get(url).content.decode(), url


def test_a_public_donor_is_named_on_the_exhibit_page(client):
    exhibit = ExhibitFactory(donor=DonorFactory(name="Niigata Friendship Society", show_publicly=True))
    assert "Niigata Friendship Society" in client.get(exhibit.get_absolute_url()).content.decode()


def test_staff_only_notes_never_appear(client):
    exhibit = ExhibitFactory(condition_note="Crack hidden on the back", donor=DonorFactory(notes="Call first"))
    html = client.get(exhibit.get_absolute_url()).content.decode()
    assert "Crack hidden" not in html and "Call first" not in html


def test_list_pages_never_reference_original_images(client):
    room = RoomFactory()
    exhibits = [exhibit_with_images(room=room, on_display=True) for _ in range(3)]
    originals = [image.image.url for exhibit in exhibits for image in exhibit.images.all()]
    for url in [LIST_URL, room.get_absolute_url(), "/en/museum/"]:
        html = client.get(url).content.decode()
        assert exhibits[0].images.get(is_primary=True).image_small.url in html, url
        for original in originals:
            assert original not in html, url


def test_user_text_is_escaped(client):
    exhibit = ExhibitFactory(object_name="<script>alert(1)</script>", object_name_en="<script>alert(1)</script>")
    for url in [exhibit.get_absolute_url(), LIST_URL]:
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)" in html


@pytest.mark.parametrize("url", [LIST_URL, "ROOM"])
def test_list_pages_run_a_fixed_number_of_queries(
    url, client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    room = RoomFactory()
    url = room.get_absolute_url() if url == "ROOM" else url
    for _ in range(3):
        exhibit_with_images(room=room, images=1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the cache is told once the writes commit
        for _ in range(30):
            exhibit_with_images(room=room, images=3)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.content.decode().count("exhibit-card") == 24


def test_filters_narrow_the_list(client):
    niigata = CityFactory(name="Niigata", name_en="Niigata", slug="niigata", country="JP")
    aarhus = CityFactory(name="Aarhus", name_en="Aarhus", slug="aarhus", country="DK")
    painting = ObjectTypeFactory(slug="painting")
    room = RoomFactory(slug="aarhus-room")
    a = ExhibitFactory(object_name="Screen", object_name_en="Screen", origin_city=niigata, object_type=painting)
    b = ExhibitFactory(
        object_name="Lur",
        object_name_en="Lur",
        origin_city=aarhus,
        room=room,
        on_display=True,
        acquisition_date=datetime.date(2012, 5, 1),
        title="Bronze horn",
        title_en="Bronze horn",
    )
    cases = {
        "type=painting": a,
        "origin_city=aarhus": b,
        "country=JP": a,
        "room=aarhus-room": b,
        "decade=2010": b,
        "on_display=yes": b,
        "on_display=no": a,
        "q=screen": a,
        "q=bronze": b,
        f"q={b.accession_number}": b,
    }
    for query, expected in cases.items():
        html = client.get(f"{LIST_URL}?{query}").content.decode()
        other = b if expected is a else a
        assert expected.get_absolute_url() in html, query
        assert other.get_absolute_url() not in html, query


@pytest.mark.parametrize(
    "query",
    [
        "type=nope",
        "origin_city=%00",
        "country=XX",
        "room=1' OR 1=1",
        "decade=99999999999",
        "decade=abc",
        "on_display=maybe",
        "page=9999",
        "page=-1",
        "q=" + "x" * 500,
    ],
)
def test_bad_filter_values_never_break_the_list(query, client):
    ExhibitFactory()
    assert client.get(f"{LIST_URL}?{query}").status_code == 200


def test_museum_page_shows_visiting_information_rooms_and_types(client):
    museum = MuseumFactory(floor_area_m2=1800, stated_room_count=28, stated_exhibit_count=1048)
    room = RoomFactory(name="Bucheon room", name_en="Bucheon room", city=CityFactory(name="Bucheon", name_en="Bucheon"))
    ExhibitFactory(room=room, object_type=ObjectTypeFactory(name="Stamp", name_en="Stamp"))
    response = client.get("/en/museum/")
    html = response.content.decode()
    for text in [
        museum.address,
        "9:00–17:00",
        "Free",
        "1,800 m²",
        "1,048 exhibits in 28 rooms",
        "Bucheon room",
        "Stamp",
    ]:
        assert text in html, text
    assert room.city.get_absolute_url() in html
    data = next(d for d in json_ld(html) if d["@type"] == "Museum")
    assert data["name"] == museum.name and data["isAccessibleForFree"] is True
    assert data["openingHours"] == "09:00-17:00"
    assert data["address"]["streetAddress"] == museum.address


def test_museum_page_lists_the_kinds_of_object_with_published_exhibits_counting_each_once(client):
    room = RoomFactory()
    stamp = ObjectTypeFactory(name="Stamp", name_en="Stamp", slug="stamp")
    ObjectTypeFactory(name="Coin", name_en="Coin", slug="coin")  # no exhibit
    vase = ObjectTypeFactory(name="Vase", name_en="Vase", slug="vase")
    ExhibitFactory.create_batch(2, room=room, object_type=stamp)
    ExhibitFactory(room=room, object_type=vase, status=Status.DRAFT)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/museum/")
    assert [(t["slug"], t["exhibit_total"]) for t in response.context["object_types"]] == [("stamp", 2)]
    counting = [q["sql"] for q in queries.captured_queries if 'FROM "museum_objecttype"' in q["sql"]]
    assert len(counting) == 1 and counting[0].count("COUNT(") == 1, counting


def test_museum_page_works_before_the_museum_is_recorded(client):
    assert client.get(reverse("museum:index")).status_code == 200


def test_the_decade_filter_takes_a_decade_from_its_first_day_to_its_last_and_follows_edits(
    client, django_capture_on_commit_callbacks
):
    room = RoomFactory()
    acquired = {
        "last of the 2000s": datetime.date(2009, 12, 31),
        "first of the 2010s": datetime.date(2010, 1, 1),
        "last of the 2010s": datetime.date(2019, 12, 31),
        "first of the 2020s": datetime.date(2020, 1, 1),
        "no date": None,
    }
    exhibits = {
        title: ExhibitFactory(room=room, title=title, title_en=title, acquisition_date=day)
        for title, day in acquired.items()
    }

    def shown(decade):
        # In accession order (the stored decade) and in date order (a range of dates): the same exhibits.
        found = [
            {e.display_title for e in client.get(LIST_URL, {"decade": decade, **order}).context["page_obj"]}
            for order in ({}, {"sort": "acquired"}, {"sort": "acquired_oldest"}, {"sort": "title"})
        ]
        assert all(titles == found[0] for titles in found), found
        return found[0]

    assert shown("2010") == {"first of the 2010s", "last of the 2010s"}
    assert shown("2000") == {"last of the 2000s"}
    moved = exhibits["first of the 2020s"]
    moved.acquisition_date = datetime.date(2015, 6, 1)
    with django_capture_on_commit_callbacks(execute=True):  # the cache is told once the write commits
        moved.save()
    assert shown("2010") == {"first of the 2010s", "last of the 2010s", "first of the 2020s"}
    assert shown("2020") == set()
    moved.acquisition_date = None
    with django_capture_on_commit_callbacks(execute=True):
        moved.save()
    assert "first of the 2020s" not in shown("2010")


def test_exhibits_kept_before_the_decade_was_stored_get_theirs_from_the_migration():
    import importlib

    from django.apps import apps

    from museum.models import Exhibit

    room = RoomFactory()
    ExhibitFactory(room=room, acquisition_date=datetime.date(1999, 12, 31))
    ExhibitFactory(room=room, acquisition_date=datetime.date(2021, 3, 8))
    ExhibitFactory(room=room, acquisition_date=None)
    Exhibit.objects.update(acquisition_decade=None)
    importlib.import_module("museum.migrations.0014_exhibit_acquisition_decade").fill_decades(apps, None)
    assert sorted(Exhibit.objects.values_list("acquisition_date__year", "acquisition_decade"), key=str) == [
        (1999, 1990),
        (2021, 2020),
        (None, None),
    ]
