from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    """Registration, accreditation, badges, check-in and invitation letters: above events."""

    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self):
        from . import sections

        sections.register()
