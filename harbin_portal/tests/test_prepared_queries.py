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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans of prepared statements")
@pytest.mark.parametrize("path", ["/en/search/", "/en/museum/exhibits/", "/en/cities/", "/en/events/"])
def test_what_a_visitor_typed_is_planned_for_those_words_every_time(client, path):
    """A prepared statement's generic plan, made for no word in particular, walks every row for a rare word
    (100,000 exhibits: 250 ms a search, on every search once a connection had run eight); each search is
    planned for its own words, and the rest of the request keeps the prepared plans."""
    words = ["harbin", "niigata", "zz-nothing", "gift", "room", "mayors", "city", "sister", "a", "ü"]
    for word in words:
        assert client.get(path, {"q": word}).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT generic_plans FROM pg_prepared_statements WHERE statement LIKE %s", ["%LIKE UPPER($%"])
        searches = cursor.fetchall()
        cursor.execute("SHOW plan_cache_mode")
        mode = cursor.fetchone()[0]
    assert searches == [], "a search's statements are sent unprepared, so each is planned for its words"
    assert mode == "auto", "nothing is set on the server's session"
    assert connection.connection.prepare_threshold == connection.settings_dict["OPTIONS"]["prepare_threshold"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans of prepared statements")
def test_the_admins_search_box_is_planned_for_the_words_typed(admin_client):
    for word in ["harbin", "niigata", "zz-nothing", "gift", "room", "mayors", "city", "sister"]:
        assert admin_client.get("/admin/cities/city/", {"q": word}).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s AND statement LIKE %s",
            ["%cities_city%", "%LIKE UPPER($%"],
        )
        assert cursor.fetchone()[0] == 0
    assert admin_client.get("/admin/cities/city/").status_code == 200
    assert connection.connection.prepare_threshold == connection.settings_dict["OPTIONS"]["prepare_threshold"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans of prepared statements")
def test_planning_for_each_value_ends_with_the_block_even_when_it_fails():
    from core.planning import planned_for_each_value

    def run_thrice():
        for _ in range(3):
            list(City.objects.filter(slug__icontains="zz-planned"))

    with pytest.raises(ValueError), planned_for_each_value():
        run_thrice()
        raise ValueError
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%LIKE UPPER($%"])
        assert cursor.fetchone()[0] == 0, "inside the block nothing was prepared"
    run_thrice()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%LIKE UPPER($%"])
        assert cursor.fetchone()[0] == 1, "after it, a query run again is prepared as usual"


def test_with_nothing_prepared_a_search_leaves_the_connection_alone(monkeypatch):
    """Behind a pooler in transaction mode (DATABASE_PREPARE_THRESHOLD=0) nothing is prepared, so every search is
    planned for its words anyway: the block neither connects nor changes the driver's connection."""
    from core import planning

    monkeypatch.setitem(connection.settings_dict, "OPTIONS", {**connection.settings_dict.get("OPTIONS", {})})
    connection.settings_dict["OPTIONS"]["prepare_threshold"] = None
    monkeypatch.setattr(connection, "ensure_connection", lambda: pytest.fail("connected"))
    with planning.planned_for_each_value():
        pass
