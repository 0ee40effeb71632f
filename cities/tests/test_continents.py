from django_countries.data import COUNTRIES

from cities.continents import COUNTRY_CONTINENT, Continent, continent_of, countries_in


def test_every_iso_country_has_a_continent():
    assert set(COUNTRY_CONTINENT) == set(COUNTRIES)
    assert set(COUNTRY_CONTINENT.values()) <= set(Continent.values)


def test_continent_of_known_partner_countries():
    assert continent_of("ru") == Continent.EUROPE
    assert continent_of("NZ") == Continent.OCEANIA
    assert continent_of("CL") == Continent.SOUTH_AMERICA
    assert continent_of("ZZ") is None


def test_countries_in_an_unknown_continent_is_empty():
    assert countries_in("xx") == []
    assert "ZA" in countries_in(Continent.AFRICA)
