"""Writes and checks of the site itself: the staff calendar address."""

from django.contrib.auth import get_user_model
from django.core import signing

from .models import CalendarFeed, new_calendar_key

CALENDAR_SALT = "harbin_portal.anniversary-calendar"


def calendar_feed_token(*, user):
    """The signed token in `user`'s calendar address: their id and current key (made on first use)."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return signing.Signer(salt=CALENDAR_SALT).sign_object({"u": user.pk, "k": feed.key})


def calendar_feed_reset(*, user):
    """A new key: the address `user` had until now stops working at once."""
    CalendarFeed.objects.update_or_create(user=user, defaults={"key": new_calendar_key()})


def calendar_feed_user(*, token):
    """The active staff member whose current address carries `token` and who may see partnerships; else None."""
    try:
        claims = signing.Signer(salt=CALENDAR_SALT).unsign_object(token)
        user_id, key = int(claims["u"]), str(claims["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True, is_staff=True, calendar_feed__key=key).first()
    if user is None or not user.has_perm("cities.view_partnership"):
        return None
    return user
