"""What each database constraint of the events app means, as the admin and imports say it (core.constraints)."""

from django.utils.translation import gettext_lazy as _

from core.constraints import register_constraint_messages

register_constraint_messages(
    {
        "event_ends_on_or_after_start": _("An event cannot end before it starts."),
        "session_ends_after_it_starts": _("A session cannot end before it starts."),
    }
)
