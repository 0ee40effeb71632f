"""Image uploads: refuse what is not a sane image, and make WebP derivatives once, on upload.

Lists and pages show the derivatives; the original is kept for staff and never sent in a list.
"""

import io
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

SMALL_SIZE = (480, 480)
LARGE_SIZE = (1600, 1600)
# Exactly the formats the refusal message names; the stored original gets the detected format's extension.
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
SAFE_SUFFIXES = {*EXTENSIONS.values(), ".jpeg"}


def upload_path(instance, filename):
    """<app>/<model>/<random>.<ext>: names staff typed never reach the disk, nor does an extension they chose.

    refresh_derivatives() names a new original after its detected format before it is stored; any other
    suffix is dropped here, so a file named x.html can never be stored (and served) as .html.
    """
    ext = PurePath(filename).suffix.lower()
    ext = ext if ext in SAFE_SUFFIXES else ""
    meta = instance._meta
    return f"{meta.app_label}/{meta.model_name}/{uuid.uuid4().hex}{ext}"


def detect_format(head):
    """ "JPEG", "PNG" or "WEBP" from a file's first bytes; None for anything else (the decoders are never asked)."""
    if head[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def _vips():
    # Imported on first use: most requests never touch an image. libvips decodes line by line (sequential
    # access) and shrinks as it reads, so memory follows the image's width, not its area: a 7000 × 7000
    # RGBA PNG costs about 40 MB instead of the 900 MB Pillow needed for the full raster and its copies.
    import pyvips

    pyvips.cache_set_max(0)  # the operation cache would keep the last upload's buffers alive
    # Each libvips worker thread holds its own buffers: the figures in MAX_IMAGE_DECODE_BYTES' comment
    # were measured with two, so a server with more cores does not need more memory per upload.
    if pyvips.concurrency_get() > 2:
        pyvips.concurrency_set(2)
    return pyvips


def _read(upload):
    upload.seek(0)
    try:
        return upload.read()
    finally:
        upload.seek(0)


def _too_many_pixels(width, height):
    return ValidationError(
        _("The image is %(mp)s megapixels; the limit is %(limit)s megapixels.")
        % {"mp": round(width * height / 1_000_000, 1), "limit": settings.MAX_IMAGE_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def validate_image_upload(upload):
    """Refuse files that are too large, not JPEG/PNG/WebP, over the pixel limit, truncated or corrupt."""
    if not upload or getattr(upload, "_committed", False):
        return  # stored files were checked when they were uploaded
    if upload.size is not None and upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": settings.MAX_UPLOAD_BYTES // 1024 // 1024,
            },
            code="too_large",
        )
    data = _read(upload)
    if detect_format(data[:16]) is None:
        if _looks_like_an_image(data[:16]):
            raise ValidationError(
                _("This kind of image is not accepted; upload a JPEG, PNG or WebP file."), code="bad_format"
            )
        raise _not_an_image()
    _decode(data, max(SMALL_SIZE))


def _looks_like_an_image(head):
    return head[:4] in (b"GIF8", b"II*\x00", b"MM\x00*") or head[:2] == b"BM" or head[4:12] == b"ftypheic"


def _not_an_image():
    return ValidationError(_("The file is not a readable image, or it is damaged or incomplete."), code="not_an_image")


def _decode(data, size):
    """The image shrunk to fit size × size, upright and in sRGB, without metadata.

    Every pixel is decoded on the way, so a truncated or corrupt file raises here. Size limits are checked
    from the header first: the pixel cap, and for the layouts a decoder must hold whole (interlaced PNG,
    progressive JPEG) the memory that takes. Everything else streams: memory follows the width, not the area.
    """
    pyvips = _vips()
    try:
        header = pyvips.Image.new_from_buffer(data, "", access="sequential")
        if header.width * header.height > settings.MAX_IMAGE_PIXELS:
            raise _too_many_pixels(header.width, header.height)
        if _whole_frame_bytes(header) > settings.MAX_IMAGE_DECODE_BYTES:
            raise ValidationError(
                _(
                    "This image is progressive or interlaced and too large to decode safely; save it as a "
                    "standard JPEG or non-interlaced PNG, or make it smaller."
                ),
                code="too_large_to_decode",
            )
        image = pyvips.Image.new_from_buffer(
            data, "", access="sequential", fail_on="truncated", **_shrink_on_load(header, size)
        )
        if image.interpretation not in ("srgb", "b-w") or image.format != "uchar":
            image = image.colourspace("srgb")
        # A box shrink on the stream first, so the filters below work on a few lines of a small image.
        factor = int(max(image.width, image.height) / size / 2)
        if factor >= 2:
            image = image.shrink(factor, factor)
        scale = min(size / image.width, size / image.height, 1)
        if image.hasalpha():
            # Premultiplied, so transparent pixels do not bleed a dark fringe into the edges.
            image = image.premultiply().resize(scale).unpremultiply().cast("uchar")
        else:
            image = image.resize(scale)
        # The pixels are computed here, not lazily later: errors belong to validation.
        image = image.autorot().copy_memory()
    except ValidationError:
        raise
    except pyvips.Error:
        raise _not_an_image() from None
    return _without_metadata(image)


def _whole_frame_bytes(header):
    """Memory the decoder needs at once (measured: see docs/operations.md): an interlaced PNG's frame twice,
    a progressive JPEG's coefficients (2 bytes per sample); 0 for layouts that decode line by line."""
    pixels = header.width * header.height
    loader = header.get("vips-loader")
    fields = header.get_fields()
    if loader.startswith("pngload") and "interlaced" in fields and header.get("interlaced"):
        # The decoder's frame and libvips' copy of it.
        return 2 * pixels * header.bands * (2 if header.format == "ushort" else 1)
    if loader.startswith("jpegload") and "jpeg-multiscan" in fields and header.get("jpeg-multiscan"):
        chroma = header.get("jpeg-chroma-subsample") if "jpeg-chroma-subsample" in fields else "4:4:4"
        samples = {"4:2:0": 1.5, "4:2:2": 2, "4:1:1": 1.5}.get(chroma, header.bands) if header.bands >= 3 else 1
        return int(pixels * samples * 2)
    return 0


def _shrink_on_load(header, size):
    # JPEG and WebP decoders can scale while decoding: less work and, for WebP, a smaller frame in memory.
    ratio = max(header.width, header.height) / size
    loader = header.get("vips-loader")
    if loader.startswith("jpegload") and ratio >= 2:
        return {"shrink": max(k for k in (1, 2, 4, 8) if k <= ratio)}
    if loader.startswith("webpload") and ratio >= 2:
        return {"scale": 1 / int(ratio)}
    return {}


def _without_metadata(image):
    # Derivatives carry no EXIF (GPS, camera), XMP, IPTC or colour profile: they are in sRGB already.
    image = image.copy()
    for name in image.get_fields():
        if name.startswith(("exif-", "xmp-", "iptc-", "icc-")) or name == "orientation":
            image.remove(name)
    return image


def _webp(image):
    # Encoded by Pillow from the small decoded image: libvips 8.14 writes an EXIF block even when told to strip.
    from PIL import Image

    mode = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}[image.bands]
    picture = Image.frombytes(mode, (image.width, image.height), image.write_to_memory())
    if mode == "LA":
        picture = picture.convert("RGBA")
    buffer = io.BytesIO()
    picture.save(buffer, "WEBP", quality=80, method=4)
    return buffer.getvalue()


def make_derivatives(field_file):
    """Return (small, large) WebP bytes for an uploaded image: orientation applied, metadata gone."""
    field_file.open("rb")
    data = _read(field_file)
    if detect_format(data[:16]) is None:
        raise _not_an_image()
    large = _decode(data, max(LARGE_SIZE))
    small = large.thumbnail_image(max(SMALL_SIZE), height=max(SMALL_SIZE), size="down")
    return _webp(small), _webp(large)


def refresh_derivatives(instance, source="image", small="image_small", large="image_large"):
    """Rebuild the derivatives when a new image was uploaded; clear them when it was removed.

    Call from the model's save(); it costs one Pillow decode per new upload and nothing otherwise.
    """
    original = getattr(instance, source)
    if not original:
        setattr(instance, small, None)
        setattr(instance, large, None)
        return
    new_upload = not getattr(original, "_committed", True)
    if getattr(instance, small) and not new_upload:
        return
    small_bytes, large_bytes = make_derivatives(original)
    if new_upload:
        # Stored under the extension of what it is (a PNG named x.html becomes <random>.png).
        original.name = f"original{EXTENSIONS[detect_format(_read(original)[:16])]}"
    getattr(instance, small).save("small.webp", ContentFile(small_bytes), save=False)
    getattr(instance, large).save("large.webp", ContentFile(large_bytes), save=False)
