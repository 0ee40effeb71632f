from .base import *  # noqa: F403

DEBUG = True

# Serve static files straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Mail to delegates is printed, not sent.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
