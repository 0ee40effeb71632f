"""Text a visitor typed is planned for those words, every time.

On PostgreSQL the portal prepares a query that a connection runs twice (`prepare_threshold` in the settings), so
that a page's query with its joins is planned once per connection instead of on every request. After five runs
PostgreSQL may then keep a generic plan, made for no value in particular. For a record looked up by its key that
is the point. For text matched anywhere in a title it is not: the generic plan of a search walks the exhibits in
their order and tests every row, which for a rare word is every exhibit (250–340 ms at 100,000 exhibits, on each
search once a connection had run eight), where a plan made for the word reads the trigram indexes (20 ms).

`planned_for_each_value` asks PostgreSQL for a plan per run while a search is answered; the statements stay
prepared, so parsing is still saved. Elsewhere, and on SQLite, nothing changes.
"""

from contextlib import contextmanager
from functools import wraps

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

# The query parameter of every search box: the portal's search, the lists' filters and the admin's lists.
SEARCH_PARAMETER = "q"


def _prepares(connection):
    return connection.vendor == "postgresql" and bool(
        connection.settings_dict.get("OPTIONS", {}).get("prepare_threshold")
    )


def _set(connection, statement):
    # On the driver's connection, not through a Django cursor: a setting is not one of the page's queries.
    with connection.wrap_database_errors:
        connection.connection.execute(statement)


@contextmanager
def planned_for_each_value(using=DEFAULT_DB_ALIAS):
    """Queries run inside are planned for the values they are given (PostgreSQL's plan_cache_mode)."""
    connection = connections[using]
    if not _prepares(connection):
        yield
        return
    connection.ensure_connection()
    _set(connection, "SET plan_cache_mode = force_custom_plan")
    try:
        yield
    finally:
        try:
            _set(connection, "RESET plan_cache_mode")
        except DatabaseError:
            # Only inside a transaction that failed: the connection is closed at the end of the request, so that
            # the next one does not plan every query.
            connection.close_at = 0


def plans_each_search(view):
    """A view whose `q` is text to find: while it answers one, PostgreSQL plans for the words given."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.GET.get(SEARCH_PARAMETER, "").strip():
            return view(request, *args, **kwargs)
        with planned_for_each_value():
            return view(request, *args, **kwargs)

    return wrapper
