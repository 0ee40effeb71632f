import pytest
from django.db import IntegrityError

from museum.models import Exhibit

from .factories import ExhibitFactory

pytestmark = pytest.mark.django_db


def test_first_number_of_a_year_starts_at_one():
    ExhibitFactory(accession_number="HISCM.2009.5")
    assert Exhibit.objects.next_accession_number(2010) == "HISCM.2010.1"


def test_next_number_is_one_past_the_highest_serial_of_that_year():
    for number in ["HISCM.2009.1", "HISCM.2009.2", "HISCM.2010.40"]:
        ExhibitFactory(accession_number=number)
    assert Exhibit.objects.next_accession_number(2009) == "HISCM.2009.3"
    assert Exhibit.objects.next_accession_number(2010) == "HISCM.2010.41"


def test_next_number_compares_serials_as_numbers():
    ExhibitFactory(accession_number="HISCM.2009.9")
    ExhibitFactory(accession_number="HISCM.2009.10")
    assert Exhibit.objects.next_accession_number(2009) == "HISCM.2009.11"


def test_next_number_skips_gaps_only_above_the_highest():
    ExhibitFactory(accession_number="HISCM.2009.2")
    ExhibitFactory(accession_number="HISCM.2009.100")
    assert Exhibit.objects.next_accession_number(2009) == "HISCM.2009.101"


def test_accession_numbers_are_unique_in_the_database():
    ExhibitFactory(accession_number="HISCM.2009.12")
    with pytest.raises(IntegrityError):
        ExhibitFactory(accession_number="HISCM.2009.12")


def test_accession_order_is_number_aware():
    for number in ["HISCM.2009.10", "HISCM.2010.1", "HISCM.2009.9", "HISCM.2009.100"]:
        ExhibitFactory(accession_number=number)
    numbers = list(Exhibit.objects.in_accession_order().values_list("accession_number", flat=True))
    assert numbers == ["HISCM.2009.9", "HISCM.2009.10", "HISCM.2009.100", "HISCM.2010.1"]


def test_an_exhibit_without_room_or_store_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        ExhibitFactory(room=None, in_store=False)
