"""Storages beyond the public media folder."""

import os
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.urls import reverse


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
        # Never a public address: the view that checks permissions (core.files) streams the file.
        return private_file_url(name)


def private_file_url(name):
    return reverse("core:private_file", args=[name]) if name else None


def private_upload_path(instance, filename):
    """<app>/<model>/<random><ext> for documents (agreement PDFs): no name a person chose reaches the disk,
    and the name tells core.files whose file it is. The extension is the field's one accepted type."""
    ext = {".pdf": ".pdf"}.get(PurePath(filename).suffix.lower(), "")
    meta = instance._meta
    return f"{meta.app_label}/{meta.model_name}/{uuid.uuid4().hex}{ext}"


def move_files(model, field, *, source, target, rename=None, history_model=None):
    """Move the files of `model.field` from storage `source` to `target`, for data migrations.

    rename(old_name) gives the name in `target` (default: the same). The rows (and their history rows, when
    `history_model` is given) are updated to the new name without signals. A file already moved, or missing,
    is left alone, so running it twice is harmless.
    """
    rows = model._base_manager.exclude(**{field: ""}).exclude(**{f"{field}__isnull": True})
    for pk, name in rows.values_list("pk", field).iterator():
        if not source.exists(name):
            continue
        with source.open(name, "rb") as handle:
            new_name = target.save(rename(name) if rename else name, handle)
        model._base_manager.filter(pk=pk).update(**{field: new_name})
        if history_model is not None and new_name != name:
            history_model.objects.filter(**{field: name}).update(**{field: new_name})
        source.delete(name)


def private_storage():
    """The storage for FileFields whose files must never be served from /media/ (a callable, for migrations).

    settings.STORAGES["private"] when configured (production may point it at a private S3 bucket), so every
    app server shares the files; otherwise the private folder.
    """
    if "private" in settings.STORAGES:
        return storages["private"]
    return _PRIVATE


_PRIVATE = PrivateMediaStorage()
