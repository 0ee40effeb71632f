from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = _("Cities and partnerships")

    def ready(self):
        from . import constraint_messages  # noqa: F401 (registers the sentences on import)
