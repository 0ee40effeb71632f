from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _tiles_after_upload(sender, instance, raw=False, **kwargs):
    """Make the IIIF tiles of a new image once the upload is committed (never for fixture loads)."""
    if raw or not instance.image:
        return
    from .iiif.tiles import build_tiles_quietly, has_tiles

    if has_tiles(instance):
        return
    transaction.on_commit(lambda: build_tiles_quietly(instance.pk))


class OpendataConfig(AppConfig):
    """The public read API, OAI-PMH, the DCAT catalogue and IIIF manifests: above museum."""

    name = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from museum.models import ExhibitImage

        from . import sections

        post_save.connect(_tiles_after_upload, sender=ExhibitImage, dispatch_uid="opendata-iiif-tiles")
        sections.register()
