import datetime

import pytest
from django.db import IntegrityError, transaction

from cities.models import City, Partnership, PartnershipState
from core.dates import DatePrecision
from core.publishing import Status

from .factories import CityFactory, HarbinFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def test_a_second_partnership_for_the_same_city_is_refused_by_the_database():
    partnership = PartnershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.create(city=partnership.city, status=Status.PUBLISHED)


def test_a_partnership_cannot_end_before_it_was_established():
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipFactory(established_on=datetime.date(2000, 5, 1), ended_on=datetime.date(1999, 5, 1))


def test_latitude_out_of_range_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(latitude=91, longitude=10)


def test_a_second_home_city_is_refused_by_the_database():
    HarbinFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(is_home=True)


def test_a_city_page_url_is_the_directory_and_harbin_has_its_own():
    assert CityFactory(slug="niigata").get_absolute_url() == "/en/cities/niigata/"
    assert HarbinFactory().get_absolute_url() == "/en/harbin/"


def test_years_of_partnership_count_whole_years():
    partnership = PartnershipFactory.build(established_on=datetime.date(1995, 6, 10))
    assert partnership.years_of_partnership(today=datetime.date(2025, 6, 9)) == 29
    assert partnership.years_of_partnership(today=datetime.date(2025, 6, 10)) == 30


def test_years_of_partnership_unknown_without_a_date():
    assert PartnershipFactory.build(established_on=None).years_of_partnership() is None


def test_next_anniversary_is_the_next_multiple_of_five_years():
    partnership = PartnershipFactory.build(established_on=datetime.date(2009, 1, 15))
    assert partnership.next_anniversary(today=datetime.date(2026, 3, 1)) == (20, datetime.date(2029, 1, 15))


def test_next_anniversary_on_the_day_itself_is_that_day():
    partnership = PartnershipFactory.build(established_on=datetime.date(2009, 1, 15))
    assert partnership.next_anniversary(today=datetime.date(2019, 1, 15)) == (10, datetime.date(2019, 1, 15))


def test_next_anniversary_of_29_february_falls_on_28_february():
    partnership = PartnershipFactory.build(established_on=datetime.date(2000, 2, 29))
    assert partnership.next_anniversary(today=datetime.date(2024, 3, 1)) == (25, datetime.date(2025, 2, 28))


def test_next_anniversary_known_to_the_year_lasts_the_whole_year():
    partnership = PartnershipFactory.build(
        established_on=datetime.date(1995, 1, 1), established_precision=DatePrecision.YEAR
    )
    assert partnership.next_anniversary(today=datetime.date(2025, 11, 30)) == (30, datetime.date(2025, 1, 1))
    assert partnership.next_anniversary(today=datetime.date(2026, 1, 2)) == (35, datetime.date(2030, 1, 1))


def test_an_ended_partnership_has_no_next_anniversary():
    partnership = PartnershipFactory.build(state=PartnershipState.ENDED, ended_on=datetime.date(2010, 1, 1))
    assert partnership.next_anniversary(today=datetime.date(2026, 1, 1)) is None


def test_a_suspended_partnership_is_not_called_dormant():
    partnership = PartnershipFactory(established_on=datetime.date(2000, 1, 1), state=PartnershipState.SUSPENDED)
    assert partnership.is_dormant(today=datetime.date(2025, 1, 10)) is False


def test_search_finds_alternative_names_and_every_language():
    bucheon = CityFactory(name="Bucheon", name_zh_hans="富川", alternative_names="Puchon")
    assert list(City.objects.search("puchon")) == [bucheon]
    assert list(City.objects.search("富川")) == [bucheon]
