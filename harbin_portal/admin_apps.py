from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin, with the portal's admin site (dashboard, anniversary calendar) as `admin.site`."""

    default_site = "harbin_portal.admin.PortalAdminSite"
