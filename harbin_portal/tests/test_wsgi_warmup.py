import sys

from django.conf import settings


def test_the_wsgi_application_loads_what_workers_need_before_gunicorn_forks_them(monkeypatch):
    called = []
    monkeypatch.setattr("core.warmup.sort_key", lambda text: called.append(text))
    # (The system checks it runs first have their own tests; other tests may have changed what they check.)
    monkeypatch.setattr("django.core.checks.run_checks", lambda *args, **kwargs: [])
    sys.modules.pop("harbin_portal.wsgi", None)
    import harbin_portal.wsgi  # noqa: F401

    assert len(called) == len(settings.LANGUAGES)
