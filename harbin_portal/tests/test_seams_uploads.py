"""Issue 11, uploads: the stored name says what the file is, only the named formats pass, PDFs are PDFs,
and accepting the worst image the limits allow stays under 300 MB."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cities.tests.factories import AgreementFactory, PartnershipFactory
from core.documents import validate_pdf_upload
from core.images import validate_image_upload
from museum.tests.factories import ExhibitImageFactory

pytestmark = pytest.mark.django_db


def image_bytes(fmt, size=(64, 48), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 40, 40) if mode == "RGB" else 1).save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(("fmt", "suffix"), [("PNG", ".png"), ("JPEG", ".jpg"), ("WEBP", ".webp")])
def test_the_stored_original_is_named_for_what_it_is_not_for_what_the_uploader_called_it(fmt, suffix):
    image = ExhibitImageFactory(image=SimpleUploadedFile("x.html", image_bytes(fmt), content_type="text/html"))

    assert Path(image.image.name).suffix == suffix


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_the_formats_the_message_names_are_accepted(fmt):
    validate_image_upload(SimpleUploadedFile("photo", image_bytes(fmt)))


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_a_format_the_message_does_not_name_is_refused_with_that_message(fmt):
    with pytest.raises(ValidationError) as refused:
        validate_image_upload(SimpleUploadedFile("photo.jpg", image_bytes(fmt)))

    assert refused.value.messages == ["This kind of image is not accepted; upload a JPEG, PNG or WebP file."]


def test_an_agreement_pdf_that_is_not_a_pdf_is_refused():
    agreement = AgreementFactory.build(
        partnership=PartnershipFactory(),
        pdf=SimpleUploadedFile("agreement.pdf", b"<html><script>alert(1)</script></html>"),
    )

    with pytest.raises(ValidationError) as refused:
        agreement.full_clean()

    assert "The file is not a PDF document." in refused.value.message_dict["pdf"]


def test_an_agreement_pdf_over_the_size_limit_is_refused(settings):
    settings.MAX_DOCUMENT_BYTES = 1024 * 1024
    big = SimpleUploadedFile("agreement.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1))

    with pytest.raises(ValidationError) as refused:
        validate_pdf_upload(big)

    assert refused.value.messages == ["The file is 1.0 MB; the limit is 1 MB."]


def test_a_real_pdf_is_accepted():
    validate_pdf_upload(
        SimpleUploadedFile("agreement.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    )


MEASURE = r"""
import json, sys
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from core.images import make_derivatives, validate_image_upload

data = open(sys.argv[1], "rb").read()
validate_image_upload(SimpleUploadedFile("worst.png", data))
small, large = make_derivatives(ContentFile(data, name="worst.png"))
# VmHWM, not ru_maxrss: the latter carries over the parent's peak across fork and exec.
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"peak_mb": peak_kb / 1024, "large": len(large)}))
"""


WORST_ACCEPTED = {
    # The case: a 190 KB PNG that declares 7000 × 7000 RGBA (49 Mpx, under the 50 Mpx cap).
    "png 49 Mpx RGBA": lambda vips: vips.Image.black(7000, 7000, bands=4).pngsave_buffer(compression=9),
    # Decoded whole: the largest progressive JPEG and interlaced PNG the decode budget lets through.
    "progressive jpeg 50 Mpx": lambda vips: (vips.Image.black(7070, 7070, bands=3) + 128)
    .cast("uchar")
    .jpegsave_buffer(interlace=True),
    "interlaced png 19 Mpx RGBA": lambda vips: vips.Image.black(4400, 4400, bands=4).pngsave_buffer(
        interlace=True, compression=9
    ),
}


@pytest.mark.parametrize("kind", WORST_ACCEPTED)
def test_accepting_the_worst_image_the_limits_allow_stays_under_300_mb(kind, tmp_path):
    import pyvips

    path = tmp_path / "worst"
    path.write_bytes(WORST_ACCEPTED[kind](pyvips))
    assert path.stat().st_size < settings.MAX_UPLOAD_BYTES

    result = subprocess.run(  # noqa: S603 (our own script, a path we wrote)
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "harbin_portal.settings.test", "PATH": "/usr/bin:/bin"},
        cwd=settings.BASE_DIR,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["large"] > 0
    assert measured["peak_mb"] < 300, measured


def test_an_interlaced_png_too_large_to_decode_whole_is_refused_with_a_way_out():
    import pyvips

    data = pyvips.Image.black(7000, 7000, bands=4).pngsave_buffer(interlace=True, compression=9)

    with pytest.raises(ValidationError) as refused:
        validate_image_upload(SimpleUploadedFile("scan.png", data))

    assert "save it as a standard JPEG or non-interlaced PNG" in refused.value.messages[0]
