"""SPECTRUM loans in and loans out: the museum's gifts travel to partner cities' exhibitions, and come back."""

import datetime
import re
import uuid

from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cities.models import City
from core.storages import private_storage

from .inventory import Exhibit, accession_sort_key

DUE_SOON_DAYS = 30


def agreement_path(instance, filename):
    """museum/loan/<random>.pdf: no name a person chose reaches the disk; the path names the owning model."""
    meta = instance._meta
    return f"{meta.app_label}/{meta.model_name}/{uuid.uuid4().hex}.pdf"


class LoanDirection(models.TextChoices):
    IN = "in", _("Loan in")
    OUT = "out", _("Loan out")


LOAN_PREFIXES = {LoanDirection.IN: "LI", LoanDirection.OUT: "LO"}


class LoanStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    AGREED = "agreed", _("Agreed")
    OUT = "out", _("Out")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")


class LoanQuerySet(models.QuerySet):
    def next_number(self, direction, year):
        """The next free `LO.<year>.<n>` / `LI.<year>.<n>`: one past the highest serial of that year."""
        prefix = f"{LOAN_PREFIXES[direction]}.{year}."
        highest = (
            self.filter(number_sort__startswith=accession_sort_key(prefix))
            .order_by("-number_sort")
            .values_list("number", flat=True)
            .first()
        )
        serial = int(re.match(r"\d+", highest[len(prefix) :]).group(0)) if highest else 0
        return f"{prefix}{serial + 1}"

    def out(self):
        return self.filter(status=LoanStatus.OUT)

    def due_back(self, today, days=DUE_SOON_DAYS):
        """Loans out whose agreed return date is within `days` from `today`, or already past (overdue)."""
        return self.out().filter(end_on__lte=today + datetime.timedelta(days=days))

    def involving(self, city):
        return self.filter(partner_city=city)


class Loan(models.Model):
    number = models.CharField(
        _("loan number"),
        max_length=30,
        unique=True,
        help_text=_("LO.<year>.<n> for loans out, LI.<year>.<n> for loans in"),
    )
    number_sort = models.CharField(max_length=60, editable=False, db_index=True)
    direction = models.CharField(_("direction"), max_length=3, choices=LoanDirection.choices)
    status = models.CharField(_("status"), max_length=10, choices=LoanStatus.choices, default=LoanStatus.REQUESTED)
    partner_name = models.CharField(
        _("borrower or lender"), max_length=200, help_text=_("The institution, e.g. Niigata City Art Museum.")
    )
    partner_city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="museum_loans",
        verbose_name=_("partner city"),
    )
    purpose = models.CharField(_("purpose"), max_length=300, help_text=_("e.g. an exhibition in Niigata"))
    requested_on = models.DateField(_("requested on"))
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    start_on = models.DateField(_("loan from"), null=True, blank=True)
    end_on = models.DateField(_("due back on"), null=True, blank=True)
    out_on = models.DateField(_("went out on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    # A value: shown only to staff who may view valuations, and kept out of the history (see below).
    insurance_value = models.DecimalField(_("insurance value"), max_digits=14, decimal_places=2, null=True, blank=True)
    insurance_currency = models.CharField(_("currency"), max_length=3, default="CNY", blank=True)
    agreement_document = models.FileField(
        _("agreement document (PDF)"),
        upload_to=agreement_path,
        storage=private_storage,
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
    )
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # Editors may read a loan's history; the insurance value is a valuation and stays out of it.
    history = HistoricalRecords(excluded_fields=["insurance_value", "insurance_currency"])

    objects = LoanQuerySet.as_manager()
    # Who may download the file (the admin's agreement view, and the site's private-file view).
    private_files = {"agreement_document": "downloadable_by"}

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-number_sort"]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")), name="loan_ends_after_start"),
            models.CheckConstraint(
                condition=Q(returned_on__gte=models.F("out_on")), name="loan_returned_after_going_out"
            ),
            models.CheckConstraint(
                condition=Q(agreed_on__gte=models.F("requested_on")), name="loan_agreed_after_request"
            ),
            models.CheckConstraint(condition=Q(insurance_value__gte=0), name="loan_insurance_not_negative"),
            # An object is out only once it went out, and returned only once it came back.
            models.CheckConstraint(
                condition=~Q(status__in=["out", "returned"]) | Q(out_on__isnull=False), name="loan_out_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | Q(returned_on__isnull=False), name="loan_returned_has_date"
            ),
        ]
        indexes = [
            # The dashboard's "due back" list: loans out by return date.
            models.Index(fields=["status", "end_on"], name="loan_status_end"),
        ]

    def __str__(self):
        return f"{self.number} {self.partner_name}"

    def save(self, *args, **kwargs):
        self.number_sort = accession_sort_key(self.number)
        super().save(*args, **kwargs)

    def downloadable_by(self, user):
        return user.is_active and user.is_staff and user.has_perm("museum.view_loan")

    def is_overdue(self, today):
        return self.status == LoanStatus.OUT and self.end_on is not None and self.end_on < today

    @property
    def partner_display(self):
        return f"{self.partner_name}, {self.partner_city}" if self.partner_city_id else self.partner_name


class LoanObject(models.Model):
    """An object on a loan: one of ours (loan out) or a lender's, described (loan in)."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="items", verbose_name=_("loan"))
    exhibit = models.ForeignKey(
        Exhibit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="loan_objects",
        verbose_name=_("exhibit"),
    )
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("For a lender's object, which is not in our inventory."),
    )
    # The location it left from, so that the return puts it back there.
    home_room = models.ForeignKey(
        "museum.Room", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    home_case = models.CharField(max_length=50, blank=True, editable=False)
    home_in_store = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("object on loan")
        verbose_name_plural = _("objects on loan")
        ordering = ["loan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "exhibit"], name="loan_object_once"),
            models.CheckConstraint(condition=Q(exhibit__isnull=False) | ~Q(description=""), name="loan_object_named"),
        ]

    def __str__(self):
        return str(self.exhibit) if self.exhibit_id else self.description


__all__ = ["DUE_SOON_DAYS", "LOAN_PREFIXES", "Loan", "LoanDirection", "LoanObject", "LoanQuerySet", "LoanStatus"]
