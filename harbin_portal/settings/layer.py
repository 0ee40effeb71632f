"""One app's own tests with only the apps below it installed: `PORTAL_LAYER=cities pytest cities`.

The check that the house holds at run time too, not only in imports (docs/architecture.md): a lower
app's pages, templates and admin must work without the apps and the site above it.
"""

import os

from .test import *  # noqa: F403
from .test import INSTALLED_APPS, TEMPLATES

ABOVE = {
    "cities": {"events", "museum", "delegations", "opendata"},
    "events": {"museum", "delegations", "opendata"},
    "museum": {"delegations", "opendata"},
}
PORTAL_LAYER = os.environ.get("PORTAL_LAYER", "cities")

# Without the site: Django's own admin site instead of the dashboard, no site navigation in the frame.
INSTALLED_APPS = [
    "django.contrib.admin" if app == "harbin_portal.admin_apps.PortalAdminConfig" else app
    for app in INSTALLED_APPS
    if app not in ABOVE[PORTAL_LAYER] and app != "harbin_portal"
]
TEMPLATES = [
    {
        **engine,
        "DIRS": [],
        "OPTIONS": {
            **engine["OPTIONS"],
            "context_processors": [
                name for name in engine["OPTIONS"]["context_processors"] if not name.startswith("harbin_portal.")
            ],
        },
    }
    for engine in TEMPLATES
]
ROOT_URLCONF = "harbin_portal.layer_urls"
# The page cache and its invalidation are the site's (harbin_portal/apps.py); without the site, no cache.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
