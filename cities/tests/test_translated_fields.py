"""Milestone notes and agreement titles are written in each language, and drop-downs sort as the language sorts."""

import datetime

import pytest
from django.utils import translation

from cities.models import City

from .factories import AgreementFactory, CityFactory, MilestoneFactory, rovaniemi_partnership

pytestmark = pytest.mark.django_db


def test_an_agreement_title_and_a_milestone_note_show_in_russian(client):
    partnership = rovaniemi_partnership()
    AgreementFactory(
        partnership=partnership, title_en="Friendship agreement", title_ru="Соглашение о дружбе", is_public=True
    )
    MilestoneFactory(
        partnership=partnership,
        date=datetime.date(2010, 5, 4),
        note_en="Signed in Harbin",
        note_ru="Подписано в Харбине",
    )
    body = client.get("/ru/cities/rovaniemi/").content.decode()
    assert "Соглашение о дружбе" in body
    assert "Подписано в Харбине" in body
    assert "Friendship agreement" not in body


def test_an_untranslated_agreement_title_falls_back_to_english(client):
    partnership = rovaniemi_partnership()
    AgreementFactory(partnership=partnership, title_en="Friendship agreement", is_public=True)
    assert "Friendship agreement" in client.get("/zh-hans/cities/rovaniemi/").content.decode()


def test_history_keeps_every_language_of_an_agreement_title():
    agreement = AgreementFactory(title_en="Agreement", title_zh_hans="协议")
    record = agreement.history.get()
    assert (record.title_en, record.title_zh_hans) == ("Agreement", "协议")


def test_country_drop_down_sorts_by_pinyin_in_chinese():
    for country in ("JP", "KR", "FI", "US"):  # 日本 rì, 韩国 hán, 芬兰 fēn, 美国 měi
        CityFactory(country=country)
    with translation.override("zh-hans"):
        names = [name for _code, name in City.objects.country_choices()]
    assert names == ["芬兰", "韩国", "美国", "日本"]
