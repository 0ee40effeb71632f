"""URLs for `make bench` only: the portal plus a bare "hello" view to compare against."""

from django.http import HttpResponse
from django.urls import path

from .urls import urlpatterns as portal_urlpatterns


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("bench/hello", hello), *portal_urlpatterns]
