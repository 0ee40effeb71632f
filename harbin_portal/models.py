"""What the site itself keeps: each staff member's secret calendar address."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_calendar_key():
    return secrets.token_hex(16)


class CalendarFeed(models.Model):
    """The secret part of a staff member's anniversary-calendar address (harbin_portal.services).

    Calendar apps cannot sign in, so the address itself is the credential; a new key revokes the old address.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=64, default=new_calendar_key)
    reset_at = models.DateTimeField(_("last reset"), auto_now=True)

    class Meta:
        # Not edited in the admin: each member of staff resets their own from the dashboard.
        default_permissions = ()
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self):
        return str(self.user)
