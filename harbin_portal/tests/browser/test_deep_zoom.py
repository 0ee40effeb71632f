"""Deep zoom on an exhibit page (issue 15) in a real Chromium, with the portal's Content Security Policy enforced:
the visitor asks to zoom, OpenSeadragon loads from the portal's own static files, reads the IIIF tiles and zooms."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from cities.models import City
from core.publishing import Status
from museum.models import Exhibit, ExhibitImage, Room

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def large_jpeg():
    """A 2400 x 1600 picture: more than one tile, so the viewer has levels to zoom through."""
    image = Image.new("RGB", (2400, 1600), (214, 228, 240))
    draw = ImageDraw.Draw(image)
    for x in range(0, 2400, 200):
        draw.rectangle((x, 400, x + 100, 1200), fill=(120, 60 + x // 20, 140))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


@pytest.fixture
def zoomable_exhibit():
    city = City.objects.create(name="Niigata", name_en="Niigata", slug="niigata", country="JP", status="published")
    room = Room.objects.create(
        name="Niigata room", name_en="Niigata room", slug="niigata-room", city=city, status=Status.PUBLISHED
    )
    exhibit = Exhibit.objects.create(
        accession_number="HISCM.2026.7",
        object_name="Scroll",
        object_name_en="Scroll",
        brief_description="A painted scroll.",
        brief_description_en="A painted scroll.",
        room=room,
        origin_city=city,
        recorder="Browser test",
        recording_date=datetime.date(2026, 1, 7),
        status=Status.PUBLISHED,
    )
    # Created outside a transaction: the tiles are made as the upload commits.
    ExhibitImage.objects.create(
        exhibit=exhibit,
        image=SimpleUploadedFile("scroll.jpg", large_jpeg(), content_type="image/jpeg"),
        is_primary=True,
    )
    return exhibit


def test_visitor_zooms_into_an_exhibit_image(live_server, browser, zoomable_exhibit):
    # A context of its own without bypass_csp: the page's policy applies as for any visitor.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    tiles = []
    page.on("response", lambda response: tiles.append(response.url) if "/iiif/images/" in response.url else None)

    page.goto(f"{live_server.url}/en/museum/exhibits/HISCM.2026.7/")
    expect(page.get_by_role("link", name="IIIF manifest")).to_be_visible()
    page.get_by_role("button", name="Zoom into the image").click()
    viewer = page.locator("[data-deep-zoom] .openseadragon-canvas").first
    expect(viewer).to_be_visible()
    page.wait_for_function(
        "() => { const b = document.querySelector('[data-deep-zoom]'); "
        "return b.viewer && b.viewer.world.getItemCount() === 1 && "
        "b.viewer.world.getItemAt(0).getFullyLoaded(); }"
    )
    before = page.evaluate("() => document.querySelector('[data-deep-zoom]').viewer.viewport.getZoom()")
    page.evaluate(
        "() => { const v = document.querySelector('[data-deep-zoom]').viewer;"
        " v.viewport.zoomBy(4); v.viewport.applyConstraints(); }"
    )
    page.wait_for_timeout(1500)
    after = page.evaluate("() => document.querySelector('[data-deep-zoom]').viewer.viewport.getZoom()")
    assert after > before * 2
    assert any(url.endswith("/info.json") for url in tiles)
    assert any(url.endswith("/default.jpg") for url in tiles)
    assert not violations, violations
    context.close()
