from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class HarbinPortalConfig(AppConfig):
    name = "harbin_portal"
    verbose_name = _("Portal")

    def ready(self):
        from .cache import connect_invalidation

        connect_invalidation()


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the staff dashboard site (harbin_portal/admin.py) as `admin.site`."""

    default = False
    default_site = "harbin_portal.admin.PortalAdminSite"
