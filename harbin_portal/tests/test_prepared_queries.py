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
