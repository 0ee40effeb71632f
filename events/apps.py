from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The content apps whose records this app's kept values read (core.cache.cached_for_content): its own and the
# cities below it. A value kept with these stays kept through a save of an exhibit.
READS = ("cities", "events")


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from . import constraint_messages, sections  # noqa: F401 (constraint_messages registers on import)

        sections.register()
