"""Issue 13 in the museum: exhibit sorting and numbered pages, alt texts, empty rooms, filters on a phone."""

import datetime

import pytest

from museum.tests.factories import ExhibitFactory, ExhibitImageFactory, MuseumFactory, RoomFactory

pytestmark = pytest.mark.django_db


def numbers(response):
    return [exhibit.accession_number for exhibit in response.context["page_obj"]]


def test_exhibits_sort_by_number_number_aware_title_and_date_acquired(client, django_assert_max_num_queries):
    room = RoomFactory()
    ExhibitFactory(
        accession_number="HISCM.2009.10",
        title="Acorn",
        title_en="Acorn",
        room=room,
        acquisition_date=datetime.date(2012, 1, 1),
    )
    ExhibitFactory(
        accession_number="HISCM.2009.2",
        title="Zither",
        title_en="Zither",
        room=room,
        acquisition_date=datetime.date(2020, 1, 1),
    )
    ExhibitFactory(
        accession_number="HISCM.2009.1",
        title="",
        title_en="",
        object_name="Medal",
        object_name_en="Medal",
        room=room,
        acquisition_date=None,
    )
    assert numbers(client.get("/en/museum/exhibits/")) == ["HISCM.2009.1", "HISCM.2009.2", "HISCM.2009.10"]
    assert numbers(client.get("/en/museum/exhibits/", {"sort": "title"})) == [
        "HISCM.2009.10",
        "HISCM.2009.1",
        "HISCM.2009.2",
    ]
    with django_assert_max_num_queries(12):
        newest = client.get("/en/museum/exhibits/", {"sort": "acquired"})
    assert numbers(newest) == ["HISCM.2009.2", "HISCM.2009.10", "HISCM.2009.1"]
    assert numbers(client.get("/en/museum/exhibits/", {"sort": "acquired_oldest"}))[:2] == [
        "HISCM.2009.10",
        "HISCM.2009.2",
    ]
    assert client.get("/en/museum/exhibits/", {"sort": "<script>"}).status_code == 200


def test_exhibit_list_has_numbered_pages_that_keep_the_sort(client):
    room = RoomFactory()
    ExhibitFactory.create_batch(24 * 4 + 1, room=room)
    body = client.get("/en/museum/exhibits/", {"sort": "title", "page": "3"}).content.decode()
    assert 'href="?sort=title&amp;page=1"' in body
    assert 'href="?sort=title&amp;page=5"' in body
    assert 'href="?sort=title&amp;page=3" aria-current="page">3</a>' in body


def test_filters_are_in_a_details_element_open_only_after_filtering(client):
    ExhibitFactory()
    assert '<details class="filters">' in client.get("/en/museum/exhibits/").content.decode()
    assert '<details class="filters" open>' in client.get("/en/museum/exhibits/", {"q": "vase"}).content.decode()


def test_image_alt_says_which_exhibit_and_which_view(client):
    exhibit = ExhibitFactory(title="Lilac celadon vase", title_en="Lilac celadon vase")
    ExhibitImageFactory(exhibit=exhibit, caption="Front view", caption_en="Front view")
    body = client.get(exhibit.get_absolute_url()).content.decode()
    assert 'alt="Lilac celadon vase: Front view"' in body
    assert 'alt="Front view"' not in body


def test_an_empty_room_says_what_the_museum_holds_not_zero(client):
    MuseumFactory(stated_exhibit_count=1048, stated_room_count=28)
    room = RoomFactory(name="Aarhus room", name_en="Aarhus room")
    assert "0 exhibits" not in client.get("/en/museum/").content.decode()
    body = client.get(room.get_absolute_url()).content.decode()
    assert "0 exhibits" not in body
    assert "The museum holds 1048 exhibits in 28 rooms." in body
    assert "growing" in body


def test_english_standing_in_for_chinese_or_russian_is_marked_lang_en(client):
    exhibit = ExhibitFactory(
        title="Lilac vase",
        title_en="Lilac vase",
        title_zh_hans="丁香花瓶",
        brief_description_en="A vase glazed in lilac.",
    )
    path = exhibit.get_absolute_url().removeprefix("/en")
    zh = client.get("/zh-hans" + path).content.decode()
    assert "<h1>丁香花瓶</h1>" in zh
    assert '<div lang="en"><p>A vase glazed in lilac.</p></div>' in zh
    ru = client.get("/ru" + path).content.decode()
    assert '<h1 lang="en">Lilac vase</h1>' in ru
    en = client.get("/en" + path).content.decode()
    assert 'lang="en"><p>A vase' not in en


def test_maker_materials_and_dimensions_are_translated(client):
    exhibit = ExhibitFactory(
        maker="Niigata lacquer workshop",
        maker_en="Niigata lacquer workshop",
        maker_zh_hans="新潟漆器工坊",
        materials_en="Lacquered wood",
        materials_ru="Лакированное дерево",
        dimensions_en="30 × 20 cm",
    )
    path = exhibit.get_absolute_url().removeprefix("/en")
    assert "新潟漆器工坊" in client.get("/zh-hans" + path).content.decode()
    ru = client.get("/ru" + path).content.decode()
    assert "Лакированное дерево" in ru and "Niigata lacquer workshop" in ru
