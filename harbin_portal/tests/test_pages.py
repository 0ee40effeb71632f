"""The home page and Harbin's profile."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from cities.models import City
from cities.tests.factories import CityFactory, CityFigureFactory, HarbinFactory, PartnershipFactory
from core.publishing import Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request under /ru/ leaves Russian active; later tests expect the default language."""
    yield
    translation.activate("en")


@pytest.fixture
def seeded():
    call_command("loaddata", str(Path(settings.BASE_DIR) / "fixtures" / "cities.json"), verbosity=0)


def test_home_page_shows_harbin_in_brief_and_the_counts(client):
    HarbinFactory(description="Harbin is the capital of Heilongjiang.")
    PartnershipFactory(city=CityFactory(country="JP"))
    PartnershipFactory(city=CityFactory(country="JP"))
    PartnershipFactory(city=CityFactory(country="FI"))
    response = client.get("/en/")
    assert response.status_code == 200
    assert response.context["partner_count"] == 3
    assert response.context["country_count"] == 2
    assert "Harbin is the capital of Heilongjiang." in response.content.decode()


def test_harbin_page_shows_the_profile_facts_of_seed_000(client, seeded):
    body = client.get("/en/harbin/").content.decode()
    assert "SUN Zhe" in body
    assert "10,929,000 (2017)" in body
    assert "53,523" in body
    assert "Lilac (city flower)" in body
    assert "5.6 °C" in body
    assert "44°04′–46°40′ N" in body
    assert "Songhua River" in body


def test_harbin_page_shows_each_figure_with_its_period_and_source(client, seeded):
    response = client.get("/en/harbin/")
    body = response.content.decode()
    for value, period, seed in [
        ("123", "2023 report", "harbin-today-2023"),
        ("6.5 %", "reported 2023", "harbin-today-2023"),
        ("over 300 billion yuan ($43.8 billion)", "reported 2023", "harbin-today-2023"),
        ("6,800 (+32.65 % year on year)", "2022", "harbin-today-2023"),
        ("7.63 billion yuan (+13.9 % year on year)", "2022", "harbin-today-2023"),
        ("90 million", "2024–2025", "mayors-round-table-2026"),
    ]:
        figure = next(f for f in response.context["figures"] if f.value == value)
        assert figure.period == period
        assert seed in figure.source
        assert value in body
    assert "Russian cities connected" in body
    # The table cites each figure briefly, linked to the full citation below it: never a file name.
    assert '<a href="#source-harbin-today-2023">' in body
    assert 'id="source-harbin-today-2023"' in body
    assert "Harbin strives to expand opening-up" in body
    assert "seeds/" not in body and ".txt" not in body


def test_harbin_page_counts_the_34_partner_cities(client, seeded):
    response = client.get("/en/harbin/")
    assert response.context["partner_count"] == 34
    assert 'href="/en/cities/">34</a>' in response.content.decode()


def test_harbin_page_has_schema_org_city_data(client, seeded):
    body = client.get("/en/harbin/").content.decode()
    assert '"@type": "City"' in body
    assert '"GeoCoordinates"' in body


def test_draft_harbin_is_404_for_visitors_and_shown_to_staff(client, staff_user):
    HarbinFactory(status=Status.DRAFT)
    assert client.get("/en/harbin/").status_code == 404
    client.force_login(staff_user)
    response = client.get("/en/harbin/")
    assert response.status_code == 200
    assert "draft-banner" in response.content.decode()


def test_harbin_page_is_404_without_a_home_city(client):
    assert client.get("/en/harbin/").status_code == 404


def test_figure_text_is_escaped(client):
    CityFigureFactory(label="<script>alert(1)</script>")
    body = client.get("/en/harbin/").content.decode()
    assert "<script>alert(1)</script>" not in body


@pytest.mark.parametrize(
    ("language", "name", "figure"),
    [
        ("en", "Harbin", "Visitors in the winter season"),
        ("zh-hans", "哈尔滨", "冰雪季游客"),
        ("ru", "Харбин", "Туристы"),
    ],
)
def test_home_and_harbin_pages_answer_in_every_language(client, seeded, language, name, figure):
    assert client.get(f"/{language}/").status_code == 200
    response = client.get(f"/{language}/harbin/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"<h1>{name}</h1>" in body
    assert figure in body


def test_the_seeded_home_city_is_harbin(seeded):
    assert City.objects.home().get().name_en == "Harbin"


@pytest.mark.django_db
def test_home_counts_and_maps_only_partnerships_that_are_published(client):
    from cities.models import City, Partnership
    from core.publishing import Status

    public = City.objects.create(name="Aarhus", slug="aarhus", country="DK", status=Status.PUBLISHED)
    Partnership.objects.create(city=public, status=Status.PUBLISHED)
    pending = City.objects.create(
        name="Pendingville", slug="pendingville", country="FR", latitude=48, longitude=2, status=Status.PUBLISHED
    )
    Partnership.objects.create(city=pending)  # a draft partnership

    response = client.get("/en/")

    assert response.context["partner_count"] == 1
    assert "Pendingville" not in response.content.decode()
