"""The cities' pages keep what every visit would recompute until the content changes (with the site's cache
wiring, so these tests live here): the directory's order, count, choices, cards and map; Harbin's partner counts and
rendered citations. A repeat visit reads almost nothing, and a change shows at once."""

import datetime

import pytest

from cities.models import Source
from cities.tests.factories import CityFigureFactory, HarbinFactory, PartnerCityFactory

pytestmark = pytest.mark.django_db

URL = "/en/harbin/"


@pytest.fixture
def harbin():
    city = HarbinFactory(source="harbin-gov")
    Source.objects.create(key="harbin-gov", title="Harbin government portal", publisher="Sungari Almanac Press")
    for number in range(8):
        CityFigureFactory(city=city, label=f"Figure {number}", source="harbin-gov")
    PartnerCityFactory(country="JP")
    PartnerCityFactory(country="JP")
    return city


def test_a_repeat_visit_reads_harbin_and_its_figures_only(client, harbin, django_assert_max_num_queries):
    client.get(URL)
    with django_assert_max_num_queries(2):
        body = client.get(URL).content.decode()
    assert body.count("Sungari Almanac Press") == 10  # each figure's short citation, the list of sources, the page's
    assert "2</a> in 1 country" in body


def test_a_new_partner_and_an_edited_source_show_at_once(client, harbin, django_capture_on_commit_callbacks):
    client.get(URL)
    with django_capture_on_commit_callbacks(execute=True):
        PartnerCityFactory(country="KR")
    assert "3</a> in 2 countries" in client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        source = Source.objects.get(key="harbin-gov")
        source.publisher = "Songhua Yearbook House"
        source.save()
    body = client.get(URL).content.decode()
    assert "Sungari Almanac Press" not in body
    assert "Songhua Yearbook House" in body


def test_a_repeat_visit_reads_no_city_but_harbin_whatever_the_filters_or_page(client, django_assert_max_num_queries):
    HarbinFactory()
    for year in range(60):
        PartnerCityFactory(country="DE", partnership__established_on=datetime.date(1960 + year % 40, 1, 1))
    for params in ({}, {"country": "DE", "page": "2"}, {"decade": "1970", "kind": "sister"}):
        client.get("/en/cities/", params)
        # The order, the count, the choices, the cards and the map are kept until the content changes:
        # only Harbin (the map's home) is read.
        with django_assert_max_num_queries(1):
            assert client.get("/en/cities/", params).status_code == 200
