import sys

from django.conf import settings
from django.urls import get_resolver

from core.warmup import before_serving


def test_what_a_worker_needs_in_each_language_is_loaded_before_serving():
    before_serving()
    # The pinyin dictionaries (Chinese lists of names) and every language's table of URLs are ready.
    assert "pypinyin" in sys.modules
    assert {code for code, _ in settings.LANGUAGES} <= set(get_resolver()._reverse_dict)


def test_the_wsgi_application_loads_them(monkeypatch):
    called = []
    monkeypatch.setattr("core.warmup.sort_key", lambda text: called.append(text))
    # (The system checks it runs first have their own tests; other tests may have changed what they check.)
    monkeypatch.setattr("django.core.checks.run_checks", lambda *args, **kwargs: [])
    sys.modules.pop("harbin_portal.wsgi", None)
    import harbin_portal.wsgi  # noqa: F401

    assert len(called) == len(settings.LANGUAGES)
