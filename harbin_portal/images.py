"""Kept for the landed migrations that import `harbin_portal.images`; the code lives in `core.images`."""

from core.images import upload_path, validate_image_upload  # noqa: F401
