"""What opendata adds to pages of lower apps: the deep-zoom viewer and the IIIF manifest link on an exhibit page."""

from django.urls import reverse

from core.publishing import Status
from core.sections import Section

from .iiif.tiles import has_tiles, tile_key


def deep_zoom_on_exhibit_page(request, exhibit):
    """The zoomable primary image (when its tiles exist) and, for a published exhibit, its IIIF manifest."""
    images = list(exhibit.images.all())
    primary = next((image for image in images if image.is_primary), images[0] if images else None)
    info_url = None
    if primary is not None and has_tiles(primary):
        info_url = reverse("opendata_root:iiif-image-info", args=[tile_key(primary)])
    manifest_url = None
    if exhibit.status == Status.PUBLISHED:
        manifest_url = reverse("opendata_root:iiif-manifest", args=[exhibit.accession_number])
    if info_url is None and manifest_url is None:
        return None
    return Section("opendata/sections/exhibit_iiif.html", {"info_url": info_url, "manifest_url": manifest_url})


def register():
    from museum.sections import exhibit_page

    exhibit_page.register(deep_zoom_on_exhibit_page, order=10)
