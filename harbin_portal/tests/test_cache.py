"""The anonymous page cache: fast for strangers, never stale after a staff change, never for staff."""

import contextlib
import socket
import uuid
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.utils import translation

from core import cache as page_cache_module
from core.cache import VERSION_KEY, AnonymousPageCacheMiddleware, bump_content_version
from core.publishing import Status
from events.models import Event
from events.tests.factories import CityFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    cache.clear()
    page_cache_module._forget_local()
    # Requests leave their language active in the thread; records made here are written in English.
    translation.activate("en")
    yield
    translation.deactivate()
    # The Redis test cleans up after itself; clearing here would flush a whole shared Redis database.
    if isinstance(cache._cache, dict):
        cache.clear()


def stored_pages():
    return [key for key in cache._cache if "public-page:" in key and "public-page:version:" not in key]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Writes inside `with committed():` commit as in production, so the on-commit invalidation runs."""

    @contextlib.contextmanager
    def transaction_that_commits():
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            yield

    return transaction_that_commits


def test_second_anonymous_request_is_served_from_the_cache(client, django_assert_num_queries):
    EventFactory(title="Winter Mayors Forum")
    first = client.get("/en/events/")
    assert first.status_code == 200

    with django_assert_num_queries(0):
        second = client.get("/en/events/")

    assert second.status_code == 200
    assert second.content == first.content
    assert "Winter Mayors Forum" in second.content.decode()


def test_the_page_says_whether_it_came_from_the_cache(client):
    assert client.get("/en/events/")["X-Page-Cache"] == "miss"
    assert client.get("/en/events/")["X-Page-Cache"] == "hit"


def test_cached_page_keeps_the_security_headers(client):
    client.get("/en/events/")
    cached = client.get("/en/events/")
    assert "script-src 'self'" in cached["Content-Security-Policy"]
    assert cached["X-Frame-Options"] == "DENY"
    assert cached["X-Content-Type-Options"] == "nosniff"


def test_language_and_query_string_are_part_of_the_key(client):
    EventFactory(title="Forum", title_ru="Форум")
    client.get("/en/events/")
    client.get("/en/events/?when=past")
    russian = client.get("/ru/events/")
    assert russian["Content-Language"] == "ru"
    assert "Форум" in russian.content.decode()


def test_saving_an_event_shows_at_once(client, committed):
    event = EventFactory(title="Old title")
    assert "Old title" in client.get("/en/events/").content.decode()

    with committed():
        event.title = "New title"
        event.save()

    page = client.get("/en/events/").content.decode()
    assert "New title" in page
    assert "Old title" not in page


def test_saving_a_city_shows_at_once(client, committed):
    city = CityFactory(name="Edmonton")
    EventFactory(title="Ice festival", host_city=city)
    assert "Edmonton" in client.get("/en/events/").content.decode()

    with committed():
        city.name = "Edmonton, Alberta"
        city.save()

    assert "Edmonton, Alberta" in client.get("/en/events/").content.decode()


def test_deleting_an_event_shows_at_once(client, committed):
    event = EventFactory(title="Cancelled forum")
    assert "Cancelled forum" in client.get("/en/events/").content.decode()

    with committed():
        event.delete()

    assert "Cancelled forum" not in client.get("/en/events/").content.decode()


def test_staff_draft_never_reaches_visitors_through_the_cache(staff_client):
    EventFactory(title="Secret draft", status=Status.DRAFT)

    assert "Secret draft" in staff_client.get("/en/events/").content.decode()

    assert "Secret draft" not in Client().get("/en/events/").content.decode()


def test_staff_never_get_the_visitors_cached_page(staff_client):
    EventFactory(title="Secret draft", status=Status.DRAFT)
    assert "Secret draft" not in Client().get("/en/events/").content.decode()

    page = staff_client.get("/en/events/")

    assert "Secret draft" in page.content.decode()


def test_staff_pages_are_never_stored(staff_client):
    staff_client.get("/en/events/")
    assert stored_pages() == []


def test_a_404_is_not_cached(client, django_assert_max_num_queries):
    assert client.get("/en/events/no-such-event/").status_code == 404
    with django_assert_max_num_queries(10) as queries:
        assert client.get("/en/events/no-such-event/").status_code == 404
    assert len(queries) > 0


def test_a_response_that_sets_a_cookie_is_not_cached(rf):
    def view(request):
        response = HttpResponse("hello")
        response.set_cookie("csrftoken", "abc")
        return response

    middleware = AnonymousPageCacheMiddleware(view)
    middleware(rf.get("/en/"))

    assert stored_pages() == []


def test_a_page_with_a_session_cookie_is_neither_served_nor_stored(rf):
    calls = []
    middleware = AnonymousPageCacheMiddleware(lambda request: calls.append(1) or HttpResponse("hello"))
    request = rf.get("/en/")
    request.COOKIES["sessionid"] = "x"
    middleware(request)
    middleware(request)

    assert len(calls) == 2
    assert stored_pages() == []


def test_a_plain_anonymous_page_is_stored_once(rf):
    calls = []
    middleware = AnonymousPageCacheMiddleware(lambda request: calls.append(1) or HttpResponse("hello"))
    middleware(rf.get("/en/"))
    second = middleware(rf.get("/en/"))

    assert len(calls) == 1
    assert second.content == b"hello"


def test_the_admin_is_never_cached(admin_client_, django_assert_max_num_queries):
    admin_client_.get("/admin/")
    with django_assert_max_num_queries(100) as queries:
        admin_client_.get("/admin/")
    assert len(queries) > 0


def test_zero_seconds_disables_the_cache(client, settings, django_assert_max_num_queries):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    EventFactory(title="Ice festival")
    client.get("/en/events/")
    with django_assert_max_num_queries(20):
        again = client.get("/en/events/")
    # Rendered again (the test client hears the templates render), though from kept values: no query.
    assert again.context is not None and "Ice festival" in again.content.decode()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    client.get("/en/events/")
    assert client.get("/en/events/").context is None, "with the cache on, a repeat visit is served, not rendered"


def test_a_lost_version_key_never_brings_old_pages_back(client):
    event = EventFactory(title="Old title")
    client.get("/en/events/")
    # A write that is never committed tells nobody; the cache then loses its version keys (eviction, restart).
    Event.objects.filter(pk=event.pk).update(title="New title")
    cache.delete_many([VERSION_KEY.format(label) for label in ("cities", "events", "museum")])
    # A second later this worker asks the shared cache for the version again.
    page_cache_module._version_memo["until"] = 0.0

    assert "New title" in client.get("/en/events/").content.decode()


def test_a_staff_post_in_an_apps_admin_makes_that_apps_pages_stale_even_without_signals(admin_client_):
    Client().get("/en/events/")
    before = cache.get_many([VERSION_KEY.format(label) for label in ("cities", "events", "museum")])

    # An admin write that sends no model signal (here a refused form) still makes the app's pages stale...
    assert admin_client_.post("/admin/events/event/add/", {}).status_code == 200
    # ...and a staff write outside the content apps touches nothing.
    admin_client_.post("/admin/password_change/", {})

    after = cache.get_many([VERSION_KEY.format(label) for label in ("cities", "events", "museum")])
    assert after[VERSION_KEY.format("events")] != before[VERSION_KEY.format("events")]
    assert after[VERSION_KEY.format("museum")] == before[VERSION_KEY.format("museum")]
    assert after[VERSION_KEY.format("cities")] == before[VERSION_KEY.format("cities")]


def test_bump_content_version_starts_a_new_version_when_the_key_is_missing():
    cache.delete(VERSION_KEY.format("events"))
    bump_content_version("events")
    assert cache.get(VERSION_KEY.format("events")) > 1_000_000


def _redis_is_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def real_redis(settings):
    """The portal's Redis cache on the local Redis, under a prefix of its own (parallel test runs never see each
    other's pages), emptied afterwards."""
    prefix = f"harbin-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield
    client_ = cache._cache.get_client(write=True)
    for key in client_.scan_iter(f"{prefix}:*"):
        client_.delete(key)


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis at 127.0.0.1:6379")
def test_the_cache_works_on_real_redis(client, real_redis, django_assert_num_queries, committed):
    event = EventFactory(title="Redis forum")
    assert "Redis forum" in client.get("/en/events/").content.decode()
    with django_assert_num_queries(0):
        assert "Redis forum" in client.get("/en/events/").content.decode()

    with committed():
        event.title = "Redis summit"
        event.save()

    assert "Redis summit" in client.get("/en/events/").content.decode()
    # One redis-py client serves every call (Django's own made one per call).
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


def test_a_repeat_visit_is_served_from_the_workers_memory_without_the_shared_cache(client):
    EventFactory(title="Dialogue")
    client.get("/en/events/")
    cache.clear()  # the shared cache (Redis in production) forgets everything...
    page_cache_module._version_memo["until"] = float("inf")

    response = client.get("/en/events/")  # ...this worker still answers from memory

    assert "Dialogue" in response.content.decode()


def test_a_change_made_in_this_worker_shows_at_once_despite_the_local_copy(client, committed):
    event = EventFactory(title="Before")
    client.get("/en/events/")
    with committed():
        event.title = "After"
        event.save()
    assert "After" in client.get("/en/events/").content.decode()


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis at 127.0.0.1:6379")
def test_record_versions_start_in_one_round_trip_on_real_redis(client, real_redis, committed):
    """A list of exhibits never seen starts their record versions with one add_many (SET NX in a pipeline)."""
    assert cache.add_many({"a": 1, "b": 2}, 60) == {"a": True, "b": True}
    assert cache.add_many({"a": 5, "c": 3}, 60) == {"a": False, "c": True}
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2, "c": 3}
    assert cache.incr("a") == 2  # what a save does to a record version

    from museum.tests.factories import ExhibitFactory

    exhibits = [ExhibitFactory(object_name_en=f"Jar {n}", object_name=f"Jar {n}") for n in range(3)]
    real = cache._cache.get_client(write=True)
    with mock.patch.object(real, "execute_command", wraps=real.execute_command) as spy:
        assert "Jar 2" in client.get("/en/museum/exhibits/").content.decode()
    one_by_one = [
        call.args for call in spy.call_args_list if call.args[0] in ("GET", "SET") and "museum.exhibit:" in call.args[1]
    ]
    assert one_by_one == []  # neither read nor started one record version at a time
    assert len(cache.get_many([f"public-page:version:museum.exhibit:{e.accession_number}" for e in exhibits])) == 3
    with committed():
        exhibits[1].object_name_en = "Urn"
        exhibits[1].save()
    html = client.get("/en/museum/exhibits/").content.decode()
    assert "Urn" in html and "Jar 0" in html and "Jar 1" not in html
