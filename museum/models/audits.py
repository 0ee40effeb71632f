"""SPECTRUM inventory (audit): a room or the store counted object by object, with a phone."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .inventory import Exhibit, Room


class AuditStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    FOUND = "found", _("Found")
    MISSING = "missing", _("Missing")
    ELSEWHERE = "elsewhere", _("Present but recorded elsewhere")


class Audit(models.Model):
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="audits", verbose_name=_("room")
    )
    in_store = models.BooleanField(_("the store"), default=False)
    status = models.CharField(_("status"), max_length=6, choices=AuditStatus.choices, default=AuditStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            # One location per audit: a room, or the store.
            models.CheckConstraint(
                condition=(Q(room__isnull=False) & Q(in_store=False)) | (Q(room__isnull=True) & Q(in_store=True)),
                name="audit_one_location",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False), name="audit_closed_has_time"
            ),
        ]

    def __str__(self):
        return f"{self.location_display} · {self.opened_at:%Y-%m-%d}"

    @property
    def location_display(self):
        return str(self.room) if self.room_id else str(_("Store"))

    @property
    def is_open(self):
        return self.status == AuditStatus.OPEN

    def expected_exhibits(self):
        """The objects the records place here (not on loan, not exited)."""
        where = Q(room=self.room) if self.room_id else Q(room__isnull=True, in_store=True)
        return Exhibit.objects.filter(where, exited_on__isnull=True, current_loan__isnull=True)


class AuditEntry(models.Model):
    """One object of an audit: scanned (found, or present but recorded elsewhere) or, at closing, missing."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="entries", verbose_name=_("audit"))
    exhibit = models.ForeignKey(
        Exhibit, on_delete=models.PROTECT, related_name="audit_entries", verbose_name=_("exhibit")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    # Where the record placed it when scanned: what "elsewhere" means, kept after a move.
    recorded_location = models.CharField(_("recorded location"), max_length=300, blank=True)
    scanned_at = models.DateTimeField(_("scanned at"), null=True, blank=True)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("location confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location confirmed by"),
    )
    movement = models.ForeignKey(
        "museum.Movement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("movement"),
    )

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["audit", "outcome", "exhibit__accession_sort"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "exhibit"], name="audit_entry_once"),
        ]

    def __str__(self):
        return f"{self.exhibit.accession_number}: {self.get_outcome_display()}"
