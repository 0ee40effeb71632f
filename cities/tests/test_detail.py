import json
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.publishing import Status

from .factories import (
    AgreementFactory,
    CityFactory,
    ContactFactory,
    HarbinFactory,
    PartnershipFactory,
    rovaniemi_partnership,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return rovaniemi_partnership()


def test_city_page_shows_profile_and_partnership(client, partnership):
    body = client.get("/en/cities/rovaniemi/").content.decode()
    assert "<h1>Rovaniemi</h1>" in body
    assert "Finland" in body
    assert "66.50° N, 25.73° E" in body
    assert "Sister city" in body
    assert "Active" in body
    assert "1995" in body
    assert "Roi" in body


def test_empty_profile_fields_are_not_shown(client, partnership):
    body = client.get("/en/cities/rovaniemi/").content.decode()
    assert "Mayor" not in body
    assert "Population" not in body
    assert "Website" not in body


def test_population_and_mayor_are_shown_when_set(client, partnership):
    city = partnership.city
    city.mayor, city.population, city.population_year = "Jane Doe", 64000, 2023
    city.save()
    body = client.get("/en/cities/rovaniemi/").content.decode()
    assert "Jane Doe" in body
    assert "64,000 (2023)" in body


def test_years_and_next_anniversary_are_shown(client, partnership):
    response = client.get("/en/cities/rovaniemi/")
    assert response.context["years_of_partnership"] == partnership.years_of_partnership()
    assert response.context["next_anniversary"]["years"] % 5 == 0


def test_unknown_slug_is_404(client):
    assert client.get("/en/cities/nowhere/").status_code == 404


def test_harbin_city_page_redirects_to_the_harbin_profile(client):
    HarbinFactory()
    response = client.get("/en/cities/harbin/")
    assert response.status_code == 301
    assert response["Location"] == "/en/harbin/"


def test_draft_city_is_404_for_visitors(client):
    CityFactory(slug="draft-town", status=Status.DRAFT)
    assert client.get("/en/cities/draft-town/").status_code == 404


def test_draft_city_is_shown_to_staff_with_the_banner(staff_client):
    CityFactory(slug="draft-town", status=Status.DRAFT)
    response = staff_client.get("/en/cities/draft-town/")
    assert response.status_code == 200
    assert "draft-banner" in response.content.decode()


def test_a_draft_partnership_is_hidden_from_visitors(client):
    PartnershipFactory(city=CityFactory(slug="quiet-town"), status=Status.DRAFT, summary="Secret plans")
    response = client.get("/en/cities/quiet-town/")
    assert response.status_code == 200
    assert "Secret plans" not in response.content.decode()


def test_contacts_never_appear_on_the_public_page(client, staff_user, partnership):
    ContactFactory(partnership=partnership, name="Hidden Person", email="hidden@example.org", phone="+358 1234")
    for _ in range(2):
        body = client.get("/en/cities/rovaniemi/").content.decode()
        assert "Hidden Person" not in body
        assert "hidden@example.org" not in body
        assert "+358 1234" not in body
        client.force_login(staff_user)


def test_only_public_agreements_are_shown_with_their_pdf(client, partnership):
    AgreementFactory(
        partnership=partnership,
        title="Sister City Agreement",
        is_public=True,
        pdf=SimpleUploadedFile("agreement.pdf", b"%PDF-1.4\n", content_type="application/pdf"),
    )
    AgreementFactory(partnership=partnership, title="Confidential Memorandum", is_public=False)
    body = client.get("/en/cities/rovaniemi/").content.decode()
    assert "Sister City Agreement" in body
    # Through the view that checks who may download it, under a random name (core.files).
    assert re.search(r'href="/files/cities/agreement/[0-9a-f]{32}\.pdf"', body)
    assert "Confidential Memorandum" not in body


def test_city_page_has_schema_org_city_data(client, partnership):
    body = client.get("/en/cities/rovaniemi/").content.decode()
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    data = json.loads(payload)
    assert data["@type"] == "City"
    assert data["name"] == "Rovaniemi"
    assert "罗瓦涅米" in data["alternateName"]
    assert "Roi" in data["alternateName"]
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 66.5039, "longitude": 25.7294}
    assert data["containedInPlace"]["@type"] == "Country"
    assert data["url"].endswith("/en/cities/rovaniemi/")


def test_user_text_is_escaped_on_the_city_page(client):
    city = CityFactory(slug="xss", name="<script>alert(1)</script>", description="<img src=x onerror=alert(1)>")
    PartnershipFactory(city=city, summary="<b>summary</b>")
    body = client.get("/en/cities/xss/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x" not in body
    assert "<b>summary</b>" not in body


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_city_page_answers_in_every_language(client, partnership, language):
    response = client.get(f"/{language}/cities/rovaniemi/")
    assert response.status_code == 200
    expected = {"en": "Rovaniemi", "zh-hans": "罗瓦涅米", "ru": "Рованиеми"}[language]
    assert f"<h1>{expected}</h1>" in response.content.decode()


@pytest.mark.skipif(not apps.is_installed("harbin_portal"), reason="nothing is kept without the site")
def test_a_repeat_visit_asks_nothing_and_a_new_agreement_shows_at_once(
    client, settings, partnership, django_capture_on_commit_callbacks
):
    from cities.tests.factories import MilestoneFactory

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every visit renders the page
    url = "/en/cities/rovaniemi/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert "<h1>Rovaniemi</h1>" in client.get(url).content.decode()
    assert [query["sql"] for query in queries.captured_queries if "cities_" in query["sql"]] == []
    with django_capture_on_commit_callbacks(execute=True):
        AgreementFactory(partnership=partnership, title="Tourism agreement", is_public=True)
        MilestoneFactory(partnership=partnership, note="Winter games visit")
    body = client.get(url).content.decode()
    assert "Tourism agreement" in body and "Winter games visit" in body


def test_what_staff_see_of_a_draft_partnership_is_not_kept_for_visitors(client, staff_user, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    PartnershipFactory(city=CityFactory(slug="quiet-town"), status=Status.DRAFT, summary="Secret plans")
    client.force_login(staff_user)
    assert "Secret plans" in client.get("/en/cities/quiet-town/").content.decode()
    client.logout()
    assert "Secret plans" not in client.get("/en/cities/quiet-town/").content.decode()


@pytest.mark.skipif(not apps.is_installed("harbin_portal"), reason="nothing is kept without the site")
def test_harbin_asks_nothing_on_a_repeat_visit_and_shows_a_new_figure_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    from cities.tests.factories import CityFigureFactory

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    harbin = HarbinFactory()
    CityFigureFactory(city=harbin, label="Visitors in the winter season")
    client.get("/en/harbin/")
    with CaptureQueriesContext(connection) as queries:
        assert "Visitors in the winter season" in client.get("/en/harbin/").content.decode()
    assert [query["sql"] for query in queries.captured_queries if "cities_" in query["sql"]] == []
    with django_capture_on_commit_callbacks(execute=True):
        CityFigureFactory(city=harbin, label="Ice festival area", value="1 million m²")
    assert "Ice festival area" in client.get("/en/harbin/").content.decode()


def test_a_draft_harbin_profile_is_404_for_visitors_and_shown_to_staff(client, staff_user, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    HarbinFactory(status=Status.DRAFT)
    assert client.get("/en/harbin/").status_code == 404
    client.force_login(staff_user)
    assert client.get("/en/harbin/").status_code == 200
    client.logout()
    assert client.get("/en/harbin/").status_code == 404
