import os

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

from core.warmup import before_serving

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbin_portal.settings.production")

application = get_wsgi_application()

# Refuse to serve with a setting that `manage.py check` calls an error (e.g. several workers without a
# shared cache, core.cache): the server does not start, rather than serve stale pages.
errors = [message for message in checks.run_checks() if message.is_serious()]
if errors:
    raise ImproperlyConfigured("\n".join(str(message) for message in errors))

# Loaded once here, in gunicorn's master, and shared by the workers it forks (core/warmup.py).
before_serving()
