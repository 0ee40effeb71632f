"""Every public page type, in the three languages, on a phone (issue 13).

At 320 and 360 CSS px no page may be wider than the viewport (nothing scrolls sideways); axe-core finds no serious
or critical problem in any language; map targets are at least 24 × 24 px (WCAG 2.2, 2.5.8) with nothing on top
of them; the exhibit filters start collapsed. A 360 px screenshot of each page type
and language goes to test-artifacts/screenshots/.
"""

import pytest
from playwright.sync_api import expect

from harbin_portal.tests.browser.conftest import SCREENSHOTS
from harbin_portal.tests.browser.test_journeys import gift_from_bucheon  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "zh-hans", "ru"]
WIDTHS = [320, 360]
PAGE_TYPES = {
    "home": "/{lang}/",
    "harbin": "/{lang}/harbin/",
    "city-list": "/{lang}/cities/",
    "city": "/{lang}/cities/bucheon/",
    "event-list": "/{lang}/events/",
    "event": "/{lang}/events/global-mayors-dialogue-harbin-2026/",
    "museum": "/{lang}/museum/",
    "room": "/{lang}/museum/rooms/bucheon-room/",
    "exhibit-list": "/{lang}/museum/exhibits/",
    "exhibit": "/{lang}/museum/exhibits/HISCM.2026.1/",
    "search": "/{lang}/search/?q=Bucheon",
    "accessibility": "/{lang}/accessibility/",
}

# The widest element that sticks out past the right edge, to say what to fix.
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  let worst = null;
  for (const el of document.querySelectorAll('body *')) {
    const right = el.getBoundingClientRect().right;
    if (right > width + 0.5 && (!worst || right > worst.right)) {
      worst = {right: Math.round(right), tag: el.tagName.toLowerCase(), cls: el.className && String(el.className)};
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, worst};
}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_page_fits_a_phone_and_passes_axe(page, live_server, axe, gift_from_bucheon, lang):  # noqa: F811
    too_wide = []
    for name, path in PAGE_TYPES.items():
        url = live_server.url + path.format(lang=lang)
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(url)
        assert response.status == 200, url
        axe.check(page, f"phone {name} ({lang})")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 740})
            page.goto(url)
            measured = page.evaluate(WIDEST)
            if measured["scroll"] > measured["width"]:
                too_wide.append((name, lang, width, measured))
            if width == 360:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOTS / f"phone-{name}-{lang}-360.png"), full_page=True)
    assert too_wide == [], "\n".join(map(str, too_wide))


def test_map_targets_are_24_px_and_nothing_covers_them(page, live_server, gift_from_bucheon):  # noqa: F811
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 740})
        page.goto(f"{live_server.url}/en/")
        links = page.locator("a.map-marker, a.map-region")
        assert links.count() >= 35  # every partner (in the world view or a closer one), Harbin and the regions
        small, covered = [], []
        for i in range(links.count()):
            link = links.nth(i)
            link.scroll_into_view_if_needed()
            box = link.bounding_box()
            if box["width"] < 24 or box["height"] < 24:
                small.append((link.get_attribute("aria-label"), round(box["width"]), round(box["height"])))
            # The element at the centre of the target's dot is the target itself: no label or other dot on top.
            hit = link.evaluate(
                """a => { const c = a.querySelector('.map-dot') || a.querySelector('rect');
                   const r = c.getBoundingClientRect();
                   const el = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                   return !!el && a.contains(el); }"""
            )
            if not hit:
                covered.append(link.get_attribute("aria-label"))
        assert small == [], small
        assert covered == [], covered
    # The closer views are reached without JavaScript: a link to a fragment on the same page.
    europe = page.locator('a.map-region[href$="-europe"]')
    europe.click()
    expect(page.locator("figure.map-closer[id$='-europe'] a.map-marker").first).to_be_in_viewport()
    expect(page.locator('figure.map-closer a.map-marker[aria-label^="Magdeburg,"]')).to_have_count(1)


def test_exhibit_filters_are_collapsed_on_a_phone(page, live_server, gift_from_bucheon):  # noqa: F811
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/en/museum/exhibits/")
    expect(page.get_by_label("Object type")).to_be_hidden()
    page.locator("details.filters summary").click()
    expect(page.get_by_label("Object type")).to_be_visible()
    page.locator("details.filters summary").click()
    # Closed, the filters leave the results on the first screen.
    assert page.locator('section[aria-labelledby="results-heading"]').bounding_box()["y"] < 740
