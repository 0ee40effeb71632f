import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from PIL import Image

from museum.models import Exhibit, ExhibitImage

from .conftest import exhibit_form_data, no_images
from .factories import ExhibitFactory, ExhibitImageFactory, jpeg_bytes, jpeg_upload

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:museum_exhibit_add")


def media_files(settings):
    root = settings.MEDIA_ROOT
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


def exif_with_orientation_and_gps():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "Example Camera Maker"
    exif[0x8825] = {1: "N", 2: (45.0, 45.0, 0.0), 3: "E", 4: (126.0, 38.0, 0.0)}  # GPS
    return exif


def test_derivatives_are_webp_small_and_large(settings):
    image = ExhibitImageFactory(image=jpeg_upload(size=(2400, 1200)))
    with Image.open(image.image_small.path) as small, Image.open(image.image_large.path) as large:
        assert small.format == large.format == "WEBP"
        assert max(small.size) == 480 and max(large.size) == 1600


def test_derivatives_apply_the_exif_orientation_and_drop_metadata():
    exif = exif_with_orientation_and_gps()
    original = jpeg_bytes(size=(80, 40), exif=exif.tobytes())
    with Image.open(io.BytesIO(original)) as check:
        assert check.getexif()[0x0112] == 6 and check.getexif().get_ifd(0x8825)  # the test input carries GPS
    image = ExhibitImageFactory(image=SimpleUploadedFile("phone.jpg", original, content_type="image/jpeg"))
    for field in (image.image_small, image.image_large):
        with Image.open(field.path) as derivative:
            assert derivative.size == (40, 80)  # turned upright
            assert "exif" not in derivative.info and not derivative.getexif()
            assert "xmp" not in derivative.info and "icc_profile" not in derivative.info


def test_the_database_keeps_one_primary_image_per_exhibit():
    exhibit = ExhibitFactory()
    ExhibitImageFactory(exhibit=exhibit, is_primary=True)
    ExhibitImageFactory(exhibit=exhibit, is_primary=False)
    with pytest.raises(IntegrityError):
        ExhibitImageFactory(exhibit=exhibit, is_primary=True)


def _bmp_over_20_mb():
    buffer = io.BytesIO()
    Image.new("RGB", (2700, 2700), (10, 20, 30)).save(buffer, "BMP")
    assert buffer.tell() > 20 * 1024 * 1024
    return buffer.getvalue()


def _png_over_200_megapixels():
    buffer = io.BytesIO()
    Image.new("1", (16000, 12600), 1).save(buffer, "PNG")
    return buffer.getvalue()


def _truncated_jpeg():
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    return data[: len(data) // 2]


BAD_UPLOADS = {
    "not an image": (lambda: b"%PDF-1.4 this is not a picture", "notes.jpg", "not a readable image"),
    "over 20 MB": (_bmp_over_20_mb, "huge.bmp", "the limit is 20 MB"),
    "over 200 megapixels": (_png_over_200_megapixels, "wide.png", "the limit is 200 megapixels"),
    "truncated": (_truncated_jpeg, "cut.jpg", "damaged or incomplete"),
}


@pytest.mark.parametrize("kind", BAD_UPLOADS)
def test_a_bad_upload_is_refused_with_its_message_and_nothing_is_saved(kind, cataloguer_client, room, settings):
    make, filename, message = BAD_UPLOADS[kind]
    upload = SimpleUploadedFile(filename, make(), content_type="application/octet-stream")
    data = exhibit_form_data(
        room, **no_images(total=1), **{"images-0-image": upload, "images-0-is_primary": "on", "images-0-order": "0"}
    )
    response = cataloguer_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Exhibit.objects.exists()
    assert not ExhibitImage.objects.exists()
    assert media_files(settings) == []
