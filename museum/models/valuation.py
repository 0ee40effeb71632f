"""SPECTRUM valuation: what an object is worth, seen only by those who may view valuations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .inventory import Exhibit

VIEW_VALUATIONS = "museum.view_valuation"


def may_view_valuations(user):
    """The one rule for values (valuations, loan insurance): administrators, and whoever was given the permission."""
    return bool(user is not None and user.is_authenticated and user.has_perm(VIEW_VALUATIONS))


class ValuationSource(models.TextChoices):
    APPRAISER = "appraiser", _("Appraiser")
    INSURANCE = "insurance", _("Insurance")
    PURCHASE = "purchase", _("Purchase price")
    DONOR = "donor", _("Donor's declaration")


class ValuationReason(models.TextChoices):
    INSURANCE = "insurance", _("Insurance")
    LOAN = "loan", _("Loan")
    ACQUISITION = "acquisition", _("Acquisition")
    REVIEW = "review", _("Periodic review")


class Valuation(models.Model):
    exhibit = models.ForeignKey(Exhibit, on_delete=models.CASCADE, related_name="valuations", verbose_name=_("exhibit"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    valued_on = models.DateField(_("valued on"))
    source = models.CharField(_("source"), max_length=10, choices=ValuationSource.choices)
    valuer = models.CharField(_("valuer"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=12, choices=ValuationReason.choices)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("valuation")
        verbose_name_plural = _("valuations")
        ordering = ["exhibit", "-valued_on", "-pk"]
        # "View valuations" is its own permission, given on purpose: no role gets it with the museum's models.
        default_permissions = ("add", "change", "delete")
        permissions = [("view_valuation", _("Can view valuations (object values and loan insurance)"))]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="valuation_not_negative"),
        ]

    def __str__(self):
        return f"{self.exhibit.accession_number} {self.valued_on:%Y-%m-%d}"
