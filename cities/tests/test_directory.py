import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cities.models import City, PartnershipKind, PartnershipState
from core.publishing import Status

from .factories import CityFactory, HarbinFactory, PartnerCityFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

URL = "/en/cities/"


def _names(response):
    return sorted(city.name for city in response.context["page_obj"].object_list)


@pytest.fixture
def directory():
    HarbinFactory()
    niigata = CityFactory(name="Niigata", slug="niigata", country="JP", latitude=37.9, longitude=139.0)
    PartnershipFactory(city=niigata, kind=PartnershipKind.SISTER, established_on=datetime.date(1979, 12, 1))
    bucheon = CityFactory(
        name="Bucheon", slug="bucheon", country="KR", alternative_names="Puchon", name_zh_hans="富川", name_ru="Пучхон"
    )
    PartnershipFactory(city=bucheon, kind=PartnershipKind.SISTER, established_on=datetime.date(1995, 6, 1))
    gomel = CityFactory(name="Gomel", slug="gomel", country="BY", alternative_names="Homel")
    PartnershipFactory(city=gomel, kind=PartnershipKind.UNKNOWN, established_on=None)
    salvador = CityFactory(name="Salvador", slug="salvador", country="BR")
    PartnershipFactory(
        city=salvador,
        kind=PartnershipKind.FRIENDSHIP,
        state=PartnershipState.SUSPENDED,
        established_on=datetime.date(1996, 3, 2),
    )
    CityFactory(name="Chalandri", slug="chalandri", country="GR")  # attends events, no partnership


def test_directory_lists_partner_cities_only(client, directory):
    response = client.get(URL)
    assert response.status_code == 200
    assert _names(response) == ["Bucheon", "Gomel", "Niigata", "Salvador"]
    assert "Chalandri" not in response.content.decode()


def test_draft_city_is_hidden_from_visitors_and_badged_for_staff(client, staff_user, directory):
    PartnerCityFactory(name="Secret Town", slug="secret-town", status=Status.DRAFT)
    assert "Secret Town" not in _names(client.get(URL))
    client.force_login(staff_user)
    response = client.get(URL)
    assert "Secret Town" in _names(response)
    assert "badge-draft" in response.content.decode()


def test_a_draft_partnership_does_not_list_its_city_for_visitors(client, directory):
    city = CityFactory(name="Pending Town", slug="pending-town")
    PartnershipFactory(city=city, status=Status.DRAFT)
    assert "Pending Town" not in _names(client.get(URL))


def test_text_search_matches_alternative_names(client, directory):
    assert _names(client.get(URL, {"q": "Puchon"})) == ["Bucheon"]
    assert _names(client.get(URL, {"q": "homel"})) == ["Gomel"]


def test_text_search_matches_names_in_other_languages(client, directory):
    assert _names(client.get(URL, {"q": "富川"})) == ["Bucheon"]
    assert _names(client.get(URL, {"q": "Пучхон"})) == ["Bucheon"]


def test_country_filter_narrows_the_directory(client, directory):
    assert _names(client.get(URL, {"country": "JP"})) == ["Niigata"]


def test_continent_filter_narrows_the_directory(client, directory):
    assert _names(client.get(URL, {"continent": "AS"})) == ["Bucheon", "Niigata"]
    assert _names(client.get(URL, {"continent": "SA"})) == ["Salvador"]
    assert _names(client.get(URL, {"continent": "EU"})) == ["Gomel"]


def test_kind_filter_narrows_the_directory(client, directory):
    assert _names(client.get(URL, {"kind": "sister"})) == ["Bucheon", "Niigata"]
    # "Kind not recorded" is not offered: the value is ignored like any other unknown choice.
    response = client.get(URL, {"kind": "unknown"})
    assert "unknown" not in dict(response.context["filter"].form.fields["kind"].choices)


def test_status_filter_narrows_the_directory(client, directory):
    assert _names(client.get(URL, {"status": "suspended"})) == ["Salvador"]


def test_decade_filter_narrows_the_directory(client, directory):
    assert _names(client.get(URL, {"decade": "1990"})) == ["Bucheon", "Salvador"]
    assert _names(client.get(URL, {"decade": "1970"})) == ["Niigata"]


def test_decade_choices_come_from_the_data(client, directory):
    form = client.get(URL).context["filter"].form
    assert [value for value, _label in form.fields["decade"].choices if value] == ["1970", "1990"]
    assert ("1990", "1990–1999") in form.fields["decade"].choices


def test_filters_combine(client, directory):
    assert _names(client.get(URL, {"continent": "AS", "decade": "1990"})) == ["Bucheon"]


@pytest.mark.parametrize(
    "params",
    [
        {"country": "ZZ"},
        {"page": "abc"},
        {"page": "999"},
        {"page": "-1"},
        {"established": "<script>alert(1)</script>"},
        {"decade": "abc"},
        {"decade": "<script>alert(1)</script>"},
        {"continent": "xx"},
        {"kind": "<b>bold</b>"},
        {"status": "nope"},
        {"q": "<script>alert(1)</script>"},
        {"q": "x" * 500},
    ],
)
def test_bad_values_never_answer_500_and_are_escaped(client, directory, params):
    response = client.get(URL, params)
    assert response.status_code in (200, 404)
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "<b>bold</b>" not in body


def test_an_invalid_filter_is_ignored_with_a_message(client, directory):
    response = client.get(URL, {"country": "ZZ", "kind": "sister"})
    assert response.status_code == 200
    assert _names(response) == ["Bucheon", "Niigata"]
    assert 'role="alert"' in response.content.decode()


def test_pagination_holds_24_cities_a_page(client):
    for _ in range(30):
        PartnerCityFactory()
    first = client.get(URL)
    assert len(first.context["page_obj"].object_list) == 24
    assert 'rel="next"' in first.content.decode()
    second = client.get(URL, {"page": "2"})
    assert len(second.context["page_obj"].object_list) == 6
    assert client.get(URL, {"page": "abc"}).context["page_obj"].number == 1
    assert client.get(URL, {"page": "99"}).context["page_obj"].number == 2


def test_pagination_links_keep_the_filters(client):
    for _ in range(30):
        PartnerCityFactory(country="DE")
    body = client.get(URL, {"country": "DE"}).content.decode()
    assert "?country=DE&amp;page=2" in body


def test_the_map_shows_every_filtered_city_not_only_the_page(client):
    for _ in range(30):
        PartnerCityFactory(country="DE")
    PartnerCityFactory(country="FR")
    response = client.get(URL, {"country": "DE"})
    assert len(list(response.context["map_cities"])) == 30


def test_the_filter_form_is_a_labelled_get_form(client, directory):
    body = client.get(URL).content.decode()
    assert 'method="get"' in body
    for name in ("q", "country", "continent", "kind", "status", "decade"):
        assert f'for="id_{name}"' in body
        assert f'name="{name}"' in body


def _count_queries(client):
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL).status_code == 200
    return len(context.captured_queries)


def test_directory_runs_the_same_number_of_queries_for_5_and_50_cities(client, django_assert_max_num_queries):
    HarbinFactory()
    for year in range(5):
        PartnerCityFactory(partnership__established_on=datetime.date(1980 + year * 7, 1, 1))
    few = _count_queries(client)
    for year in range(45):
        PartnerCityFactory(partnership__established_on=datetime.date(1960 + year, 1, 1))
    with django_assert_max_num_queries(few):
        assert client.get(URL).status_code == 200
    # The first visit reads the page's keys, then the records of the cards not yet rendered (one more query).
    assert few <= 7
    # A repeat visit finds its cards rendered and reads only the page's keys.
    with django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_directory_answers_in_every_language(client, directory, language):
    response = client.get(f"/{language}/cities/")
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 4


def test_directory_shows_translated_names_in_chinese(client, directory):
    assert "富川" in client.get("/zh-hans/cities/").content.decode()


def test_directory_url_name():
    with translation.override("en"):
        assert reverse("cities:list") == URL


def test_a_renamed_city_moves_in_the_directory_at_once(client, django_capture_on_commit_callbacks):
    HarbinFactory()
    for name in ("Aarhus", "Bucheon", "Niigata"):
        PartnerCityFactory(name=name, name_en=name)
    assert [city.name for city in client.get(URL).context["page_obj"]] == ["Aarhus", "Bucheon", "Niigata"]
    with django_capture_on_commit_callbacks(execute=True):
        aarhus = City.objects.get(name_en="Aarhus")
        aarhus.name = aarhus.name_en = "Zaarhus"
        aarhus.save()
    assert [city.name for city in client.get(URL).context["page_obj"]] == ["Bucheon", "Niigata", "Zaarhus"]


def test_a_city_without_a_chinese_name_sorts_by_its_english_name_in_chinese(client):
    HarbinFactory()
    PartnerCityFactory(name_en="Niigata", name_zh_hans="新潟")
    PartnerCityFactory(name_en="Aarhus", name_zh_hans="")
    PartnerCityFactory(name_en="Bucheon", name_zh_hans="富川")
    names = [city.name for city in client.get("/zh-hans/cities/").context["page_obj"]]
    assert names == ["Aarhus", "富川", "新潟"]


def test_each_filter_keeps_its_own_order_and_map(client, directory):
    assert "/en/cities/niigata/" in client.get(URL, {"country": "JP"}).content.decode()
    korea = client.get(URL, {"country": "KR"}).content.decode()
    assert "/en/cities/bucheon/" in korea
    assert "/en/cities/niigata/" not in korea  # neither a card nor a marker kept for Japan


def test_what_staff_see_of_the_directory_is_not_kept_for_visitors(client, staff_user, directory):
    PartnerCityFactory(name="Secret Town", slug="secret-town", status=Status.DRAFT, latitude=10, longitude=10)
    client.force_login(staff_user)
    assert "/en/cities/secret-town/" in client.get(URL).content.decode()
    client.logout()
    assert "/en/cities/secret-town/" not in client.get(URL).content.decode()
