import datetime
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from cities.models import MilestoneKind
from core.dates import DatePrecision
from core.publishing import Status
from events.models import Event, EventKind, Participation, ParticipationRole
from museum.models import Exhibit, ExhibitImage, Room

from .factories import (
    AgreementFactory,
    CityFactory,
    ContactFactory,
    HarbinFactory,
    MilestoneFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    city = CityFactory(
        name="Rovaniemi",
        name_zh_hans="罗瓦涅米",
        name_ru="Рованиеми",
        slug="rovaniemi",
        country="FI",
        latitude="66.503900",
        longitude="25.729400",
        alternative_names="Roi",
    )
    return PartnershipFactory(
        city=city, established_on=datetime.date(1995, 1, 1), established_precision=DatePrecision.YEAR
    )


def _event(city, title, starts_on, status=Status.PUBLISHED, role=ParticipationRole.DELEGATION):
    event = Event.objects.create(
        title=title, slug=re.sub(r"\W+", "-", title.lower()), kind=EventKind.MAYORS_DIALOGUE,
        starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=2), status=status,
    )  # fmt: skip
    Participation.objects.create(event=event, city=city, role=role)
    return event


def _png(name="gift.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (40, 80, 160)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _gift(city, number, status=Status.PUBLISHED, image=False):
    exhibit = Exhibit.objects.create(
        accession_number=f"HISCM.2009.{number}", object_name=f"Gift {number}", brief_description="A gift.",
        recorder="Staff", recording_date=datetime.date(2009, 1, 1), origin_city=city, in_store=True, status=status,
    )  # fmt: skip
    if image:
        ExhibitImage.objects.create(exhibit=exhibit, image=_png(), is_primary=True, caption=f"Gift {number} photo")
    return exhibit


def test_city_page_shows_profile_and_partnership(client, partnership):
    body = client.get("/en/cities/rovaniemi/").content.decode()
    assert "<h1>Rovaniemi</h1>" in body
    assert "Finland" in body
    assert "latitude 66.5039, longitude 25.7294" in body
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
    assert re.search(r'href="/media/agreements/agreement[^"]*\.pdf"', body)
    assert "Confidential Memorandum" not in body


def test_timeline_merges_milestones_and_published_events_by_date(client, partnership):
    MilestoneFactory(
        partnership=partnership, date=datetime.date(1995, 1, 1), date_precision=DatePrecision.YEAR,
        kind=MilestoneKind.FRIENDSHIP_SIGNED,
    )  # fmt: skip
    MilestoneFactory(partnership=partnership, date=datetime.date(2010, 5, 4), kind=MilestoneKind.UPGRADED)
    _event(partnership.city, "Global Mayors Dialogue", datetime.date(2026, 1, 6))
    _event(partnership.city, "Winter Forum", datetime.date(2005, 2, 1))
    _event(partnership.city, "Unpublished Visit", datetime.date(2007, 2, 1), status=Status.DRAFT)
    response = client.get("/en/cities/rovaniemi/")
    titles = [entry.title for entry in response.context["timeline"]]
    assert titles == ["Friendship signed", "Winter Forum", "Upgraded to sister city", "Global Mayors Dialogue"]
    assert "Unpublished Visit" not in response.content.decode()


def test_events_section_links_each_event_with_dates_and_role(client, partnership):
    event = _event(partnership.city, "Global Mayors Dialogue", datetime.date(2026, 1, 6), role=ParticipationRole.GUEST)
    body = client.get("/en/cities/rovaniemi/").content.decode()
    assert f'href="{event.get_absolute_url()}"' in body
    assert event.dates_display in body
    assert "Guest" in body


def test_museum_section_links_rooms_and_published_gifts(client, partnership):
    room = Room.objects.create(name="Rovaniemi Room", slug="rovaniemi-room", city=partnership.city, status="published")
    Room.objects.create(name="Unfinished Room", slug="unfinished-room", city=partnership.city, status="draft")
    gift = _gift(partnership.city, 1, image=True)
    _gift(partnership.city, 2, status=Status.DRAFT)
    body = client.get("/en/cities/rovaniemi/").content.decode()
    assert f'href="{room.get_absolute_url()}"' in body
    assert "Unfinished Room" not in body
    assert f'href="{gift.get_absolute_url()}"' in body
    assert "Gift 2" not in body
    image = gift.images.get()
    assert image.image_small.url in body
    assert image.image.url not in body
    assert 'alt="Gift 1 photo"' in body
    assert "/museum/exhibits/?origin_city=rovaniemi" in body


def test_museum_section_shows_at_most_12_gifts(client, partnership):
    for number in range(15):
        _gift(partnership.city, number)
    response = client.get("/en/cities/rovaniemi/")
    assert len(response.context["gifts"]) == 12
    assert response.context["more_gifts"] is True


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


def test_a_city_that_only_attends_events_has_a_page_without_partnership(client):
    city = CityFactory(name="Chalandri", slug="chalandri", country="GR")
    _event(city, "Global Mayors Dialogue", datetime.date(2026, 1, 6))
    response = client.get("/en/cities/chalandri/")
    assert response.status_code == 200
    assert response.context["partnership"] is None
    assert "Global Mayors Dialogue" in response.content.decode()


def test_city_page_runs_a_fixed_number_of_queries(client, partnership, django_assert_max_num_queries):
    MilestoneFactory(partnership=partnership)
    _event(partnership.city, "First", datetime.date(2020, 1, 1))
    _gift(partnership.city, 1, image=True)
    with CaptureQueriesContext(connection) as few:
        client.get("/en/cities/rovaniemi/")
    for number in range(2, 12):
        MilestoneFactory(partnership=partnership, date=datetime.date(2000 + number, 1, 1))
        _event(partnership.city, f"Event {number}", datetime.date(2000 + number, 3, 1))
        _gift(partnership.city, number, image=True)
        AgreementFactory(partnership=partnership)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/cities/rovaniemi/")


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_city_page_answers_in_every_language(client, partnership, language):
    response = client.get(f"/{language}/cities/rovaniemi/")
    assert response.status_code == 200
    expected = {"en": "Rovaniemi", "zh-hans": "罗瓦涅米", "ru": "Рованиеми"}[language]
    assert f"<h1>{expected}</h1>" in response.content.decode()
