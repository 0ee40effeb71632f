from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The content apps whose records this app's kept values read (core.cache.cached_for_content): its own alone, as
# it is the lowest. A value kept with these stays kept through a save of an event or an exhibit.
READS = ("cities",)


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = _("Cities and partnerships")

    def ready(self):
        from . import constraint_messages  # noqa: F401 (registers the sentences on import)
