"""SPECTRUM deaccession and disposal: an object leaves the collection, its record and number stay."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .inventory import Exhibit

APPROVE_EXITS = "museum.approve_deaccession"


class ExitStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ExitMethod(models.TextChoices):
    TRANSFER = "transfer", _("Transfer to another institution")
    RETURN = "return", _("Return to the giver")
    LOSS = "loss", _("Loss or theft")
    DESTRUCTION = "destruction", _("Destruction (beyond repair)")


class Deaccession(models.Model):
    exhibit = models.ForeignKey(Exhibit, on_delete=models.PROTECT, related_name="exits", verbose_name=_("exhibit"))
    method = models.CharField(_("method"), max_length=12, choices=ExitMethod.choices)
    reason = models.TextField(_("reason"))
    public_note = models.CharField(
        _("public note"),
        max_length=300,
        blank=True,
        help_text=_('Shown on the object\'s former page, e.g. "Returned to the City of Niigata in 2026."'),
    )
    status = models.CharField(_("status"), max_length=10, choices=ExitStatus.choices, default=ExitStatus.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exit from the collection")
        verbose_name_plural = _("exits from the collection")
        ordering = ["-proposed_at", "-pk"]
        permissions = [("approve_deaccession", _("Can approve an exit from the collection"))]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibit"], condition=Q(status="approved"), name="deaccession_approved_once"
            ),
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(decided_at__isnull=False), name="deaccession_decided_has_time"
            ),
        ]

    def __str__(self):
        return f"{self.exhibit.accession_number}: {self.get_status_display()}"
