"""Condition checks: recording one also keeps the exhibit's current condition up to date."""

from django.db import transaction

from ..models import ConditionCheck


@transaction.atomic
def condition_check_record(*, exhibit, by=None, **fields):
    check = ConditionCheck(exhibit=exhibit, checked_by=by if by is not None and by.is_authenticated else None, **fields)
    check.full_clean()
    check.save()
    condition_sync_exhibit(exhibit=exhibit, by=by)
    return check


def condition_sync_exhibit(*, exhibit, by=None):
    """The exhibit's condition is the one its latest check found."""
    latest = exhibit.condition_checks.latest_first().values_list("condition", flat=True).first()
    if latest and latest != exhibit.condition:
        exhibit.condition = latest
        exhibit._history_user = by
        exhibit.save(update_fields=["condition", "updated"])
