from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """The public read API, OAI-PMH, the DCAT catalogue and IIIF manifests: above museum."""

    name = "opendata"
    verbose_name = _("Open data")
