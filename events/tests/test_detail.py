import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from core.publishing import Status
from events.models import ParticipationRole

from .factories import (
    CityFactory,
    EventFactory,
    EventPhotoFactory,
    EventSeriesFactory,
    ParticipantFactory,
    ParticipationFactory,
    SessionFactory,
    jpeg_upload,
)

pytestmark = pytest.mark.django_db


def detail_url(event, lang="en"):
    return f"/{lang}/events/{event.slug}/"


def json_ld(response):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(match.group(1))


def shanghai(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZoneInfo("Asia/Shanghai"))


def test_draft_event_is_404_for_visitors(client):
    event = EventFactory(status=Status.DRAFT)
    assert client.get(detail_url(event)).status_code == 404


def test_draft_event_is_shown_to_staff_with_a_banner(staff_client):
    event = EventFactory(status=Status.DRAFT)
    response = staff_client.get(detail_url(event))
    assert response.status_code == 200
    assert "draft-banner" in response.content.decode()


def test_unknown_slug_is_404(client):
    assert client.get("/en/events/no-such-event/").status_code == 404


def test_detail_shows_the_record(client):
    series = EventSeriesFactory(name="Global Mayors Dialogue")
    host = CityFactory(name="Harbin", slug="harbin-test")
    event = EventFactory(
        title="Dialogue",
        series=series,
        host_city=host,
        venue="Harbin Grand Theatre",
        theme="Ice-and-snow economy",
        summary="Mayors met.",
        body="First paragraph.\n\nSecond <b>paragraph</b>.",
        outcomes="Harbin Initiative released\nSymphony performed",
        organisers="Guided by the State Council Information Office\nHosted by Harbin",
    )
    body = client.get(detail_url(event)).content.decode()
    for text in [
        "Dialogue",
        "Global Mayors Dialogue",
        "Harbin Grand Theatre",
        "Ice-and-snow economy",
        "Mayors met.",
        "<li>Harbin Initiative released</li>",
        "<li>Symphony performed</li>",
        "<li>Guided by the State Council Information Office</li>",
        f'href="{host.get_absolute_url()}"',
        "<p>First paragraph.</p>",
        "Second &lt;b&gt;paragraph&lt;/b&gt;.",
        event.dates_display,
    ]:
        assert text in body, text


def test_user_text_is_escaped_everywhere(client):
    event = EventFactory(title="<script>alert(1)</script>", summary="</script><script>x()</script>")
    ParticipantFactory(event=event, name="<img src=x onerror=y>")
    body = client.get(detail_url(event)).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x onerror=y>" not in body
    assert "</script><script>x()" not in body


def test_participating_cities_are_linked_with_role_and_head_of_delegation(client):
    event = EventFactory()
    edmonton = CityFactory(name="Edmonton", slug="edmonton")
    ParticipationFactory(event=event, city=edmonton, role=ParticipationRole.GUEST, head_of_delegation="Jane Doe")
    ParticipationFactory(event=event, city=event.host_city, role=ParticipationRole.HOST)
    response = client.get(detail_url(event))
    body = response.content.decode()
    assert f'<a href="{edmonton.get_absolute_url()}">Edmonton</a>' in body
    assert "head of delegation: Jane Doe" in body
    assert [p.role for p in response.context["participations"]] == ["host", "guest"]


def test_participants_are_listed_with_position_city_organisation_and_role(client):
    event = EventFactory()
    ParticipantFactory(
        event=event, name="Li Hua", position="Deputy mayor", city=CityFactory(name="Hohhot"), organisation="City hall"
    )
    body = client.get(detail_url(event)).content.decode()
    for text in ["Li Hua", "Deputy mayor", "Hohhot", "City hall", "Delegate"]:
        assert text in body


def test_programme_is_grouped_by_day_in_harbin_time(client, settings):
    settings.TIME_ZONE = "UTC"  # the page must still show Harbin's local times
    event = EventFactory(starts_on=datetime.date(2026, 1, 6), ends_on=datetime.date(2026, 1, 8))
    SessionFactory(event=event, title="Opening", starts_at=shanghai(event.starts_on, 9, 30), place="Hall A")
    SessionFactory(event=event, title="Late talk", starts_at=shanghai(event.starts_on, 23, 30))
    SessionFactory(event=event, title="Site visit", starts_at=shanghai(datetime.date(2026, 1, 7), 7, 0))
    response = client.get(detail_url(event))
    programme = response.context["programme"]
    assert [(day, [s.title for s in sessions]) for day, sessions in programme] == [
        (datetime.date(2026, 1, 6), ["Opening", "Late talk"]),
        (datetime.date(2026, 1, 7), ["Site visit"]),
    ]
    body = response.content.decode()
    assert ">09:30<" in body
    assert ">23:30<" in body
    assert "Hall A" in body


def test_photos_show_small_derivatives_linking_to_the_large_one(client):
    event = EventFactory()
    photo = EventPhotoFactory(event=event, caption="Opening ceremony")
    body = client.get(detail_url(event)).content.decode()
    assert f'<a href="{photo.image_large.url}"><img src="{photo.image_small.url}" alt="Opening ceremony"' in body
    assert photo.image.url not in body


def test_cover_uses_the_large_derivative(client):
    event = EventFactory(cover=jpeg_upload())
    body = client.get(detail_url(event)).content.decode()
    assert event.cover_large.url in body
    assert event.cover.url not in body


def test_json_ld_describes_the_event(client):
    host = CityFactory(name="Harbin", country="CN")
    event = EventFactory(host_city=host, venue="", organisers="State Council Information Office", cover=jpeg_upload())
    ParticipationFactory(event=event, city=CityFactory(name="Edmonton"), role=ParticipationRole.GUEST)
    data = json_ld(client.get(detail_url(event)))
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["startDate"] == "2026-01-06"
    assert data["endDate"] == "2026-01-08"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["addressLocality"] == "Harbin"
    assert data["location"]["address"]["addressCountry"] == "CN"
    assert data["organizer"] == [{"@type": "Organization", "name": "State Council Information Office"}]
    assert [a["name"] for a in data["attendee"]] == ["Edmonton"]
    assert data["attendee"][0]["@type"] == "City"
    assert data["url"] == f"http://testserver{detail_url(event)}"
    assert data["image"].endswith(event.cover_large.url)


def test_json_ld_gives_a_month_precision_date_as_year_and_month(client):
    event = EventFactory(starts_on=datetime.date(2026, 1, 1), ends_on=None, date_precision="month")
    assert json_ld(client.get(detail_url(event)))["startDate"] == "2026-01"


def test_detail_is_shown_in_other_languages_with_english_fallback(client):
    event = EventFactory(title_en="Dialogue", title_ru="Диалог", title_zh_hans="")
    assert "Диалог" in client.get(detail_url(event, "ru")).content.decode()
    assert "Dialogue" in client.get(detail_url(event, "zh-hans")).content.decode()


def _fill(event, size):
    for _ in range(size):
        ParticipationFactory(event=event, city=CityFactory())
        ParticipantFactory(event=event, city=CityFactory())
        SessionFactory(event=event)
        EventPhotoFactory(event=event)


def test_detail_runs_a_fixed_number_of_queries(django_assert_max_num_queries, staff_user):
    visitor, staff = Client(), Client()
    staff.force_login(staff_user)
    small, large = EventFactory(series=EventSeriesFactory()), EventFactory(series=EventSeriesFactory())
    _fill(small, 1)
    _fill(large, 12)
    for client in (visitor, staff):
        with django_assert_max_num_queries(12) as few:
            assert client.get(detail_url(small)).status_code == 200
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(detail_url(large))
        assert len(response.context["photos"]) == 12


def test_a_draft_city_is_neither_named_nor_linked_for_visitors(client):
    event = EventFactory()
    draft_city = CityFactory(name="Hidden town", status=Status.DRAFT)
    ParticipationFactory(event=event, city=draft_city)
    body = client.get(detail_url(event)).content.decode()
    assert "Hidden town" not in body
    assert draft_city.get_absolute_url() not in body
