"""Faults: error pages in the portal's style and language, and a database that goes away and comes back."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from django.urls import get_resolver
from django.utils import translation

from core.middleware import server_error
from events.models import Event
from events.tests.factories import EventFactory

# The portal's header, which every error page shows.
HEADER = '<header class="site-header">'
STYLESHEET = 'href="/static/css/portal.css"'


def assert_portal_error_page(response, status):
    html = response.content.decode()
    assert response.status_code == status
    assert HEADER in html
    assert STYLESHEET in html
    assert f'<p class="error-code">{status}</p>' in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_404_is_in_the_portals_style(client):
    response = client.get("/en/no-such-page/")
    assert_portal_error_page(response, 404)
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_404_speaks_the_language_of_the_address(client):
    response = client.get("/ru/no-such-page/")
    html = response.content.decode()
    assert_portal_error_page(response, 404)
    assert '<html lang="ru">' in html
    assert response["Content-Language"] == "ru"
    assert "Страница не найдена" in html


@pytest.mark.django_db
def test_404_for_an_unknown_event_slug(client):
    assert_portal_error_page(client.get("/zh-hans/events/no-such-event/"), 404)


@pytest.mark.django_db
def test_403_is_in_the_portals_style(staff_client):
    # Staff without the right to see cities are refused the Wikidata report with PermissionDenied
    # (the admin's own pages answer with the admin's 403: harbin_portal/tests/test_staff_tools.py).
    response = staff_client.get("/en/data/wikidata/")
    assert_portal_error_page(response, 403)
    assert "Access denied" in response.content.decode()


def test_400_is_in_the_portals_style_even_for_a_forged_host(settings):
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    response = Client(raise_request_exception=False).get("/ru/", HTTP_HOST="evil.example")
    assert_portal_error_page(response, 400)
    assert '<html lang="ru">' in response.content.decode()


def test_500_needs_no_request_and_keeps_the_style(rf):
    with translation.override("ru"):
        response = server_error(rf.get("/ru/"))
    html = response.content.decode()
    assert_portal_error_page(response, 500)
    assert '<html lang="ru">' in html
    assert 'href="/ru/"' in html


def test_the_portal_handles_server_errors_itself():
    assert get_resolver().resolve_error_handler(500) is server_error


# --- The database goes away: SQLite ------------------------------------------------------------


@pytest.fixture
def sqlite_lock():
    """A second, real SQLite connection that can hold a write lock on a table the pages read."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        pytest.skip("SQLite variant: runs on the in-memory SQLite test database")
    other = sqlite3.connect(connection.settings_dict["NAME"], uri=True, isolation_level=None)

    def lock(table):
        other.execute("BEGIN IMMEDIATE")
        other.execute(f"DELETE FROM {table} WHERE 0")  # noqa: S608 (table names are ours)

    def release():
        if other.in_transaction:
            other.execute("ROLLBACK")

    lock.release = release
    yield lock
    release()
    other.close()


@pytest.mark.django_db(transaction=True)
def test_locked_sqlite_gives_the_503_page_and_recovers(client, sqlite_lock):
    EventFactory(title="Ice and Snow Forum")
    assert client.get("/en/events/").status_code == 200

    sqlite_lock("events_event")
    # A list not seen before (what a repeat visit reads is kept, so it would not need the table).
    during = client.get("/en/events/", {"q": "snow"})
    sqlite_lock.release()
    after = client.get("/en/events/")

    assert_portal_error_page(during, 503)
    assert during["Retry-After"] == "30"
    assert "no-store" in during["Cache-Control"]
    assert "locked" not in during.content.decode()
    assert after.status_code == 200
    assert "Ice and Snow Forum" in after.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_database_error_outside_a_view_is_a_503_too(rf, sqlite_lock):
    EventFactory()
    sqlite_lock("events_event")
    try:
        Event.objects.count()
    except OperationalError:
        response = server_error(rf.get("/en/"))
    else:
        pytest.fail("the locked table was readable")
    assert_portal_error_page(response, 503)


@pytest.mark.django_db(transaction=True)
def test_staff_get_the_503_page_when_the_session_table_is_locked(client, sqlite_lock):
    user = User.objects.create_user("carol", password="pw-carol-123", is_staff=True)
    client.force_login(user)
    sqlite_lock("django_session")
    response = client.get("/en/")
    sqlite_lock.release()
    assert_portal_error_page(response, 503)
    assert client.get("/en/").status_code == 200


# --- The database goes away: PostgreSQL, under gunicorn ----------------------------------------


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (127.0.0.1 only)
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def gunicorn_on_test_database(tmp_path):
    """gunicorn with gunicorn.conf.py and one worker, on the PostgreSQL test database; stopped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL variant: set DATABASE_URL=postgres://... to run it")
    db = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "harbin_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CONN_MAX_AGE": "600",
        "WEB_CONCURRENCY": "1",
        "PORT": str(port),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own process
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "gunicorn", "harbin_portal.wsgi", "-c", "gunicorn.conf.py"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("gunicorn did not start: " + (tmp_path / "gunicorn.log").read_text())
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture
def postgres_admin():
    """A separate psycopg connection to the maintenance database, to shut the test database's doors."""
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname="postgres", autocommit=True
    ) as admin:
        yield admin


@pytest.mark.django_db(transaction=True)
def test_postgres_outage_gives_the_503_page_and_recovers_without_restart(gunicorn_on_test_database, postgres_admin):
    base = gunicorn_on_test_database
    name = connection.settings_dict["NAME"]
    EventFactory(title="Harbin Ice and Snow Forum")
    status, _headers, html = _get(f"{base}/en/events/")
    assert status == 200
    assert "Harbin Ice and Snow Forum" in html

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]
    try:
        # The outage: no new connections, and the worker's open connection is cut.
        postgres_admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        postgres_admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
            [name, own_pid],
        )
        # Lists not seen before (what a repeat visit reads is kept, so it would not need the database).
        during = [_get(f"{base}/en/events/?q={word}") for word in ("snow", "ice")]
        health_during = _get(f"{base}/healthz")[0]
    finally:
        postgres_admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')

    after_status, _headers, after_html = _get(f"{base}/en/events/")

    for status, headers, html in during:
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert HEADER in html
        assert '<p class="error-code">503</p>' in html
        assert "Traceback" not in html
        assert "accepting connections" not in html
    assert health_during == 503
    assert after_status == 200
    assert "Harbin Ice and Snow Forum" in after_html
