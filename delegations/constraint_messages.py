"""What each database constraint of the delegations app means, as the admin says it (core.constraints)."""

from django.utils.translation import gettext_lazy as _

from core.constraints import register_constraint_messages

register_constraint_messages(
    {
        "departure_after_arrival": _("The departure cannot be before the arrival."),
        "registration_category_known": _("Choose one of the listed categories."),
    }
)
