from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MuseumConfig(AppConfig):
    name = "museum"
    verbose_name = _("Museum")

    def ready(self):
        from . import constraint_messages, sections  # noqa: F401 (constraint_messages registers on import)

        sections.register()
