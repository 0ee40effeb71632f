import gc
import sys

from django.conf import settings
from django.urls import get_resolver

from core.warmup import before_serving


def test_what_a_worker_needs_in_each_language_is_loaded_before_serving():
    before_serving()
    # The pinyin dictionaries (Chinese lists of names) and every language's table of URLs are ready.
    assert "pypinyin" in sys.modules
    assert {code for code, _ in settings.LANGUAGES} <= set(get_resolver()._reverse_dict)


def test_what_was_loaded_before_serving_is_left_out_of_the_workers_garbage_collections():
    gc.unfreeze()
    try:
        before_serving()
        # The modules, URL tables and catalogues loaded: never garbage, walked by no full collection in a worker.
        assert gc.get_freeze_count() > 10_000
        resolver = get_resolver()
        assert not any(o is resolver for o in gc.get_objects())
    finally:
        gc.unfreeze()
