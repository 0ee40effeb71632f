"""Production settings: `check --deploy` is clean and every response carries the security headers."""

import importlib
import json
import os
import re
import secrets
import socket
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

HOST = "portal.example.org"
HTTPS = {"HTTP_HOST": HOST, "HTTP_X_FORWARDED_PROTO": "https"}
# What stays from the test settings: the test database, cache and media, and static files without collectstatic.
KEEP_FROM_TEST_SETTINGS = {
    "DATABASES",
    "CACHES",
    "STORAGES",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "LOGGING",
    "PASSWORD_HASHERS",
    "PUBLIC_PAGE_CACHE_SECONDS",
}


def production_env(**extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "harbin_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": HOST,
        "FIELD_ENCRYPTION_SALT": secrets.token_urlsafe(24),
    }
    env.pop("REDIS_URL", None)
    # Set by the browser tests for their own process; a real deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(extra)
    return env


def run_in_production(code, **extra):
    """Run Python code in a fresh process under the production settings; return its stdout."""
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=production_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def load_production_module(monkeypatch, **env):
    monkeypatch.setenv("SECRET_KEY", env.get("SECRET_KEY", secrets.token_urlsafe(60)))
    monkeypatch.setenv("ALLOWED_HOSTS", env.get("ALLOWED_HOSTS", HOST))
    monkeypatch.setenv("FIELD_ENCRYPTION_SALT", env.get("FIELD_ENCRYPTION_SALT", secrets.token_urlsafe(24)))
    module = importlib.import_module("harbin_portal.settings.production")
    return importlib.reload(module)


@pytest.fixture
def production(settings, monkeypatch):
    """The production settings in this process, minus what needs a real server (database, collectstatic)."""
    module = load_production_module(monkeypatch)
    for name in dir(module):
        if name.isupper() and name not in KEEP_FROM_TEST_SETTINGS:
            setattr(settings, name, getattr(module, name))
    return settings


def test_check_deploy_reports_no_issues():
    result = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        # Several workers need a shared cache (core.E001); the check does not connect to it.
        env=production_env(REDIS_URL="redis://127.0.0.1:6379/15"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("missing", "value"),
    [("SECRET_KEY", ""), ("SECRET_KEY", "short"), ("ALLOWED_HOSTS", ""), ("FIELD_ENCRYPTION_SALT", "")],
)
def test_production_refuses_to_start_without_secret_key_hosts_and_encryption_salt(monkeypatch, missing, value):
    with pytest.raises(ImproperlyConfigured, match=missing):
        load_production_module(monkeypatch, **{missing: value})


def test_database_connections_are_health_checked(monkeypatch):
    module = load_production_module(monkeypatch)
    assert module.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert module.DEBUG is False


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/zh-hans/events/", "/ru/museum/", "/admin/login/", "/en/no-such-page/"])
def test_security_headers_on_every_kind_of_page(client, production, path):
    response = client.get(path, **HTTPS)

    assert response.status_code in (200, 404)
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert script_src == "'self'"
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https(client, production):
    response = client.get("/en/", HTTP_HOST=HOST)
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/en/"


@pytest.mark.django_db
def test_health_check_answers_over_plain_http_for_load_balancers(client, production):
    assert client.get("/healthz", HTTP_HOST=HOST).status_code == 200


def test_an_unknown_host_is_refused(production):
    client = Client(raise_request_exception=False)
    assert client.get("/en/", HTTP_HOST="evil.example", HTTP_X_FORWARDED_PROTO="https").status_code == 400


@pytest.mark.django_db
def test_cookies_are_secure_and_session_cookie_is_http_only(production, client, superuser):
    response = client.get("/admin/login/", **HTTPS)
    assert response.cookies["csrftoken"]["secure"] is True

    response = client.post("/admin/login/", {"username": "root", "password": "pw-root-123"}, **HTTPS)

    assert response.status_code == 302
    session_cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/cities/city/",
        "/admin/cities/city/add/",
        "/admin/events/event/",
        "/admin/events/event/add/",
        "/admin/museum/exhibit/",
        "/admin/museum/exhibit/add/",
        "/admin/auth/user/",
    ],
)
def test_admin_pages_need_no_inline_script_under_the_csp(production, client, superuser, path):
    client.force_login(superuser)  # after the production settings, whose SECRET_KEY signs the session
    response = client.get(path, **HTTPS)

    assert response.status_code == 200
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html)
    assert "javascript:" not in html
    # Every script the admin loads comes from this site.
    for src in re.findall(r'<script[^>]*\bsrc="([^"]+)"', html):
        assert src.startswith("/"), src


@pytest.mark.django_db
def test_public_pages_need_no_inline_script_under_the_csp(client, production):
    html = client.get("/en/", **HTTPS).content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html)


def test_static_files_are_hashed_compressed_and_cached_for_ever(tmp_path):
    output = run_in_production(
        """
import json
import django
django.setup()
from django.core.management import call_command
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client
call_command("collectstatic", interactive=False, verbosity=0)
url = staticfiles_storage.url("css/portal.css")
response = Client().get(url, HTTP_HOST=PORTAL_HOST, HTTP_X_FORWARDED_PROTO="https", HTTP_ACCEPT_ENCODING="gzip")
print(json.dumps({"url": url, "status": response.status_code, "cache": response["Cache-Control"],
                  "encoding": response.get("Content-Encoding", "")}))
""".replace("PORTAL_HOST", repr(HOST)),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    served = json.loads(output.strip().splitlines()[-1])

    assert re.fullmatch(r"/static/css/portal\.[0-9a-f]{12}\.css", served["url"])
    assert served["status"] == 200
    assert "max-age=315360000" in served["cache"]
    assert "immutable" in served["cache"]
    assert served["encoding"] == "gzip"
    assert (tmp_path / "static" / "staticfiles.json").exists()


def test_logs_go_to_stdout():
    output = run_in_production(
        "import django, logging; django.setup(); logging.getLogger('harbin_portal').warning('hello from the log')"
    )
    assert "WARNING harbin_portal hello from the log" in output


def _redis_is_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis at 127.0.0.1:6379")
def test_redis_is_the_cache_when_redis_url_is_set():
    key = f"test-{secrets.token_hex(8)}"
    output = run_in_production(
        f"""
import django
django.setup()
from django.core.cache import cache
cache.set("{key}", 42, 30)
print(type(cache._cache).__name__, cache.get("{key}"))
cache.delete("{key}")
""",
        REDIS_URL="redis://127.0.0.1:6379/15",
    )
    assert output.split() == ["RedisCacheClient", "42"]


def test_the_log_level_is_read_in_any_case_as_gunicorn_reads_it(monkeypatch):
    """LOG_LEVEL=warning serves gunicorn's log; the portal's own log took only WARNING and would not start."""
    import importlib
    import logging.config

    monkeypatch.setenv("LOG_LEVEL", "warning")
    base = importlib.import_module("harbin_portal.settings.base")
    try:
        logging_settings = importlib.reload(base).LOGGING
        assert logging_settings["root"]["level"] == "WARNING"
        logging.config.dictConfig(logging_settings)
        assert logging.getLogger().level == logging.WARNING
    finally:
        monkeypatch.undo()
        logging.config.dictConfig(importlib.reload(base).LOGGING)
