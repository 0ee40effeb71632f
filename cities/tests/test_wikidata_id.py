import pytest
from django.core.exceptions import ValidationError

from .factories import CityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["Q42956", "Q1", ""])
def test_wikidata_id_accepts_q_and_digits_or_nothing(value):
    CityFactory.build(wikidata_id=value).full_clean(exclude=["slug"])


@pytest.mark.parametrize("value", ["42956", "q42956", "Q", "Q0", "Q42956 ", "P190", "https://www.wikidata.org/wiki/Q1"])
def test_wikidata_id_refuses_anything_else_with_a_message(value):
    with pytest.raises(ValidationError) as error:
        CityFactory.build(wikidata_id=value).full_clean(exclude=["slug"])
    assert "Q followed by digits" in str(error.value.message_dict["wikidata_id"])
