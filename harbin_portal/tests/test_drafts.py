"""Drafts: every public record starts as a draft, is 404 to visitors, and is shown to staff with a banner."""

import pytest
from django.contrib import admin

from cities.tests.factories import CityFactory
from core.publishing import PublicRecord, Status
from events.tests.factories import EventFactory
from museum.tests.factories import ExhibitFactory, RoomFactory

# Each public model with a page of its own (event series and partnerships have none: they live on other pages).
PUBLIC_MODELS = {
    "city": lambda: CityFactory(status=Status.DRAFT),
    "event": lambda: EventFactory(status=Status.DRAFT),
    "room": lambda: RoomFactory(status=Status.DRAFT),
    "exhibit": lambda: ExhibitFactory(status=Status.DRAFT),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PUBLIC_MODELS)
def test_a_draft_is_404_for_visitors(client, kind):
    draft = PUBLIC_MODELS[kind]()
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PUBLIC_MODELS)
def test_staff_see_a_draft_with_the_draft_banner(staff_client, kind):
    draft = PUBLIC_MODELS[kind]()
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert 'class="draft-banner"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PUBLIC_MODELS)
def test_the_published_record_is_public(client, kind):
    record = PUBLIC_MODELS[kind]()
    record.status = Status.PUBLISHED
    record.save()
    assert client.get(record.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if issubclass(m, PublicRecord)],
    ids=lambda m: m._meta.label_lower,
)
def test_admin_lists_of_public_records_show_the_status_and_offer_publishing(model, rf, superuser):
    request = rf.get("/admin/")
    request.user = superuser
    model_admin = admin.site._registry[model]
    assert "status" in model_admin.get_list_display(request)
    assert {"publish", "unpublish"} <= set(model_admin.get_actions(request))
