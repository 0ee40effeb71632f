"""An event is linked to its cities through participation, never copied: each city's page shows it."""

import pytest

from events.models import ParticipationRole

from .factories import CityFactory, EventFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


def test_event_appears_on_each_participating_city_page(client):
    event = EventFactory(title="Global Mayors Dialogue · Harbin")
    cities = [CityFactory(slug=f"guest-{n}") for n in range(3)]
    for city in cities:
        ParticipationFactory(event=event, city=city, role=ParticipationRole.GUEST)
    other = CityFactory(slug="not-invited")
    for city in cities:
        response = client.get(f"/en/cities/{city.slug}/")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Global Mayors Dialogue · Harbin" in body
        assert f'href="{event.get_absolute_url()}"' in body
    assert "Global Mayors Dialogue · Harbin" not in client.get(f"/en/cities/{other.slug}/").content.decode()
