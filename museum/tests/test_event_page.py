"""What the museum adds to an event's page (museum/sections.py) and to the event admin: the gifts presented there."""

import pytest
from django.test import Client

from core.publishing import Status
from events.tests.factories import EventFactory

from .factories import ExhibitFactory, ExhibitImageFactory

pytestmark = pytest.mark.django_db


def detail_url(event):
    return f"/en/events/{event.slug}/"


def test_published_gifts_presented_at_the_event_are_shown_with_their_primary_image(client):
    event = EventFactory()
    gift = ExhibitFactory(presented_at=event, title="Ice sculpture model")
    ExhibitImageFactory(exhibit=gift, is_primary=False)
    primary = ExhibitImageFactory(exhibit=gift, is_primary=True)
    ExhibitFactory(presented_at=event, title="Unpublished vase", status=Status.DRAFT)
    body = client.get(detail_url(event)).content.decode()
    assert "Gifts presented at this event" in body
    assert "Ice sculpture model" in body
    assert f'href="{gift.get_absolute_url()}"' in body
    assert primary.image_small.url in body
    assert "Unpublished vase" not in body


def test_an_event_without_gifts_has_no_gifts_section(client):
    body = client.get(detail_url(EventFactory())).content.decode()
    assert "Gifts presented at this event" not in body


def test_the_gifts_section_runs_a_fixed_number_of_queries(django_assert_max_num_queries, staff_user):
    visitor, staff = Client(), Client()
    staff.force_login(staff_user)
    small, large = EventFactory(), EventFactory()
    for event, size in ((small, 1), (large, 12)):
        for _ in range(size):
            ExhibitImageFactory(exhibit=ExhibitFactory(presented_at=event), is_primary=True)
    for client in (visitor, staff):
        with django_assert_max_num_queries(12) as few:
            assert client.get(detail_url(small)).status_code == 200
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(detail_url(large))
        assert len(response.context["gifts"]) == 12


def test_event_autocomplete_finds_events_by_title_in_any_language(admin_client_):
    EventFactory(title_en="Global Mayors Dialogue", title_ru="Глобальный диалог мэров")
    response = admin_client_.get(
        "/admin/autocomplete/",
        {"term": "диалог", "app_label": "museum", "model_name": "exhibit", "field_name": "presented_at"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Global Mayors Dialogue"]
