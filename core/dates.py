"""Dates known only in part: a date plus how much of it is known (year, month or day)."""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .constraints import register_constraint_messages

# The one place Harbin's time zone is written; settings.TIME_ZONE reads it too.
HARBIN_TIME_ZONE = "Asia/Shanghai"


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Year only")
    MONTH = "month", _("Month and year")
    DAY = "day", _("Exact day")
    # A source that says only "held before 25 January 2026" (a news report of a past meeting): the date stored is
    # that day, and pages say "before 25 January 2026" rather than guess a month.
    BEFORE = "ante", _("Before this day")


def format_partial_date(value, precision=DatePrecision.DAY):
    """'2009', 'January 2026', '6 January 2026' or 'before 25 January 2026', in the active language."""
    if value is None:
        return ""
    if precision == DatePrecision.BEFORE:
        return _("before %(date)s") % {"date": formats.date_format(value, "DATE_FORMAT")}
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


# Pages compute with the dates they show (anniversaries, "in N years", calendar days), and Python's dates end in
# the year 9999: a date outside this range is a typo, and one near 9999 would break every page that shows it.
EARLIEST_DATE = datetime.date(1800, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)


def validate_date_in_range(value):
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Give a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_DATE.year, "latest": LATEST_DATE.year},
            code="date_out_of_range",
        )


def date_field(verbose_name, **kwargs):
    """A DateField kept in the range pages can compute with; pair it with `date_in_range_constraint`."""
    return models.DateField(verbose_name, validators=[validate_date_in_range], **kwargs)


def _date_range_text():
    return gettext("Dates must lie between the years %(earliest)d and %(latest)d.") % {
        "earliest": EARLIEST_DATE.year,
        "latest": LATEST_DATE.year,
    }


_date_range_sentence = lazy(_date_range_text, str)


def date_in_range_constraint(field_name, name):
    """The database's half of `date_field`: bulk writes and imports that skip validation are refused too."""
    register_constraint_messages({name: _date_range_sentence()})
    return models.CheckConstraint(
        condition=Q(**{f"{field_name}__isnull": True})
        | Q(**{f"{field_name}__gte": EARLIEST_DATE, f"{field_name}__lte": LATEST_DATE}),
        name=name,
    )


def precision_field(verbose_name, *, before=False):
    """How much of a date is known; `before=True` also offers "before this day" (records that news reports date)."""
    choices = DatePrecision.choices if before else [c for c in DatePrecision.choices if c[0] != DatePrecision.BEFORE]
    return models.CharField(verbose_name, max_length=5, choices=choices, default=DatePrecision.DAY)


def is_exact(precision):
    """Whether the day itself is known: only then may a calendar show the date as days."""
    return precision == DatePrecision.DAY


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
