"""The exhibit list's "Title" order follows the language of the page: pinyin in Chinese, the Russian alphabet in
Russian, on SQLite and PostgreSQL alike (a sort key stored on save)."""

import pytest

from museum.tests.factories import ExhibitFactory, RoomFactory

pytestmark = pytest.mark.django_db


def _titles(client, language):
    response = client.get(f"/{language}/museum/exhibits/", {"sort": "title"})
    return [exhibit.display_title for exhibit in response.context["page_obj"]]


def test_chinese_titles_sort_by_pinyin(client):
    room = RoomFactory()
    # 日本 rì, 芬兰 fēn, 韩国 hán: by code point 日 < 芬 < 韩; by pinyin fēn < hán < rì.
    for title in ("日本扇子", "韩国花瓶", "芬兰木刀"):
        ExhibitFactory(room=room, title_en=title, title_zh_hans=title)
    assert _titles(client, "zh-hans") == ["芬兰木刀", "韩国花瓶", "日本扇子"]


def test_russian_titles_sort_by_the_russian_alphabet(client):
    room = RoomFactory()
    # ё sorts with е (after д, before ж), not after я as its code point would put it.
    for title in ("Жостовский поднос", "Ёлочная игрушка", "Дымковская игрушка"):
        ExhibitFactory(room=room, title_en=title, title_ru=title)
    assert _titles(client, "ru") == ["Дымковская игрушка", "Ёлочная игрушка", "Жостовский поднос"]


def test_a_title_missing_in_a_language_sorts_by_the_english_one(client):
    room = RoomFactory()
    ExhibitFactory(room=room, title_en="Birch bark box", title_zh_hans="")
    ExhibitFactory(room=room, title_en="Amber brooch", title_zh_hans="")
    assert _titles(client, "zh-hans") == ["Amber brooch", "Birch bark box"]
