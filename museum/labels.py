"""Exhibit labels: accession number, object name, giving city and a QR code of the public permalink."""

import segno
from django.utils import translation
from django.utils.safestring import mark_safe


def permalink(request, exhibit):
    """The exhibit's public page in English, as an absolute URL (labels outlive language choices)."""
    with translation.override("en"):
        return request.build_absolute_uri(exhibit.get_absolute_url())


def qr_svg(data):
    """An inline SVG QR code of `data`; segno's markup holds no user text, only the encoded path."""
    code = segno.make(data, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass="qr-modules")
    return mark_safe(svg)  # noqa: S308


def build_labels(request, exhibits):
    return [
        {"exhibit": exhibit, "url": (url := permalink(request, exhibit)), "qr": qr_svg(url)} for exhibit in exhibits
    ]
