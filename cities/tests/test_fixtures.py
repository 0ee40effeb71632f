import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from cities.models import City, CityFigure, Partnership, PartnershipKind, Source

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "cities.json"


@pytest.fixture
def seeded():
    call_command("loaddata", str(FIXTURE), verbosity=0)


def test_fixtures_hold_harbin_and_34_partner_cities(seeded):
    assert City.objects.published().partners().count() == 34
    assert Partnership.objects.published().count() == 34
    assert City.objects.home().get().slug == "harbin"


def test_fixture_primary_keys_other_apps_rely_on(seeded):
    expected = {
        1: "harbin", 2: "niigata", 3: "aarhus", 4: "edmonton", 7: "khabarovsk", 10: "bucheon", 17: "rovaniemi",
        23: "chiang-mai", 26: "magdeburg", 29: "erzurum", 36: "chalandri", 37: "ulan-ude", 38: "irkutsk",
        39: "blagoveshchensk", 40: "hulin", 41: "hohhot", 42: "hulunbuir", 43: "yichuan", 44: "mohe",
    }  # fmt: skip
    assert dict(City.objects.filter(pk__in=expected).values_list("pk", "slug")) == expected
    assert Partnership.objects.get(pk=1).city.slug == "niigata"
    assert Partnership.objects.get(pk=34).city.slug == "rokiskis"


def test_only_the_three_sister_cities_named_by_a_source_are_sister_cities(seeded):
    sisters = Partnership.objects.filter(kind=PartnershipKind.SISTER).values_list("city__slug", flat=True)
    assert sorted(sisters) == ["aarhus", "bucheon", "niigata"]
    assert Partnership.objects.exclude(kind=PartnershipKind.SISTER).filter(kind=PartnershipKind.UNKNOWN).count() == 31


def test_event_only_cities_have_no_partnership(seeded):
    event_only = City.objects.filter(pk__gte=36)
    assert event_only.count() == 9
    assert not event_only.filter(partnership__isnull=False).exists()


def test_every_record_is_published_and_cites_the_seed_documents_by_source_key(seeded):
    keys = set(Source.objects.values_list("key", flat=True))
    assert len(keys) == 5
    for model in (City, Partnership, CityFigure):
        if model is not CityFigure:
            assert not model.objects.exclude(status="published").exists()
        for source in model.objects.values_list("source", flat=True):
            cited = {part.strip() for part in source.split(";")}
            assert cited and cited <= keys, source


def test_the_five_sources_carry_their_titles_and_publishers(seeded):
    china_daily = Source.objects.get(key="china-daily-museum-2020")
    assert china_daily.title == "Harbin International Sister Cities Museum"
    assert china_daily.publisher == "China Daily (chinadaily.com.cn)"
    assert china_daily.published_on == datetime.date(2020, 4, 22)
    assert Source.objects.get(key="global-mayors-dialogue-2026").publisher == "Media OutReach Newswire"
    assert Source.objects.get(key="wwcam-harbin-profile").published_on is None


def test_harbin_profile_facts_come_from_seed_000(seeded):
    harbin = City.objects.home().get()
    assert harbin.mayor == "SUN Zhe"
    assert (harbin.population, harbin.population_year) == (10929000, 2017)
    assert harbin.area_km2 == 53523
    assert harbin.name_zh_hans == "哈尔滨"
    assert harbin.name_ru == "Харбин"
    assert harbin.description_en.startswith("Harbin is the capital")
    values = set(harbin.figures.values_list("value_en", flat=True))
    assert {"5.6 °C", "123", "19", "6.5 %", "90 million"} <= values


def test_partner_dates_mayors_and_populations_stay_empty(seeded):
    assert not Partnership.objects.filter(established_on__isnull=False).exists()
    partners = City.objects.partners()
    assert not partners.exclude(mayor="").exists()
    assert not partners.filter(population__isnull=False).exists()


def test_source_misspellings_are_kept_and_country_names_are_not_names_of_the_city(seeded):
    assert "Witebsk" in City.objects.get(slug="vitebsk").alternative_name_list
    givatayim = City.objects.get(slug="givatayim")
    assert "Isleal" not in givatayim.alternative_name_list
    assert "Isleal" in givatayim.source_spellings
    assert "Brasil" not in City.objects.get(slug="salvador").alternative_name_list
    assert "England" not in City.objects.get(slug="sunderland").alternative_name_list
    assert list(City.objects.search("Isleal").values_list("slug", flat=True)) == ["givatayim"]


def test_puchon_finds_bucheon_in_the_directory(client, seeded):
    response = client.get("/en/cities/", {"q": "Puchon"})
    assert [city.slug for city in response.context["page_obj"].object_list] == ["bucheon"]


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_the_seeded_directory_lists_every_partner_in_every_language(client, seeded, language):
    response = client.get(f"/{language}/cities/", {"page": "2"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 34
