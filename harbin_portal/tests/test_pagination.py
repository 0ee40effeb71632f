import pytest
from django.test import RequestFactory

from cities.models import City
from core.pagination import page_of
from core.publishing import Status


@pytest.fixture
def cities(db):
    for n in range(30):
        City.objects.create(name=f"City {n:02}", slug=f"city-{n}", country="CA", status=Status.PUBLISHED)


def test_a_list_is_counted_once_until_the_content_changes(
    cities, django_assert_num_queries, django_capture_on_commit_callbacks
):
    request = RequestFactory().get("/en/cities/", {"page": "2"})
    assert page_of(request, City.objects.published(), 24).paginator.count == 30
    with django_assert_num_queries(1):  # the page's rows only; the count comes from the cache
        assert len(page_of(request, City.objects.published(), 24).object_list) == 6

    with django_capture_on_commit_callbacks(execute=True):  # the cache is told once the write commits
        City.objects.create(name="New", slug="new", country="CA", status=Status.PUBLISHED)

    assert page_of(request, City.objects.published(), 24).paginator.count == 31


def test_bad_page_numbers_give_the_first_or_last_page(cities):
    factory = RequestFactory()
    assert page_of(factory.get("/", {"page": "abc"}), City.objects.published(), 24).number == 1
    assert page_of(factory.get("/", {"page": "999"}), City.objects.published(), 24).number == 2
