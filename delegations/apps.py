from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _event_page_changed(sender, **kwargs):
    # The registration link and the livestream links show on the (cached) event page.
    from core.cache import invalidate_on_commit

    invalidate_on_commit("events", using=kwargs.get("using"))


class DelegationsConfig(AppConfig):
    """Registration, accreditation, badges, check-in and invitation letters: above events."""

    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self):
        from . import constraint_messages, sections  # noqa: F401 (constraint_messages registers on import)
        from .models import RegistrationWindow, StreamLink

        sections.register()
        # Registrations themselves are not public content: a delegate registering stales no cached page.
        for model in (RegistrationWindow, StreamLink):
            uid = f"delegations-event-page:{model._meta.label}"
            post_save.connect(_event_page_changed, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(_event_page_changed, sender=model, weak=False, dispatch_uid=uid)
