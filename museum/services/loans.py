"""Loans: agree, send out, return, cancel. Each step checks the status it starts from and records who and when."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    RECENT_CHECK_DAYS,
    CheckReason,
    ConditionCheck,
    Exhibit,
    Loan,
    LoanDirection,
    LoanObject,
    LoanStatus,
    Movement,
)


def _require(loan, *statuses):
    if loan.status not in statuses:
        raise ValidationError(
            _("Loan %(number)s is %(status)s: this step needs it to be %(needed)s.")
            % {
                "number": loan.number,
                "status": loan.get_status_display().lower(),
                "needed": " / ".join(str(LoanStatus(s).label).lower() for s in statuses),
            }
        )


def loan_create(*, direction, partner_name, purpose, requested_on=None, by=None, **fields):
    """A new loan request with the next free number of its year."""
    requested_on = requested_on or timezone.localdate()
    loan = Loan(direction=direction, partner_name=partner_name, purpose=purpose, requested_on=requested_on, **fields)
    loan.number = Loan.objects.next_number(direction, requested_on.year)
    loan.full_clean()
    loan.save()
    return loan


def loan_add_exhibit(*, loan, exhibit):
    """Put one of our objects on a loan out (before it goes out)."""
    _require(loan, LoanStatus.REQUESTED, LoanStatus.AGREED)
    if loan.direction != LoanDirection.OUT:
        raise ValidationError(_("Objects of our collection go on loans out; describe a lender's object instead."))
    if exhibit.exited_on:
        raise ValidationError(_("%(number)s has left the collection.") % {"number": exhibit.accession_number})
    item, _created = LoanObject.objects.get_or_create(loan=loan, exhibit=exhibit)
    return item


def loan_agree(*, loan, by=None, agreed_on=None, start_on=None, end_on=None):
    _require(loan, LoanStatus.REQUESTED)
    loan.agreed_on = agreed_on or timezone.localdate()
    if start_on:
        loan.start_on = start_on
    if end_on:
        loan.end_on = end_on
    if loan.agreed_on < loan.requested_on:
        raise ValidationError(_("A loan cannot be agreed before it was requested."))
    if not loan.end_on:
        raise ValidationError(_("Agree the date the objects are due back first."))
    loan.status = LoanStatus.AGREED
    loan.full_clean()
    _save(loan, by)
    return loan


def missing_recent_checks(loan, on):
    """The loan's objects with no condition check in the `RECENT_CHECK_DAYS` days up to `on` (one query)."""
    exhibits = Exhibit.objects.filter(loan_objects__loan=loan).order_by("accession_sort")
    checked = set(
        ConditionCheck.objects.filter(exhibit__in=exhibits)
        .recent(on, RECENT_CHECK_DAYS)
        .values_list("exhibit_id", flat=True)
    )
    return [exhibit for exhibit in exhibits if exhibit.pk not in checked]


@transaction.atomic
def loan_send_out(*, loan, by=None, on=None):
    """The objects leave: each must have had a condition check in the last 30 days; each gets a movement."""
    _require(loan, LoanStatus.AGREED)
    on = on or timezone.localdate()
    if on < (loan.agreed_on or loan.requested_on):
        raise ValidationError(_("Objects cannot go out before the loan was agreed."))
    # One step at a time per loan: the loan's row is locked until the movements are written.
    Loan.objects.select_for_update().filter(pk=loan.pk).first()
    items = list(loan.items.select_related("exhibit"))
    if loan.direction == LoanDirection.OUT:
        if not any(item.exhibit_id for item in items):
            raise ValidationError(_("Add the objects that go on this loan first."))
        unchecked = missing_recent_checks(loan, on)
        if unchecked:
            raise ValidationError(
                _(
                    "A loan goes out only with a condition check of each object in the last %(days)s days. "
                    "Not checked: %(numbers)s."
                )
                % {"days": RECENT_CHECK_DAYS, "numbers": ", ".join(e.accession_number for e in unchecked)}
            )
        when = _moment(on)
        for item in items:
            if item.exhibit_id:
                _leave(item, loan, by, when)
    loan.out_on = on
    loan.status = LoanStatus.OUT
    _save(loan, by)
    return loan


def _leave(item, loan, by, when):
    exhibit = item.exhibit
    if exhibit.current_loan_id and exhibit.current_loan_id != loan.pk:
        raise ValidationError(_("%(number)s is already out on another loan.") % {"number": exhibit.accession_number})
    item.home_room, item.home_case, item.home_in_store = exhibit.room, exhibit.case, exhibit.in_store
    item.save(update_fields=["home_room", "home_case", "home_in_store"])
    Movement.objects.create(
        exhibit=exhibit,
        from_room=exhibit.room,
        from_case=exhibit.case,
        from_store=exhibit.in_store,
        loan=loan,
        moved_at=when,
        moved_by=_user(by),
        reason=_("Loan out %(number)s to %(partner)s") % {"number": loan.number, "partner": loan.partner_name},
    )
    exhibit.current_loan = loan
    exhibit.room, exhibit.case, exhibit.in_store, exhibit.on_display = None, "", False, False
    exhibit._history_user = _user(by)
    exhibit.save()


@transaction.atomic
def loan_return(*, loan, by=None, on=None, condition=None, notes="", checked_by=None):
    """The objects come back to where they left from; a condition check (reason: loan return) is recorded for each."""
    _require(loan, LoanStatus.OUT)
    on = on or timezone.localdate()
    if on < loan.out_on:
        raise ValidationError(_("A loan cannot come back before it went out."))
    if loan.direction == LoanDirection.OUT and not condition:
        raise ValidationError(_("Record the condition the objects came back in."))
    when = _moment(on)
    for item in loan.items.select_related("exhibit", "home_room"):
        exhibit = item.exhibit
        if exhibit is None:
            continue
        room, case, in_store = item.home_room, item.home_case, item.home_in_store
        if room is None and not in_store:
            in_store = True  # its room was removed meanwhile: the store is always there
        Movement.objects.create(
            exhibit=exhibit,
            loan=loan,
            to_room=room,
            to_case=case,
            to_store=in_store,
            moved_at=when,
            moved_by=_user(by),
            reason=_("Return of loan %(number)s") % {"number": loan.number},
        )
        exhibit.current_loan = None
        exhibit.room, exhibit.case, exhibit.in_store = room, case, in_store
        exhibit.condition = condition
        exhibit._history_user = _user(by)
        exhibit.save()
        ConditionCheck.objects.create(
            exhibit=exhibit,
            checked_on=on,
            checked_by=_user(checked_by or by),
            reason=CheckReason.LOAN_RETURN,
            condition=condition,
            notes=notes,
            loan=loan,
        )
    loan.returned_on = on
    loan.status = LoanStatus.RETURNED
    _save(loan, by)
    return loan


def loan_cancel(*, loan, by=None):
    _require(loan, LoanStatus.REQUESTED, LoanStatus.AGREED)
    loan.status = LoanStatus.CANCELLED
    _save(loan, by)
    return loan


def _save(loan, by):
    loan._history_user = _user(by)
    loan.save()


def _user(user):
    return user if user is not None and user.is_authenticated else None


def _moment(day):
    """Noon of `day` in the site's time zone: a movement's time when only its date is known."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
