"""What a web worker would otherwise load on its first request in each language, loaded once before serving.

gunicorn loads the application in its master and forks the workers from it (`preload_app`), so what is loaded
here is loaded once and shared by every worker instead of costing each worker's first visitors: each
language's message catalogue and URL patterns, and the pinyin dictionaries that order names in Chinese
(0.75 s on a worker's first Chinese list of cities).

Then what was loaded is set aside from the garbage collector (`gc.freeze`): it lives as long as the process, and a
full collection in a worker no longer walks it. With some 365,000 objects loaded, each full collection held a
request for 80–150 ms; in gunicorn's master this also keeps the workers' copies of those pages of memory shared,
as no collection writes to them.
"""

import gc

from django.conf import settings
from django.urls import get_resolver
from django.utils import translation

from .collation import sort_key


def before_serving():
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")
            get_resolver().reverse_dict  # noqa: B018 - builds this language's reverse table
            sort_key("哈尔滨")
    gc.collect()
    gc.freeze()
