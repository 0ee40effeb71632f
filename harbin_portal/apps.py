from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HarbinPortalConfig(AppConfig):
    name = "harbin_portal"
    verbose_name = _("Portal")

    def ready(self):
        from .cache import connect_invalidation

        connect_invalidation()
