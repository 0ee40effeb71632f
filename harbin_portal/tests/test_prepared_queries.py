import pytest
from django.db import connection

from cities.models import City

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL prepares statements; SQLite has no planner cost"
)
def test_a_query_run_again_on_a_connection_is_planned_once():
    """The query of a page, run again on the same connection with other values, uses a prepared statement."""
    for slug in ("harbin", "khabarovsk", "niigata"):
        list(City.objects.filter(slug=slug))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s AND statement LIKE %s",
            ['%FROM "cities_city"%', '%"cities_city"."slug" = $1%'],
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.parametrize(("value", "expected"), [(None, 2), ("5", 5), ("0", None)])
def test_the_prepare_threshold_is_set_for_postgresql_only_and_can_be_turned_off(monkeypatch, value, expected):
    import importlib

    monkeypatch.setenv("DATABASE_URL", "postgres://portal@127.0.0.1:5432/harbin")
    if value is None:
        monkeypatch.delenv("DATABASE_PREPARE_THRESHOLD", raising=False)
    else:
        monkeypatch.setenv("DATABASE_PREPARE_THRESHOLD", value)
    base = importlib.import_module("harbin_portal.settings.base")
    try:
        options = importlib.reload(base).DATABASES["default"]["OPTIONS"]
        assert options["server_side_binding"] is True
        assert options["prepare_threshold"] == expected
        monkeypatch.setenv("DATABASE_URL", "sqlite:///portal.sqlite3")
        assert "server_side_binding" not in importlib.reload(base).DATABASES["default"].get("OPTIONS", {})
    finally:
        monkeypatch.undo()
        importlib.reload(base)
