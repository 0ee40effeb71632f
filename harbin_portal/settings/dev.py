import os

from .base import *  # noqa: F403
from .base import TASK_BACKENDS

DEBUG = True

# Serve static files straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Mail to delegates is printed, not sent.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# `make run` is one command: imports run inside the request unless TASK_QUEUE=database (then start
# `manage.py db_worker` beside the server to see the queue and the progress page at work).
TASK_QUEUE = os.environ.get("TASK_QUEUE", "immediate")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASK_QUEUE]}}
