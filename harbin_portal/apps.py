from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The apps whose records show on public pages: a change to any of them makes cached pages stale.
CONTENT_APPS = ("cities", "events", "museum")


class HarbinPortalConfig(AppConfig):
    name = "harbin_portal"
    verbose_name = _("Portal")

    def ready(self):
        from core.cache import connect_invalidation

        from .pages import PAGES

        connect_invalidation(CONTENT_APPS, PAGES)
