"""The baseline of `make bench`: a bare Django "hello" app, in its own process, with minimal settings.

No database, no middleware, no templates: one URL answering "hello". scripts/bench.py serves it with the
portal's gunicorn.conf.py and the same worker count, so "× hello" compares a page with the framework's limit
on this machine rather than with a view inside the portal's own middleware.
"""

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("bench/hello", hello), path("healthz", hello)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-hello-only",  # noqa: S106 - serves one constant page on 127.0.0.1
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
    DATABASES={},
    USE_I18N=False,
)
django.setup()
application = get_wsgi_application()
