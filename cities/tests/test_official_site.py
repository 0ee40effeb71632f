"""Issue 13 in the cities app: continents by place, unknowns hidden, only real alternative names published."""

import json
import re

import pytest

from cities.continents import Continent, continent_of_place
from cities.models import City, PartnershipKind
from cities.tests.factories import CityFactory, HarbinFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("slug", "lon", "continent"),
    [
        ("khabarovsk", 135.07, Continent.ASIA),
        ("yakutsk", 129.73, Continent.ASIA),
        ("vladivostok", 131.89, Continent.ASIA),
        ("yekaterinburg", 60.61, Continent.ASIA),
        ("krasnodar", 38.98, Continent.EUROPE),
        ("murmansk", 33.08, Continent.EUROPE),
    ],
)
def test_a_city_is_on_the_continent_where_it_is(client, slug, lon, continent):
    PartnershipFactory(city=CityFactory(slug=slug, name=slug.title(), country="RU", latitude=50, longitude=lon))
    assert City.objects.get(slug=slug).continent == continent
    asia = [c.slug for c in client.get("/en/cities/", {"continent": "AS"}).context["page_obj"]]
    europe = [c.slug for c in client.get("/en/cities/", {"continent": "EU"}).context["page_obj"]]
    assert (slug in asia, slug in europe) == (continent == Continent.ASIA, continent == Continent.EUROPE)


def test_a_country_on_one_continent_is_unchanged():
    assert continent_of_place("JP", 139.0) == Continent.ASIA
    assert continent_of_place("RU", None) == Continent.EUROPE


def test_unknown_kind_and_empty_established_filter_are_not_shown(client):
    PartnershipFactory(
        city=CityFactory(name="Aarhus", slug="aarhus"), kind=PartnershipKind.UNKNOWN, established_on=None
    )
    response = client.get("/en/cities/")
    body = response.content.decode()
    assert "Kind not recorded" not in body
    assert "decade" not in response.context["filter"].form.fields
    detail = client.get("/en/cities/aarhus/").content.decode()
    assert "Kind not recorded" not in detail and ">Kind</dt>" not in detail


def test_country_names_from_the_sources_are_searched_but_never_shown_or_published(client):
    HarbinFactory()
    city = CityFactory(name="Givatayim", slug="givatayim", alternative_names="Giv'atayim", source_spellings="Isleal")
    PartnershipFactory(city=city)
    body = client.get("/en/cities/givatayim/").content.decode()
    assert "Isleal" not in body
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert "Isleal" not in json.dumps(data)
    assert [c.slug for c in client.get("/en/cities/", {"q": "Isleal"}).context["page_obj"]] == ["givatayim"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Aarhus", "Bucheon", "Niigata", "Vladivostok"]),
        # By pinyin: Aohusi 奥胡斯, Fuchuan 富川, Fuladiwosituoke 符拉迪沃斯托克, Xinxi 新潟.
        ("zh-hans", ["奥胡斯", "富川", "符拉迪沃斯托克", "新潟"]),
        # By the Russian alphabet: О, П, Н... Владивосток, Ниигата, Орхус, Пучхон.
        ("ru", ["Владивосток", "Ниигата", "Орхус", "Пучхон"]),
    ],
)
def test_the_directory_sorts_as_each_language_sorts(client, language, expected):
    for en, zh, ru in [
        ("Niigata", "新潟", "Ниигата"),
        ("Aarhus", "奥胡斯", "Орхус"),
        ("Vladivostok", "符拉迪沃斯托克", "Владивосток"),
        ("Bucheon", "富川", "Пучхон"),
    ]:
        PartnershipFactory(city=CityFactory(name=en, name_en=en, name_zh_hans=zh, name_ru=ru, slug=en.lower()))
    response = client.get(f"/{language}/cities/")
    assert [city.name for city in response.context["page_obj"]] == expected
