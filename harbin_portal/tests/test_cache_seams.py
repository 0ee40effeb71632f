"""The page cache at its seams: a down or hung Redis, writes that commit (or not), bulk writes, junk query
strings, and a save that must not make the whole site stale."""

import contextlib
import io
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import cache as page_cache
from core.cache import VERSION_KEY
from events.models import Event
from events.tests.factories import EventFactory
from museum.tests.factories import ExhibitFactory

pytestmark = pytest.mark.django_db

PAGES = ["/en/", "/en/events/", "/en/museum/", "/en/museum/exhibits/", "/en/search/?q=vase", "/en/cities/"]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    _reset()
    yield
    _reset()


def _reset():
    page_cache._forget_local()
    page_cache._outage.update(until=0.0)
    page_cache._outage["missed"].clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Writes inside `with committed():` commit as in production, so the on-commit invalidation runs."""

    @contextlib.contextmanager
    def transaction_that_commits():
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            yield

    return transaction_that_commits


def stored_pages():
    return [key for key in cache._cache if "public-page:" in key and "public-page:version:" not in key]


def served_from_cache(path):
    """True when an anonymous GET of `path` costs no query (so it came from the cache)."""
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(path).status_code == 200
    return len(queries) == 0


# -- Redis down, stopped, hung ---------------------------------------------------------------------


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_cache(port):
    return {
        "default": {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": f"harbin-test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        }
    }


@pytest.fixture
def own_redis():
    """A redis-server of this test's own on a spare port, which the test may stop."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own server on 127.0.0.1
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.1):
            break
        time.sleep(0.05)
    yield port, process
    process.kill()
    process.wait()


class HungServer:
    """A TCP server that accepts connections and never answers: a hung Redis."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        with contextlib.suppress(OSError):
            while True:
                self.accepted.append(self.sock.accept()[0])

    def close(self):
        for conn in self.accepted:
            conn.close()
        self.sock.close()


def _visit_everything(admin_client_):
    client = Client(raise_request_exception=False)
    for path in PAGES:
        assert client.get(path).status_code == 200, path
    # The admin's exhibit list reads cached filter choices; the dashboard counts.
    assert admin_client_.get("/admin/museum/exhibit/").status_code == 200
    assert admin_client_.get("/admin/").status_code == 200


def test_every_page_answers_with_redis_on_a_closed_port(settings, admin_client_):
    ExhibitFactory(object_name="Vase")
    settings.CACHES = _redis_cache(_free_port())
    admin_client_.raise_request_exception = False

    _visit_everything(admin_client_)


def test_every_page_and_a_staff_save_work_after_redis_stops(settings, admin_client_, own_redis, committed):
    port, process = own_redis
    event = EventFactory(title="Forum")
    ExhibitFactory(object_name="Vase")
    settings.CACHES = _redis_cache(port)
    assert Client().get("/en/events/").status_code == 200
    assert any(key.startswith(b"harbin-test-") for key in _redis_keys(port))

    process.kill()
    process.wait()
    admin_client_.raise_request_exception = False

    _visit_everything(admin_client_)
    with committed():
        event.title = "Forum renamed"
        event.save()
    assert "Forum renamed" in Client().get("/en/events/").content.decode()


def _redis_keys(port):
    import redis

    return redis.Redis(port=port).keys("*")


def test_a_hung_redis_is_asked_once_not_on_every_request(settings, admin_client_):
    ExhibitFactory(object_name="Vase")
    server = HungServer()
    settings.CACHES = _redis_cache(server.port)
    admin_client_.raise_request_exception = False
    try:
        _visit_everything(admin_client_)
        # After the first timeout the worker leaves the cache alone, so the other requests cost no wait.
        assert len(server.accepted) == 1
    finally:
        server.close()


def test_a_version_that_could_not_be_raised_during_an_outage_is_raised_when_the_cache_is_back(client):
    EventFactory(title="Old title")
    client.get("/en/events/")
    before = cache.get(VERSION_KEY.format("events"))
    page_cache._outage["until"] = time.monotonic() + 60  # the cache is unreachable

    page_cache.bump_content_version("events")
    assert cache.get(VERSION_KEY.format("events")) == before

    page_cache._outage["until"] = 0.0  # the cache answers again
    page_cache.content_version()
    assert cache.get(VERSION_KEY.format("events")) != before


# -- Invalidation on commit, for every write path -------------------------------------------------


def test_a_save_makes_pages_stale_only_when_it_commits(client, django_capture_on_commit_callbacks):
    event = EventFactory(title="Old title")
    client.get("/en/events/")
    before = cache.get(VERSION_KEY.format("events"))

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event.title = "New title"
        event.save()
        # Not committed yet: a visitor now would store the old page under a new version.
        assert cache.get(VERSION_KEY.format("events")) == before

    assert cache.get(VERSION_KEY.format("events")) != before
    assert "New title" in client.get("/en/events/").content.decode()


def test_a_rolled_back_save_changes_no_version(client, django_capture_on_commit_callbacks):
    event = EventFactory(title="Old title")
    client.get("/en/events/")
    before = cache.get(VERSION_KEY.format("events"))

    with (
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        event.title = "Never"
        event.save()
        raise RuntimeError

    assert cache.get(VERSION_KEY.format("events")) == before


def test_queryset_update_shows_at_once(client, committed):
    event = EventFactory(title="Old title")
    assert "Old title" in client.get("/en/events/").content.decode()

    with committed():
        Event.objects.filter(pk=event.pk).update(title="New title")

    assert "New title" in client.get("/en/events/").content.decode()


def test_bulk_create_shows_at_once(client, committed):
    template = EventFactory(title="First")
    client.get("/en/events/")

    with committed():
        Event.objects.bulk_create(
            [Event(title="Bulk forum", slug="bulk-forum", starts_on=template.starts_on, status=template.status)]
        )

    assert "Bulk forum" in client.get("/en/events/").content.decode()


def test_bulk_update_shows_at_once(client, committed):
    event = EventFactory(title="Old title")
    client.get("/en/events/")

    with committed():
        event.title = "New title"
        Event.objects.bulk_update([event], ["title"])

    assert "New title" in client.get("/en/events/").content.decode()


def test_loaddata_shows_at_once(client, tmp_path, committed):
    event = EventFactory(title="Old title")
    client.get("/en/events/")
    fixture = tmp_path / "events.json"
    data = json.loads(_dump(event))
    data[0]["fields"].update(title="Loaded title", title_en="Loaded title")
    fixture.write_text(json.dumps(data))

    with committed():
        call_command("loaddata", str(fixture), verbosity=0)

    assert "Loaded title" in client.get("/en/events/").content.decode()


def _dump(event):
    from django.core import serializers

    return serializers.serialize("json", [Event.objects.get(pk=event.pk)])


def test_sample_data_shows_at_once(client, committed):
    client.get("/en/events/")

    with committed():
        call_command("sample_data", "--cities=2", "--events=3", "--exhibits=0", "--no-images", stdout=io.StringIO())

    assert "Sample" in client.get("/en/events/").content.decode()


# -- Keys hold only what a page reads -------------------------------------------------------------


def test_junk_query_strings_make_no_new_entries(client):
    EventFactory(title="Forum")
    for number in range(200):
        assert client.get(f"/en/events/?utm_source=mail{number}&fbclid={number}").status_code == 200
        client.get(f"/en/?junk={number}")

    assert len(stored_pages()) == 2


def test_a_parameter_the_page_reads_still_makes_its_own_entry(client):
    EventFactory(title="Forum", kind="forum")
    EventFactory(title="Ice festival", kind="festival")
    client.get("/en/events/")

    page = client.get("/en/events/?kind=festival&utm_source=x").content.decode()

    assert "Ice festival" in page
    assert "Forum</a>" not in page
    assert len(stored_pages()) == 2


# -- A save makes stale what shows the record, not the whole site -----------------------------------


def test_an_exhibit_save_leaves_the_event_list_cached_and_refreshes_what_shows_it(client, committed):
    EventFactory(title="Forum")
    exhibit = ExhibitFactory(object_name="Blue vase", object_name_en="Blue vase")
    for path in ["/en/", "/en/events/", "/en/museum/exhibits/", "/en/search/?q=vase"]:
        client.get(path)

    with committed():
        exhibit.object_name = exhibit.object_name_en = "Green vase"
        exhibit.save()
    page_cache._version_memo["until"] = 0.0  # a second later, as another worker would see it

    assert served_from_cache("/en/events/")
    assert "Green vase" in client.get("/en/museum/exhibits/").content.decode()
    assert "Green vase" in client.get("/en/search/?q=vase").content.decode()
    assert not served_from_cache("/en/")


def test_an_event_save_leaves_the_exhibit_list_cached(client, committed):
    event = EventFactory(title="Forum")
    ExhibitFactory()
    client.get("/en/museum/exhibits/")

    with committed():
        event.title = "Summit"
        event.save()

    assert served_from_cache("/en/museum/exhibits/")
    assert "Summit" in client.get("/en/events/").content.decode()


def test_saving_one_exhibit_leaves_the_other_exhibits_pages_cached(client, committed):
    saved = ExhibitFactory(object_name="Blue vase", object_name_en="Blue vase")
    other = ExhibitFactory()
    for exhibit in (saved, other):
        client.get(exhibit.get_absolute_url())

    with committed():
        saved.object_name = saved.object_name_en = "Green vase"
        saved.save()
    page_cache._version_memo["until"] = 0.0

    assert served_from_cache(other.get_absolute_url())
    assert "Green vase" in client.get(saved.get_absolute_url()).content.decode()


def test_a_new_image_of_an_exhibit_shows_on_its_page(client, committed):
    from museum.tests.factories import ExhibitImageFactory

    exhibit = ExhibitFactory()
    client.get(exhibit.get_absolute_url())

    with committed():
        ExhibitImageFactory(exhibit=exhibit, caption="Seen from above")

    assert "Seen from above" in client.get(exhibit.get_absolute_url()).content.decode()


def test_a_renamed_exhibit_is_gone_from_its_old_address(client, committed):
    exhibit = ExhibitFactory(accession_number="HISCM.2009.5")
    assert client.get("/en/museum/exhibits/HISCM.2009.5/").status_code == 200

    with committed():
        exhibit.accession_number = "HISCM.2009.6"
        exhibit.save()

    assert client.get("/en/museum/exhibits/HISCM.2009.5/").status_code in (404, 410)


def test_a_room_rename_shows_on_every_exhibit_page_in_it(client, committed):
    exhibit = ExhibitFactory()
    client.get(exhibit.get_absolute_url())

    with committed():
        exhibit.room.name = exhibit.room.name_en = "Hall of Friendship"
        exhibit.room.save()

    assert "Hall of Friendship" in client.get(exhibit.get_absolute_url()).content.decode()


# -- Production needs a cache every worker shares --------------------------------------------------


def test_several_workers_with_a_memory_cache_is_a_check_error(settings, monkeypatch):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    monkeypatch.setenv("WEB_CONCURRENCY", "3")

    errors = page_cache.check_shared_cache(None)

    assert [error.id for error in errors] == ["core.E001"]


@pytest.mark.parametrize(
    ("backend", "workers", "seconds"),
    [
        ("core.redis_cache.RedisCache", "3", 300),
        ("django.core.cache.backends.locmem.LocMemCache", "1", 300),
        ("django.core.cache.backends.locmem.LocMemCache", "3", 0),
    ],
)
def test_a_shared_cache_one_worker_or_no_page_cache_passes_the_check(settings, monkeypatch, backend, workers, seconds):
    settings.DEBUG = False
    settings.PUBLIC_PAGE_CACHE_SECONDS = seconds
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "redis://127.0.0.1:6379/15"}}
    monkeypatch.setenv("WEB_CONCURRENCY", workers)

    assert page_cache.check_shared_cache(None) == []


def test_production_cache_gives_up_on_redis_within_100_ms(monkeypatch):
    import importlib

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    base = importlib.reload(importlib.import_module("harbin_portal.settings.base"))
    try:
        options = base.CACHES["default"]["OPTIONS"]
        assert options["socket_connect_timeout"] <= 0.1
        assert options["socket_timeout"] <= 0.1
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(base)


def test_the_wsgi_application_refuses_to_start_without_a_shared_cache():
    from django.conf import settings as django_settings

    from harbin_portal.tests.test_production import production_env

    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", "import harbin_portal.wsgi"],
        cwd=django_settings.BASE_DIR,
        env=production_env(WEB_CONCURRENCY="3"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "core.E001" in result.stderr
