"""The URLs of the apps a layer test installs (harbin_portal/settings/layer.py), and nothing of the site."""

from django.apps import apps
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

handler500 = "core.middleware.server_error"

urlpatterns = [path("admin/", admin.site.urls), path("", include("core.urls"))]
urlpatterns += i18n_patterns(
    *[
        path(prefix, include(f"{app}.urls"))
        for app, prefix in (("cities", ""), ("events", ""), ("museum", "museum/"))
        if apps.is_installed(app)
    ],
    prefix_default_language=True,
)
