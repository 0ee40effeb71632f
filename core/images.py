"""Image uploads: refuse what is not a sane image, and make WebP derivatives once, on upload.

Lists and pages show the derivatives; the original is kept for staff and never sent in a list.
"""

import io
import uuid
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

SMALL_SIZE = (480, 480)
LARGE_SIZE = (1600, 1600)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "TIFF", "BMP"}


def upload_path(instance, filename):
    """media/<app>/<model>/<random>.<ext>: names staff typed never reach the disk."""
    ext = PurePath(filename).suffix.lower()[:6] or ".jpg"
    meta = instance._meta
    return f"{meta.app_label}/{meta.model_name}/{uuid.uuid4().hex}{ext}"


def validate_image_upload(upload):
    """Refuse files that are too large, not images, truncated, or decompression bombs."""
    if upload is None:
        return
    if upload.size is not None and upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": settings.MAX_UPLOAD_BYTES // 1024 // 1024,
            },
            code="too_large",
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                fmt = image.format
                if width * height > settings.MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _("The image is %(mp)s megapixels; the limit is %(limit)s megapixels.")
                        % {
                            "mp": round(width * height / 1_000_000, 1),
                            "limit": settings.MAX_IMAGE_PIXELS // 1_000_000,
                        },
                        code="too_many_pixels",
                    )
                if fmt not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        _("This kind of image is not accepted; upload a JPEG, PNG or WebP file."),
                        code="bad_format",
                    )
                # Decoding the whole image finds truncated and corrupt files.
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image is too large to process (over %(limit)s megapixels).")
            % {"limit": settings.MAX_IMAGE_PIXELS // 1_000_000},
            code="too_many_pixels",
        ) from None
    except Exception:
        raise ValidationError(
            _("The file is not a readable image, or it is damaged or incomplete."),
            code="not_an_image",
        ) from None
    finally:
        upload.seek(0)


def _webp(image, size):
    copy = image.copy()
    copy.thumbnail(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # Saving without exif/icc strips the metadata (GPS, camera) from the derivative.
    copy.save(buffer, "WEBP", quality=80, method=4)
    return buffer.getvalue()


def make_derivatives(field_file):
    """Return (small, large) WebP bytes for an uploaded image: orientation applied, metadata gone."""
    field_file.open("rb")
    field_file.seek(0)
    with Image.open(field_file) as original:
        image = ImageOps.exif_transpose(original)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        return _webp(image, SMALL_SIZE), _webp(image, LARGE_SIZE)


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
    getattr(instance, small).save("small.webp", ContentFile(small_bytes), save=False)
    getattr(instance, large).save("large.webp", ContentFile(large_bytes), save=False)
