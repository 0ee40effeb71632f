import os

from django.core.management import call_command
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbin_portal.settings.production")

application = get_wsgi_application()

# Refuse to serve with a setting that `manage.py check` calls an error (e.g. several workers without a
# shared cache, core.cache): the server does not start, rather than serve stale pages.
call_command("check", fail_level="ERROR", verbosity=0)
