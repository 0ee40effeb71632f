"""Issue 11, headers: a Permissions-Policy on every page, and a health check that fails when pages would."""

import sqlite3

import pytest
from django.db import connection


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/admin/login/", "/en/no-such-page/", "/healthz"])
def test_every_answer_turns_off_browser_features_the_portal_never_uses(client, path):
    policy = client.get(path)["Permissions-Policy"]

    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def _refuse_writes():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = 1")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            cursor.execute("SET transaction_read_only = on")


def _allow_writes():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = 0")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_the_database_refuses_writes(client):
    # Staff saves and sign-ins write; a database that only reads cannot serve the portal.
    _refuse_writes()
    try:
        response = client.get("/healthz")
    finally:
        _allow_writes()

    assert response.status_code == 503
    assert response.json()["status"] == "database unavailable"


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_while_another_process_holds_the_sqlite_write_lock(client, settings):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite locking")
    connection.ensure_connection()
    name = connection.settings_dict["NAME"]
    other = sqlite3.connect(name, uri=True, timeout=0) if str(name).startswith("file:") else sqlite3.connect(name)
    other.isolation_level = None
    # Another process is writing: readers still read, but no other write can start.
    other.execute("BEGIN IMMEDIATE")
    other.execute("DELETE FROM django_session")
    try:
        response = client.get("/healthz")
    finally:
        other.execute("ROLLBACK")
        other.close()

    assert response.status_code == 503
