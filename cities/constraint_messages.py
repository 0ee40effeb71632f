"""What each database constraint of the cities app means, as the admin and imports say it (core.constraints)."""

from django.utils.translation import gettext_lazy as _

from core.constraints import register_constraint_messages

register_constraint_messages(
    {
        "city_one_home": _("Only one city can be Harbin, the portal's home city."),
        "city_latitude_in_range": _("The latitude must be between -90 and 90."),
        "city_longitude_in_range": _("The longitude must be between -180 and 180."),
        "city_coordinates_both_or_neither": _("Give both latitude and longitude, or neither."),
        "partnership_ends_after_it_starts": _("A partnership cannot end before it was established."),
    }
)
