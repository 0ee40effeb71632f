import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from cities.models import City
from core.publishing import Status
from events.models import Event, EventKind

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def published(db):
    city = City.objects.create(name="Edmonton", slug="edmonton", country="CA", status=Status.PUBLISHED)
    City.objects.create(name="Hidden", slug="hidden", country="CA")
    Event.objects.create(
        title="Dialogue",
        slug="dialogue",
        kind=EventKind.FORUM,
        starts_on=datetime.date(2026, 1, 6),
        host_city=city,
        status=Status.PUBLISHED,
    )
    return city


def _section_urls(client, section):
    response = client.get(f"/sitemap-{section}.xml")
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_sitemap_index_lists_every_section(client, published):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)]
    for section in ("pages", "cities", "events", "rooms", "exhibits"):
        assert any(f"sitemap-{section}.xml" in loc for loc in locations)


def test_sitemap_lists_published_pages_in_three_languages_with_alternates(client, published):
    root = _section_urls(client, "cities")
    locations = [url.find("sm:loc", NS).text for url in root.findall("sm:url", NS)]
    assert sorted(loc.split("testserver")[1] for loc in locations) == [
        "/en/cities/edmonton/",
        "/ru/cities/edmonton/",
        "/zh-hans/cities/edmonton/",
    ]
    first = root.find("sm:url", NS)
    hreflangs = sorted(link.get("hreflang") for link in first.findall("xhtml:link", NS))
    assert hreflangs == ["en", "ru", "x-default", "zh-hans"]


def test_sitemap_leaves_out_drafts(client, published):
    assert b"/cities/hidden/" not in client.get("/sitemap-cities.xml").content


def test_unknown_sitemap_section_is_404(client, db):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_every_page_has_canonical_hreflang_and_opengraph(client, published):
    html = client.get("/ru/harbin/" if City.objects.home().exists() else "/ru/search/").content.decode()
    assert '<link rel="canonical" href="http://testserver/ru/' in html
    for code in ("en", "zh-hans", "ru", "x-default"):
        assert f'hreflang="{code}"' in html
    assert 'property="og:image" content="http://testserver/static/img/og-default.png"' in html
    assert 'property="og:title"' in html


def _switcher(html):
    """The language switcher's links, as (language, URL)."""
    nav = html.split('class="lang-switch"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]*)" hreflang="([^"]+)"', nav)


def test_language_switcher_leads_to_the_same_page_with_its_query(client, published):
    html = client.get("/en/events/dialogue/?utm_source=mail&x=%3Cb%3E").content.decode()
    assert _switcher(html) == [
        ("/en/events/dialogue/?utm_source=mail&amp;x=%3Cb%3E", "en"),
        ("/zh-hans/events/dialogue/?utm_source=mail&amp;x=%3Cb%3E", "zh-hans"),
        ("/ru/events/dialogue/?utm_source=mail&amp;x=%3Cb%3E", "ru"),
    ]


def test_language_switcher_on_an_unknown_page_keeps_the_address(client, published):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    assert [url for url, _code in _switcher(response.content.decode())] == ["/ru/no-such-page/"] * 3
    # A known address whose record is missing still offers the other languages.
    response = client.get("/ru/cities/no-such-city/")
    assert response.status_code == 404
    assert [url for url, _code in _switcher(response.content.decode())] == [
        "/en/cities/no-such-city/",
        "/zh-hans/cities/no-such-city/",
        "/ru/cities/no-such-city/",
    ]
