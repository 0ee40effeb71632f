"""Cataloguers' forms: the SPECTRUM inventory core, the current location, and one primary image."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.publishing import Status

from .models import ACCESSION_PATTERN, Exhibit, ExhibitImage

LOCATION_FIELDS = {"room", "case", "in_store"}


class ExhibitAdminForm(forms.ModelForm):
    reason_for_move = forms.CharField(
        label=_("reason for move"),
        max_length=300,
        required=False,
        help_text=_("When you change the room, case or store, say why; the move is recorded in the location history."),
    )

    class Meta:
        model = Exhibit
        # The admin's fieldsets choose the fields shown; this is the editable catalogue record.
        fields = [
            *["accession_number", "object_name", "object_type", "number_of_objects", "brief_description"],
            *["room", "case", "in_store", "current_owner", "recorder", "recording_date"],
            *["title", "maker", "date_made", "materials", "dimensions", "inscription", "condition", "condition_note"],
            *["origin_city", "donor", "acquisition_method", "acquisition_date", "presented_at", "received_by"],
            *["provenance", "on_display", "status", "source"],
        ]

    def clean_accession_number(self):
        number = (self.cleaned_data.get("accession_number") or "").strip()
        if not ACCESSION_PATTERN.match(number):
            raise ValidationError(
                _("Write the accession number as HISCM.<year>.<serial>, for example HISCM.2009.12."),
                code="bad_accession_number",
            )
        taken = Exhibit.objects.filter(accession_number=number).exclude(pk=self.instance.pk)
        if taken.exists():
            year = number.split(".")[1]
            raise ValidationError(
                _("%(number)s is already used by another exhibit; the next free number for %(year)s is %(next)s.")
                % {"number": number, "year": year, "next": Exhibit.objects.next_accession_number(year)},
                code="accession_number_taken",
            )
        return number

    def clean_status(self):
        status = self.cleaned_data.get("status")
        if self.instance.exited_on and status == Status.PUBLISHED:
            raise ValidationError(_("This object has left the collection and cannot be published."), code="exited")
        return status

    def clean_recording_date(self):
        day = self.cleaned_data.get("recording_date")
        if day and day > timezone.localdate():
            raise ValidationError(_("The recording date cannot be in the future."), code="future")
        return day

    def clean(self):
        cleaned = super().clean()
        room, in_store = cleaned.get("room"), cleaned.get("in_store")
        if self.instance.current_loan_id:
            # Out on loan: the loan's return puts it back; its location cannot be typed meanwhile.
            if room is not None or in_store:
                self.add_error(
                    "room",
                    ValidationError(
                        _("This object is out on loan; record the loan's return to bring it back."), code="on_loan"
                    ),
                )
        elif room is None and not in_store and "room" not in self.errors:
            self.add_error(
                "room",
                ValidationError(
                    _("Every object needs a current location: choose its room, or tick “in store”."),
                    code="no_location",
                ),
            )
        elif room is not None and in_store:
            self.add_error(
                "in_store",
                ValidationError(_("An object is either in a room or in store, not both."), code="two_locations"),
            )
        return cleaned


class ExhibitImageForm(forms.ModelForm):
    class Meta:
        model = ExhibitImage
        fields = ["image", "is_primary", "caption", "credit", "order"]
        error_messages = {
            "image": {
                "invalid_image": _("The file is not a readable image, or it is damaged or incomplete."),
            }
        }


class ExhibitImageFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        primaries = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("is_primary")
            and not form.cleaned_data.get("DELETE")
        ]
        if len(primaries) > 1:
            raise ValidationError(
                _("Only one image can be the primary image; untick “primary” on all but one."),
                code="several_primary_images",
            )
