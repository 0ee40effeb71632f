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
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%LIKE UPPER($%"],
        )
        plans = cursor.fetchall()
        cursor.execute("SHOW plan_cache_mode")
        mode = cursor.fetchone()[0]
    assert plans, "the searches' queries were prepared"
    assert all(generic == 0 and custom >= 1 for generic, custom in plans), plans
    assert mode == "auto", "the next request plans as usual"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans of prepared statements")
def test_the_admins_search_box_is_planned_for_the_words_typed(admin_client):
    for word in ["harbin", "niigata", "zz-nothing", "gift", "room", "mayors", "city", "sister"]:
        assert admin_client.get("/admin/cities/city/", {"q": word}).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans FROM pg_prepared_statements WHERE statement LIKE %s AND statement LIKE %s",
            ["%cities_city%", "%LIKE UPPER($%"],
        )
        generic = [row[0] for row in cursor.fetchall()]
    assert generic and set(generic) == {0}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans of prepared statements")
def test_planning_for_each_value_ends_with_the_block_even_when_it_fails():
    from core.planning import planned_for_each_value

    def mode():
        with connection.cursor() as cursor:
            cursor.execute("SHOW plan_cache_mode")
            return cursor.fetchone()[0]

    with pytest.raises(ValueError), planned_for_each_value():
        assert mode() == "force_custom_plan"
        raise ValueError
    assert mode() == "auto"


def test_with_nothing_prepared_a_search_sets_nothing_on_the_connection(monkeypatch):
    """Behind a pooler in transaction mode (DATABASE_PREPARE_THRESHOLD=0) a session setting could reach another
    client, and without prepared statements every search is planned for its words anyway."""
    from core import planning

    monkeypatch.setitem(connection.settings_dict, "OPTIONS", {**connection.settings_dict.get("OPTIONS", {})})
    connection.settings_dict["OPTIONS"]["prepare_threshold"] = None
    sent = []
    monkeypatch.setattr(planning, "_set", lambda conn, statement: sent.append(statement))
    with planning.planned_for_each_value():
        pass
    assert sent == []
