"""Storages beyond the public media folder."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


class PrivateMediaStorage(FileSystemStorage):
    """Files that only staff views hand out (loan agreements, condition photos): outside MEDIA_ROOT, no URL.

    The location is read from settings.PRIVATE_MEDIA_ROOT on each use, so tests can point it elsewhere.
    """

    @property
    def base_location(self):
        return getattr(settings, "PRIVATE_MEDIA_ROOT", settings.BASE_DIR / "private-media")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        # Never a public address: a view that checks permissions streams the file.
        raise ValueError("Private files have no URL; serve them through a view that checks permissions.")


def private_storage():
    """The storage for FileFields whose files must never be served from /media/ (a callable, for migrations).

    settings.STORAGES["private"] when configured (production may point it at a private S3 bucket), so every
    app server shares the files; otherwise the private folder.
    """
    if "private" in settings.STORAGES:
        return storages["private"]
    return _PRIVATE


_PRIVATE = PrivateMediaStorage()
