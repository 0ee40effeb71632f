"""Audits: scan what is there, compare with the records, close with confirmed locations and chosen moves."""

import re
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Audit, AuditEntry, AuditStatus, Exhibit, Outcome
from .inventory import exhibit_move

_NUMBER_AT_END = re.compile(r"([A-Za-z]+\.\d{4}\.\d+)/?$")


def accession_from_code(text):
    """The accession number in what a label's QR code holds (the exhibit's public URL) or what was typed."""
    text = (text or "").strip()
    path = unquote(urlsplit(text).path) if "/" in text else text
    match = _NUMBER_AT_END.search(path)
    return match.group(1).upper() if match else ""


def _location_of(exhibit):
    return str(exhibit.location_display or "—")


@transaction.atomic
def audit_scan(*, audit, code, by=None):
    """Record one scanned or typed object; returns the AuditEntry (the same one when scanned twice)."""
    if not audit.is_open:
        raise ValidationError(_("This audit is closed."))
    number = accession_from_code(code)
    exhibit = Exhibit.objects.filter(accession_number=number).select_related("room", "current_loan").first()
    if exhibit is None:
        raise ValidationError(_("No object numbered %(code)s.") % {"code": number or code[:60]})
    here = audit.expected_exhibits().filter(pk=exhibit.pk).exists()
    entry, _created = AuditEntry.objects.get_or_create(
        audit=audit,
        exhibit=exhibit,
        defaults={
            "outcome": Outcome.FOUND if here else Outcome.ELSEWHERE,
            "recorded_location": _location_of(exhibit),
            "scanned_at": timezone.now(),
            "scanned_by": by,
        },
    )
    return entry


def audit_summary(audit):
    """{found, elsewhere, missing}: lists of exhibits; missing is what the records place here and was not scanned."""
    entries = list(audit.entries.select_related("exhibit").order_by("exhibit__accession_sort"))
    summary = {
        "found": [e for e in entries if e.outcome == Outcome.FOUND],
        "elsewhere": [e for e in entries if e.outcome == Outcome.ELSEWHERE],
        "missing": [e for e in entries if e.outcome == Outcome.MISSING],
    }
    if audit.is_open:
        scanned = {e.exhibit_id for e in entries}
        summary["missing"] = [
            AuditEntry(audit=audit, exhibit=exhibit, outcome=Outcome.MISSING, recorded_location=_location_of(exhibit))
            for exhibit in audit.expected_exhibits().select_related("room").order_by("accession_sort")
            if exhibit.pk not in scanned
        ]
    return summary


@transaction.atomic
def audit_close(*, audit, by, move=()):
    """Close: found and scanned objects get their location confirmed (who, when); missing ones are recorded;
    each exhibit in `move` (ids of objects present but recorded elsewhere) is moved here with a movement."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if not audit.is_open:
        raise ValidationError(_("This audit is already closed."))
    now = timezone.now()
    move = {int(pk) for pk in move}
    for entry in audit_summary(audit)["missing"]:
        entry.save()
    for entry in audit.entries.select_related("exhibit").exclude(outcome=Outcome.MISSING):
        if entry.outcome == Outcome.ELSEWHERE:
            if entry.exhibit_id not in move:
                continue
            entry.movement = exhibit_move(
                exhibit=entry.exhibit,
                to_room=audit.room,
                to_case="",  # found in the room, case not known
                to_store=audit.in_store,
                by=by,
                reason=_("Found here by the audit of %(date)s") % {"date": f"{audit.opened_at:%Y-%m-%d}"},
            )
        entry.confirmed_at, entry.confirmed_by = now, by
        entry.save(update_fields=["movement", "confirmed_at", "confirmed_by"])
    audit.status, audit.closed_at, audit.closed_by = AuditStatus.CLOSED, now, by
    audit.save(update_fields=["status", "closed_at", "closed_by"])
    return audit
