from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The foundation below every app: no models, and it imports none of the apps."""

    name = "core"
    verbose_name = _("Foundation")
