import pytest

from cities.services import city_json_ld

from .factories import CityFactory

pytestmark = pytest.mark.django_db


def test_city_json_ld_links_its_wikidata_item():
    city = CityFactory(wikidata_id="Q36584")
    data = city_json_ld(city=city, url="https://example.org/en/cities/x/")
    assert data["sameAs"] == "https://www.wikidata.org/entity/Q36584"


def test_city_json_ld_without_wikidata_id_has_no_same_as():
    data = city_json_ld(city=CityFactory(wikidata_id=""), url="https://example.org/en/cities/x/")
    assert "sameAs" not in data
