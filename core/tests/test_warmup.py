import sys

from django.conf import settings
from django.urls import get_resolver

from core.warmup import before_serving


def test_what_a_worker_needs_in_each_language_is_loaded_before_serving():
    before_serving()
    # The pinyin dictionaries (Chinese lists of names) and every language's table of URLs are ready.
    assert "pypinyin" in sys.modules
    assert {code for code, _ in settings.LANGUAGES} <= set(get_resolver()._reverse_dict)
