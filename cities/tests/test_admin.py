import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import (
    AgreementFactory,
    CityFactory,
    CityFigureFactory,
    ContactFactory,
    MilestoneFactory,
    PartnerCityFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db


def _objects():
    partnership = PartnershipFactory()
    return {
        "city": CityFigureFactory().city,
        "partnership": partnership,
        "partnershipmilestone": MilestoneFactory(partnership=partnership),
        "agreement": AgreementFactory(partnership=partnership),
        "contact": ContactFactory(partnership=partnership),
    }


@pytest.mark.parametrize("model", ["city", "partnership", "partnershipmilestone", "agreement", "contact"])
def test_every_admin_page_opens_for_a_superuser(admin_client_, model):
    obj = _objects()[model]
    pages = [
        reverse(f"admin:cities_{model}_changelist"),
        reverse(f"admin:cities_{model}_add"),
        reverse(f"admin:cities_{model}_change", args=[obj.pk]),
        reverse(f"admin:cities_{model}_history", args=[obj.pk]),
        reverse(f"admin:cities_{model}_delete", args=[obj.pk]),
    ]
    for url in pages:
        assert admin_client_.get(url).status_code == 200, url


def test_city_admin_search_finds_alternative_names(admin_client_):
    CityFactory(name="Bucheon", alternative_names="Puchon")
    CityFactory(name="Gomel")
    response = admin_client_.get(reverse("admin:cities_city_changelist"), {"q": "Puchon"})
    assert [city.name for city in response.context["cl"].result_list] == ["Bucheon"]


def test_partnership_admin_search_finds_the_city_by_alternative_name(admin_client_):
    PartnershipFactory(city=CityFactory(name="Vitebsk", alternative_names="Witebsk"))
    PartnershipFactory(city=CityFactory(name="Gomel"))
    response = admin_client_.get(reverse("admin:cities_partnership_changelist"), {"q": "witebsk"})
    assert [str(p.city) for p in response.context["cl"].result_list] == ["Vitebsk"]


def test_city_autocomplete_answers_for_other_admins(admin_client_):
    CityFactory(name="Magdeburg")
    response = admin_client_.get(
        reverse("admin:autocomplete"),
        {"term": "magde", "app_label": "cities", "model_name": "partnership", "field_name": "city"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Magdeburg"]


def test_city_admin_shows_translated_fields_side_by_side(admin_client_):
    body = admin_client_.get(reverse("admin:cities_city_add")).content.decode()
    for field in ("name_en", "name_zh_hans", "name_ru", "description_ru"):
        assert f'name="{field}"' in body


def test_partnership_admin_has_inlines_for_milestones_agreements_and_contacts(admin_client_):
    partnership = PartnershipFactory()
    body = admin_client_.get(reverse("admin:cities_partnership_change", args=[partnership.pk])).content.decode()
    for prefix in ("milestones", "agreements", "contacts"):
        assert f'name="{prefix}-TOTAL_FORMS"' in body


@pytest.mark.parametrize("model", ["city", "partnership", "partnershipmilestone", "agreement", "contact"])
def test_admin_lists_run_a_fixed_number_of_queries(admin_client_, django_assert_max_num_queries, model):
    def add_rows(count):
        for _ in range(count):
            city = PartnerCityFactory()
            MilestoneFactory(partnership=city.partnership)
            AgreementFactory(partnership=city.partnership)
            ContactFactory(partnership=city.partnership)

    url = reverse(f"admin:cities_{model}_changelist")
    add_rows(3)
    with CaptureQueriesContext(connection) as few:
        assert admin_client_.get(url).status_code == 200
    add_rows(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin_client_.get(url).status_code == 200
