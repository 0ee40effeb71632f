"""SPECTRUM condition checking: repeatable checks of each object. Staff-only: the notes help forgers."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.images import upload_path, validate_image_upload
from core.storages import private_storage

from .inventory import Condition, Exhibit

# A loan goes out only with a check this recent (SPECTRUM: condition checked before dispatch).
RECENT_CHECK_DAYS = 30


class CheckReason(models.TextChoices):
    ENTRY = "entry", _("Entry")
    LOAN_OUT = "loan_out", _("Loan out")
    LOAN_RETURN = "loan_return", _("Loan return")
    AUDIT = "audit", _("Audit")
    DAMAGE = "damage", _("Damage")


class Completeness(models.TextChoices):
    COMPLETE = "complete", _("Complete")
    INCOMPLETE = "incomplete", _("Incomplete")
    UNKNOWN = "unknown", _("Not known")


class ConditionCheckQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-checked_on", "-pk")

    def recent(self, today, days=RECENT_CHECK_DAYS):
        return self.filter(checked_on__gt=today - datetime.timedelta(days=days), checked_on__lte=today)


class ConditionCheck(models.Model):
    exhibit = models.ForeignKey(
        Exhibit, on_delete=models.CASCADE, related_name="condition_checks", verbose_name=_("exhibit")
    )
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    reason = models.CharField(_("reason"), max_length=12, choices=CheckReason.choices)
    condition = models.CharField(_("overall condition"), max_length=10, choices=Condition.choices)
    completeness = models.CharField(
        _("completeness"), max_length=10, choices=Completeness.choices, default=Completeness.COMPLETE
    )
    hazards = models.TextField(_("hazards"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    next_check_on = models.DateField(_("next check on"), null=True, blank=True)
    loan = models.ForeignKey(
        "museum.Loan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="condition_checks",
        verbose_name=_("loan"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ConditionCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("condition check")
        verbose_name_plural = _("condition checks")
        ordering = ["exhibit", "-checked_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_check_on__gt=models.F("checked_on")), name="condition_next_check_after_check"
            ),
        ]
        indexes = [
            # "Checked in the last 30 days?" for each object of a loan.
            models.Index(fields=["exhibit", "checked_on"], name="condition_exhibit_date"),
        ]

    def __str__(self):
        return f"{self.exhibit.accession_number} {self.checked_on:%Y-%m-%d} {self.get_condition_display()}"


class ConditionPartNote(models.Model):
    """Notes per part: "lid: hairline crack", "base: chip 2 mm"."""

    condition_check = models.ForeignKey(ConditionCheck, on_delete=models.CASCADE, related_name="part_notes")
    part = models.CharField(_("part"), max_length=100)
    note = models.TextField(_("note"))

    class Meta:
        verbose_name = _("note on a part")
        verbose_name_plural = _("notes per part")
        ordering = ["condition_check", "pk"]

    def __str__(self):
        return self.part


class ConditionPhoto(models.Model):
    # Private storage: a photo of a damage is as staff-only as the note describing it.
    condition_check = models.ForeignKey(ConditionCheck, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("photo"), upload_to=upload_path, storage=private_storage, validators=[validate_image_upload]
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)

    # Who may download the photo: staff who may view condition photos (not editors).
    private_files = {"image": "downloadable_by"}

    class Meta:
        verbose_name = _("condition photo")
        verbose_name_plural = _("condition photos")
        ordering = ["condition_check", "pk"]

    def __str__(self):
        return self.caption or self.image.name

    def downloadable_by(self, user):
        return user.is_active and user.is_staff and user.has_perm("museum.view_conditionphoto")
