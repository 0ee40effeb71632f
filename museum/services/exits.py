"""Exits: a cataloguer proposes, an administrator approves; the object leaves the public catalogue for good."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.publishing import Status

from ..models import APPROVE_EXITS, Deaccession, ExitStatus


def exit_propose(*, exhibit, method, reason, by, public_note=""):
    if exhibit.exited_on:
        raise ValidationError(_("%(number)s has already left the collection.") % {"number": exhibit.accession_number})
    if exhibit.current_loan_id:
        raise ValidationError(_("%(number)s is out on loan.") % {"number": exhibit.accession_number})
    proposal = Deaccession(exhibit=exhibit, method=method, reason=reason, public_note=public_note, proposed_by=by)
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def exit_approve(*, proposal, by):
    """Approve: the exhibit is unpublished for good and marked as gone; its record, history and number stay."""
    _decide(proposal, by)
    exhibit = proposal.exhibit
    if exhibit.current_loan_id:
        raise ValidationError(_("%(number)s is out on loan.") % {"number": exhibit.accession_number})
    proposal.status = ExitStatus.APPROVED
    proposal.save()
    exhibit.exited_on = timezone.localdate()
    exhibit.status = Status.DRAFT
    exhibit.on_display = False
    exhibit._history_user = by
    exhibit.save()
    return proposal


def exit_reject(*, proposal, by):
    _decide(proposal, by)
    proposal.status = ExitStatus.REJECTED
    proposal.save()
    return proposal


def _decide(proposal, by):
    if not by.has_perm(APPROVE_EXITS):
        raise PermissionDenied(_("Only an administrator approves an exit from the collection."))
    if proposal.status != ExitStatus.PROPOSED:
        raise ValidationError(_("This proposal was already decided."))
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal._history_user = by
