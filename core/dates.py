"""Dates known only in part: a date plus how much of it is known (year, month or day)."""

from zoneinfo import ZoneInfo

from django.db import models
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The one place Harbin's time zone is written; settings.TIME_ZONE reads it too.
HARBIN_TIME_ZONE = "Asia/Shanghai"


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Year only")
    MONTH = "month", _("Month and year")
    DAY = "day", _("Exact day")


def format_partial_date(value, precision=DatePrecision.DAY):
    """'2009', 'January 2026' or '6 January 2026', in the active language."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def normalise_partial_date(value, precision):
    """Store a partly known date on the first day of what is known, so it sorts and compares."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def precision_field(verbose_name):
    return models.CharField(verbose_name, max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)


def format_date_range(start, end, precision=DatePrecision.DAY):
    """'6–8 January 2026' for days in one month; both dates in full otherwise (and always in Chinese)."""
    first = format_partial_date(start, precision)
    if end is None or end == start or precision != DatePrecision.DAY:
        return first
    last = format_partial_date(end, precision)
    same_month = (start.year, start.month) == (end.year, end.month)
    if same_month and not (get_language() or "en").startswith("zh"):
        return f"{start.day}–{last}"
    return f"{first} – {last}"


def site_time_zone():
    """Harbin's time zone: programmes and calendars show Harbin's local time whatever the server's setting."""
    return ZoneInfo(HARBIN_TIME_ZONE)
