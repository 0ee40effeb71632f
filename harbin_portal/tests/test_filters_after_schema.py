"""The public filters keep working after the API schema has been generated in the same process.

Generating the OpenAPI schema reads each filter's form field on the FilterSet class; django-filter keeps a field
once made, and every FilterSet copies the class's filters, so choices a FilterSet sets for itself were lost in
that worker from then on: the partner directory's country and "Established" choices were empty and those
filters ignored.
"""

import datetime

import pytest

from cities.models import City, Partnership
from core.publishing import Status

pytestmark = pytest.mark.django_db


def _partner(name, country, established):
    city = City.objects.create(name=name, slug=name.lower(), country=country, status=Status.PUBLISHED)
    Partnership.objects.create(city=city, status=Status.PUBLISHED, established_on=established)


def _names(response):
    return [city.name for city in response.context["cities"]]


def test_directory_filters_still_narrow_after_the_schema_was_generated(client):
    _partner("Niigata", "JP", datetime.date(1979, 12, 6))
    _partner("Edmonton", "CA", datetime.date(1985, 6, 24))
    assert client.get("/api/schema/?format=json").status_code == 200
    assert _names(client.get("/en/cities/", {"country": "JP"})) == ["Niigata"]
    assert _names(client.get("/en/cities/", {"decade": "1980"})) == ["Edmonton"]
