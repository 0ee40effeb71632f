"""Harbin's page keeps what every visit would recompute (partner counts, rendered citations) until the content
changes: a repeat visit reads Harbin and its figures only, and a change shows at once."""

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
