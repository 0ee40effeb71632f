import html as htmllib
import re

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image, ImageDraw

from .factories import CityFactory, ExhibitFactory

pytestmark = pytest.mark.django_db

PIXELS_PER_MODULE = 8


def rasterise_segno_svg(svg):
    """Draw the page's own QR SVG (segno's single path of horizontal strokes) onto a Pillow image."""
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    path = re.search(r'<path[^>]*\sd="([^"]+)"', svg).group(1)
    image = Image.new("L", (int(width * PIXELS_PER_MODULE), int(height * PIXELS_PER_MODULE)), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, args in re.findall(r"([MmHhVvZz])([^MmHhVvZz]*)", path):
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", args)]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command in "hH":
            end = x + numbers[0] if command == "h" else numbers[0]
            # A stroke of width 1 centred on y covers the module row [y - 0.5, y + 0.5).
            top = (y - 0.5) * PIXELS_PER_MODULE
            draw.rectangle(
                [
                    min(x, end) * PIXELS_PER_MODULE,
                    top,
                    max(x, end) * PIXELS_PER_MODULE - 1,
                    top + PIXELS_PER_MODULE - 1,
                ],
                fill=0,
            )
            x = end
        else:
            raise AssertionError(f"unexpected path command {command}")
    return image


def test_each_label_qr_code_decodes_to_the_exhibit_permalink(admin_client_):
    city = CityFactory(name="Aarhus", name_en="Aarhus")
    exhibits = [ExhibitFactory(accession_number=f"HISCM.2009.{n}", origin_city=city) for n in (9, 10, 11)]
    response = admin_client_.post(
        reverse("admin:museum_exhibit_changelist"),
        {"action": "print_labels", "_selected_action": [e.pk for e in exhibits]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "museum/labels.css" in page
    labels = re.findall(r'<article class="label">(.*?)</article>', page, re.S)
    assert len(labels) == 3
    for exhibit, label in zip(exhibits, labels, strict=True):
        assert exhibit.accession_number in label and htmllib.escape(exhibit.object_name) in label
        assert "Aarhus" in label
        svg = re.search(r"<svg.*?</svg>", label, re.S).group(0)
        decoded = zxingcpp.read_barcodes(rasterise_segno_svg(svg))
        assert [code.text for code in decoded] == [f"http://testserver/en/museum/exhibits/{exhibit.accession_number}/"]


def test_labels_use_the_english_permalink_whatever_the_admin_language(admin_client_):
    exhibit = ExhibitFactory(accession_number="HISCM.2010.1")
    response = admin_client_.post(
        reverse("admin:museum_exhibit_changelist"),
        {"action": "print_labels", "_selected_action": [exhibit.pk]},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert 'data-url="http://testserver/en/museum/exhibits/HISCM.2010.1/"' in response.content.decode()


def test_the_label_sheet_is_laid_out_for_a4():
    from django.contrib.staticfiles import finders

    with open(finders.find("museum/labels.css"), encoding="utf-8") as file:
        css = file.read()
    assert "@page { size: A4" in css
    assert "repeat(2, 105mm)" in css
