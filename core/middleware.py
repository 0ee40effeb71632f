"""When the database goes away, visitors get a 503 page in the portal's style, never a traceback.

Connections are health-checked at the start of each request (CONN_HEALTH_CHECKS), so once the
database answers again the portal does too, without a restart.
"""

import logging
import sys

from django.core.exceptions import BadRequest
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger("harbin_portal.database")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(request):
    """The 503 page: the minimal error layout, rendered without request, session, user or database."""
    try:
        body = loader.get_template("503.html").render()
    except Exception:
        logger.exception("The 503 page could not be rendered")
        body = _("The portal is briefly unavailable. Please try again in a minute.")
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection raised by a view into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error("Database unavailable for %s %s: %s", request.method, request.path, exception)
            return database_unavailable(request)
        return None


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """handler500: a database outage met outside a view (sessions, middleware) is still a 503.

    Anything else is Django's own server_error: 500.html rendered with an empty context.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        return database_unavailable(request)
    try:
        body = loader.get_template(template_name).render()
    except Exception:
        body = "<h1>Server Error (500)</h1>"
    return HttpResponseServerError(body)


class PermissionsPolicyMiddleware:
    """Send settings.PERMISSIONS_POLICY on every answer: the portal never needs a camera, a microphone,
    the visitor's position or payments, so a script that slipped in cannot ask for them either."""

    def __init__(self, get_response):
        from django.conf import settings

        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class NulInAddressMiddleware:
    """A NUL character in the path is a bad request (400), answered before any view runs.

    PostgreSQL cannot hold a NUL in text, so a lookup by an address with one (an exhibit, a manifest, an API
    record) failed there (500), while SQLite found nothing; no address of the portal has a use for one. In the
    query string a NUL is a bad value like any other: the filters' forms ignore it with a note, search drops it,
    OAI-PMH answers badArgument."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise BadRequest("NUL character in the address")
        return self.get_response(request)
