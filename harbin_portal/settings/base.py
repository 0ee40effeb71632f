"""Settings shared by every environment. Everything configurable comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from core.dates import HARBIN_TIME_ZONE

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def envbool(name, default="False"):
    return os.environ.get(name, default).lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(os.environ.get(name, default))


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    # django.contrib.admin with the staff dashboard as its site (harbin_portal/admin.py).
    "harbin_portal.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "harbin_portal.staticfiles.PortalStaticFilesConfig",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "django_countries",
    "simple_history",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "core",
    "harbin_portal",
    "cities",
    "events",
    "museum",
    "delegations",
    "opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    # Before anything reads the path: PostgreSQL cannot hold a NUL in text.
    "core.middleware.NulInAddressMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Read-only CORS for the open API and IIIF (CORS_URLS_REGEX); before anything that may answer.
    "corsheaders.middleware.CorsMiddleware",
    # Before sessions: a cached anonymous page is answered without touching session or database.
    "core.cache.AnonymousPageCacheMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes goes last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "harbin_portal.urls"
WSGI_APPLICATION = "harbin_portal.wsgi.application"

CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.template.context_processors.i18n",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "core.context_processors.portal",
    "harbin_portal.context_processors.site",
]
TEMPLATES = [
    # The public pages: Jinja2 templates in each app's jinja2/ folder (core/jinja.py says why and how).
    {
        "BACKEND": "core.jinja.Jinja2",
        "NAME": "jinja2",
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "core.jinja.environment",
            # The backend itself gives `request` (and the CSRF token).
            "context_processors": CONTEXT_PROCESSORS[1:],
        },
    },
    # The admin, the staff's reports, e-mails, PDFs and forms' widgets: Django's templates.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": CONTEXT_PROCESSORS},
    },
]
# Django's form renderer with inputs, text areas and selects built in Python (same markup): an admin page with
# long inlines renders hundreds of widgets (core/renderers.py).
FORM_RENDERER = "core.renderers.PortalFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Queries are sent with their parameters apart, and one run a few times on a connection is prepared: PostgreSQL
    # then plans it once instead of on every request. Planning a page's query with its joins (an exhibit with its
    # type, city, room, event, donor and loan) took 8.6 ms of PostgreSQL, against 0.7 ms to run it.
    # DATABASE_PREPARE_THRESHOLD=0 behind a pooler that does not keep prepared statements (docs/operations.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=envint("DATABASE_PREPARE_THRESHOLD", 2) or None
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "harbin",
            # A down or hung Redis costs a visitor at most 100 ms, once: core.cache then leaves it alone for a while.
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sessions last a working day.
SESSION_COOKIE_AGE = 9 * 60 * 60
LOGIN_URL = "admin:login"

# Five failed sign-ins lock the account from that address for a quarter of an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address is the client's, read through the trusted proxies (core.http.client_ip), never the proxy's own.
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
# Reverse proxies in front of Django (nginx or Caddy: 1; plus a load balancer: 2). 0: REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["harbin_portal.formats"]
TIME_ZONE = HARBIN_TIME_ZONE
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "zh-hans", "ru")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Files that are not for everyone (agreements, image originals, imports waiting for confirmation):
    # under PRIVATE_MEDIA_ROOT, no URL; views that check permission hand them out.
    "private": {"BACKEND": "core.storages.PrivateMediaStorage"},
}
# The file an import preview keeps for its confirm step: in storage every app server shares, not one worker's /tmp.
STORAGES["import_export"] = STORAGES["private"]
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
# An uploaded import waits this long for its confirmation; then core.imports.clean_stale_imports deletes it.
IMPORT_FILE_HOURS = envint("IMPORT_FILE_HOURS", 24)

# Work outside the request (spreadsheet imports): TASK_QUEUE=database queues it in the portal's own database,
# where `manage.py db_worker` runs it; "immediate" runs it at once inside the request (development).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASK_QUEUE = os.environ.get("TASK_QUEUE", "database")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASK_QUEUE]}}
# Who sends a private file after core.files has checked permission: "django" (streams it), "x-accel-redirect"
# (nginx or Caddy send PRIVATE_MEDIA_INTERNAL_URL + name), "x-sendfile" (Apache mod_xsendfile).
PRIVATE_MEDIA_SERVE = os.environ.get("PRIVATE_MEDIA_SERVE", "django")
PRIVATE_MEDIA_INTERNAL_URL = os.environ.get("PRIVATE_MEDIA_INTERNAL_URL", "/_private/")

# Uploads: refuse anything over 20 MB before Pillow sees it.
# Staff-only files (loan agreements, condition photos): never under MEDIA_ROOT, served only by views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Museum scans run to 200 megapixels; a baseline JPEG of that size peaks at about 180 MB in a worker
# (75 Mpx: about 170 MB): derivatives are made line by line, shrinking while decoding.
MAX_IMAGE_PIXELS = 200_000_000
# Most images decode line by line (memory follows the width); interlaced PNGs and progressive JPEGs are
# decoded whole, so they are refused when that alone would take more than this. Peak stays under 300 MB.
MAX_IMAGE_DECODE_BYTES = 150 * 1024 * 1024
# Agreement PDFs (scans of signed agreements can be large).
MAX_DOCUMENT_BYTES = envint("MAX_DOCUMENT_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Content Security Policy: nothing from other hosts, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # 'self', and the one <style> OpenSeadragon (the deep-zoom viewer) injects, by its hash: no unsafe-inline.
        "style-src": ["'self'", "'sha256-9xTiqzfwFaL2SGb1rmr8gysEwVVjIvqWAgmZgqFqpEE='"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses, refused for the page and anything embedded in it.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
    )
}

COUNTRIES_FIRST = ["CN"]

# The open API (opendata): read-only, anonymous, throttled from the cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "opendata.api.pagination.ApiPagination",
    "DEFAULT_THROTTLE_CLASSES": ["opendata.api.throttling.AnonymousThrottle"],
    "UNAUTHENTICATED_USER": None,
}
API_ANONYMOUS_RATE = os.environ.get("API_ANONYMOUS_RATE", "600/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Harbin Sister Cities Portal API",
    "DESCRIPTION": "Published partner cities, partnerships, events and museum exhibits. Read-only, open data.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
CORS_URLS_REGEX = r"^/(api|iiif)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
# The licence of the open datasets, IIIF manifests and OAI-PMH records.
OPEN_DATA_LICENCE = os.environ.get("OPEN_DATA_LICENCE", "https://creativecommons.org/licenses/by/4.0/")
# OAI-PMH (/oai/): identifiers are oai:<OAI_REPOSITORY_IDENTIFIER>:<accession number>; never change it once harvested.
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "hiscm.harbin")
OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", "museum@hiscm.harbin.cn")
OAI_PAGE_SIZE = envint("OAI_PAGE_SIZE", 100)

# Anonymous public pages are cached this long; staff saves clear the cache at once.
PUBLIC_PAGE_CACHE_SECONDS = envint("PUBLIC_PAGE_CACHE_SECONDS", 300)

# Passport details of delegates are encrypted at rest (django-fernet-encrypted-fields) with keys derived
# from SECRET_KEY and these salts; the first encrypts, all decrypt (rotation). Required in production.
SALT_KEY = envlist("FIELD_ENCRYPTION_SALT", "dev-only-field-encryption-salt")
# Passport details are purged this many days after an event's last day (manage.py purge_passport_data).
PASSPORT_RETENTION_DAYS = envint("PASSPORT_RETENTION_DAYS", 30)
# Delegation registration forms: at most this many submissions per client address per hour.
REGISTRATION_RATE_LIMIT = envint("REGISTRATION_RATE_LIMIT", 20)

# The portal's public address, for links in mail (a mail has no request to take it from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Mail to delegates (registration received, approved, changes asked, declined). SMTP in production.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Harbin Foreign Affairs Office <noreply@localhost>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # gunicorn takes the level in any case ("warning"); the logging module only in capitals.
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
AXES_VERBOSE = False
