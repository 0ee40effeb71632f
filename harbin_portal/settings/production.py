"""Production: DEBUG off, HTTPS behind a TLS proxy, hashed static files, logs to stdout.

Everything comes from the environment; docs/operations.md lists every variable.
"""

import json
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, LOGGING, envbool, envint, envlist

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set in production (50 or more random characters).")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma-separated).")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
# Passport details are encrypted with keys derived from SECRET_KEY and this salt: losing either loses them.
SALT_KEY = envlist("FIELD_ENCRYPTION_SALT")
if not SALT_KEY or any(len(salt) < 16 for salt in SALT_KEY):
    raise ImproperlyConfigured("FIELD_ENCRYPTION_SALT must be set in production (16 or more random characters).")

# A TLS proxy (nginx, Caddy, a load balancer) sits in front and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# ... and appends the client's address to X-Forwarded-For (sign-in lockouts are per account and address).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 1)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "True")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "True")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The referrer policy, nosniff, X-Frame-Options DENY and the CSP come from base.py: every environment sends them.

# collectstatic writes here; whitenoise serves it.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")

# Media through STORAGES, so object storage can replace the local disk without a code change
# (e.g. MEDIA_STORAGE=storages.backends.s3.S3Storage MEDIA_STORAGE_OPTIONS='{"bucket_name": "harbin-media"}').
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(os.environ.get("MEDIA_STORAGE_OPTIONS") or "{}"),
    },
    # Agreements, image originals, imports waiting for confirmation: a private bucket (or PRIVATE_MEDIA_ROOT).
    "private": {
        "BACKEND": os.environ.get("PRIVATE_STORAGE", "core.storages.PrivateMediaStorage"),
        "OPTIONS": json.loads(os.environ.get("PRIVATE_STORAGE_OPTIONS") or "{}"),
    },
    # Hashed, compressed copies made by collectstatic; whitenoise serves them with a ten-year max-age.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

STORAGES["import_export"] = STORAGES["private"]

# Imports run on the queue in the database, never inside a request: `manage.py db_worker` runs them
# (docs/operations.md).
TASK_QUEUE = "database"
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Logs go to stdout, where systemd's journal or the container runtime collects them.
LOGGING = {
    **LOGGING,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stdout"},
    },
}
