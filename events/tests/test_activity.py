"""A partnership's last activity is the latest published event its city took part in (events.selectors)."""

import datetime

import pytest

from cities.models import Partnership
from cities.tests.factories import PartnershipFactory
from core.publishing import Status
from events.models import Event, EventKind, Participation
from events.selectors import with_last_activity

pytestmark = pytest.mark.django_db


def _event(city, starts_on, status=Status.PUBLISHED):
    event = Event.objects.create(
        title=f"Visit {starts_on}", slug=f"visit-{starts_on}-{status}", kind=EventKind.VISIT_IN,
        starts_on=starts_on, status=status,
    )  # fmt: skip
    Participation.objects.create(event=event, city=city)
    return event


def _annotated(partnership):
    return with_last_activity(Partnership.objects).get(pk=partnership.pk)


def test_last_activity_is_the_latest_published_event_of_the_partner_city():
    partnership = PartnershipFactory()
    _event(partnership.city, datetime.date(2024, 5, 1))
    _event(partnership.city, datetime.date(2025, 9, 1))
    _event(partnership.city, datetime.date(2026, 1, 1), status=Status.DRAFT)
    annotated = with_last_activity(Partnership.objects).get(pk=partnership.pk)
    assert annotated.last_activity_on == datetime.date(2025, 9, 1)


def test_a_partnership_without_activity_for_24_months_is_dormant():
    partnership = PartnershipFactory(established_on=datetime.date(2000, 1, 1))
    _event(partnership.city, datetime.date(2023, 1, 10))
    assert _annotated(partnership).is_dormant(today=datetime.date(2025, 1, 10)) is True


def test_a_partnership_with_a_recent_published_event_is_not_dormant():
    partnership = PartnershipFactory(established_on=datetime.date(2000, 1, 1))
    _event(partnership.city, datetime.date(2024, 6, 1))
    assert _annotated(partnership).is_dormant(today=datetime.date(2025, 1, 10)) is False


def test_a_draft_event_does_not_count_as_activity():
    partnership = PartnershipFactory(established_on=datetime.date(2000, 1, 1))
    _event(partnership.city, datetime.date(2024, 6, 1), status=Status.DRAFT)
    assert _annotated(partnership).is_dormant(today=datetime.date(2025, 1, 10)) is True
