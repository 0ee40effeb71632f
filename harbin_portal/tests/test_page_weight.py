"""A page's own CSS and JavaScript stay under 50 KB compressed, and nothing loads from other hosts."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

LIMIT_BYTES = 50 * 1024
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')
EXTERNAL = re.compile(r'(?:src|href)="(?:https?:)?//(?!testserver)')


@pytest.fixture
def seeded(db):
    call_command("loaddata", "fixtures/cities.json", "fixtures/events.json", "fixtures/museum.json", verbosity=0)


def _own_assets_weight(html):
    total = 0
    for url in ASSET.findall(html):
        path = finders.find(url.removeprefix("/static/"))
        assert path, f"{url} is not one of the portal's static files"
        with open(path, "rb") as fh:
            total += len(gzip.compress(fh.read(), compresslevel=9))
    return total


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/harbin/",
        "/en/cities/",
        "/en/cities/edmonton/",
        "/en/events/",
        "/en/events/global-mayors-dialogue-harbin-2026/",
        "/en/museum/",
        "/en/museum/exhibits/",
        "/en/search/?q=harbin",
    ],
)
def test_page_css_and_js_stay_under_50_kb_compressed_and_local(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert _own_assets_weight(html) < LIMIT_BYTES
    assert not EXTERNAL.search(html), "a page loads something from another host"
