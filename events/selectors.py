"""Reads of the events app that pages of other apps and the site need."""

from django.db.models import Max, Q

from core.publishing import Status


def with_last_activity(partnerships):
    """Annotate `last_activity_on` on a Partnership QuerySet: the start of the latest published event the
    partner city took part in (what `Partnership.is_dormant()` reads)."""
    return partnerships.annotate(
        last_activity_on=Max(
            "city__participations__event__starts_on",
            filter=Q(city__participations__event__status=Status.PUBLISHED),
        )
    )


def city_participations(*, city):
    """The published events the city took part in, oldest first, with their event loaded."""
    return (
        city.participations.filter(event__status=Status.PUBLISHED)
        .select_related("event")
        .order_by("event__starts_on", "event__pk")
    )
