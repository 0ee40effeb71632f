"""Production settings plus the bare hello view, served over plain HTTP on 127.0.0.1 for `make bench`."""

from .production import *  # noqa: F403

ROOT_URLCONF = "harbin_portal.bench_urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
