"""Text a visitor typed is planned for those words, every time.

On PostgreSQL the portal prepares a query that a connection runs twice (`prepare_threshold` in the settings), so
that a page's query with its joins is planned once per connection instead of on every request. After five runs
PostgreSQL may then keep a generic plan, made for no value in particular. For a record looked up by its key that
is the point. For text matched anywhere in a title it is not: the generic plan of a search walks the exhibits in
their order and tests every row, which for a rare word is every exhibit (250–340 ms at 100,000 exhibits, on each
search once a connection had run eight), where a plan made for the word reads the trigram indexes (20 ms).

`planned_for_each_value` leaves unprepared the statements run while a search is answered: PostgreSQL plans an
unprepared statement for the values it is sent with, every time. The driver is told so on the connection's own
attribute, so this costs no round trip (a `SET plan_cache_mode` before and a `RESET` after cost two of them on every
search) and nothing is left on the server's session for another request to inherit. Elsewhere, and on SQLite,
nothing changes.
"""

from contextlib import contextmanager
from functools import wraps

from django.db import DEFAULT_DB_ALIAS, connections

# The query parameter of every search box: the portal's search, the lists' filters and the admin's lists.
SEARCH_PARAMETER = "q"


def _prepares(connection):
    return connection.vendor == "postgresql" and bool(
        connection.settings_dict.get("OPTIONS", {}).get("prepare_threshold")
    )


@contextmanager
def planned_for_each_value(using=DEFAULT_DB_ALIAS):
    """Queries run inside are sent unprepared, so PostgreSQL plans each for the values it is given."""
    connection = connections[using]
    if not _prepares(connection):
        yield
        return
    connection.close_if_health_check_failed()  # as a cursor would: the driver's connection is the one used after
    connection.ensure_connection()
    driver = connection.connection
    threshold = driver.prepare_threshold
    driver.prepare_threshold = None  # psycopg: prepare nothing, and use no statement prepared before
    try:
        yield
    finally:
        driver.prepare_threshold = threshold


def plans_each_search(view):
    """A view whose `q` is text to find: while it answers one, PostgreSQL plans for the words given."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.GET.get(SEARCH_PARAMETER, "").strip():
            return view(request, *args, **kwargs)
        with planned_for_each_value():
            return view(request, *args, **kwargs)

    return wrapper
