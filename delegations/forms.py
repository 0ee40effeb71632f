import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.widgets import FastSelect

from .models import CATEGORY_FIELDS, Category, Registration

# Consulates want the passport valid about six months beyond the stay.
PASSPORT_VALID_AFTER_DEPARTURE = datetime.timedelta(days=182)
PASSPORT_NUMBER = re.compile(r"^[A-Z0-9]{5,20}$")
# Latin letters, with the accents some passports print (José, Müller), spaces, hyphens and apostrophes.
LATIN_NAME = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ][A-Za-zÀ-ÖØ-öø-ɏ .,'\-]*")
VISA_FIELDS = (
    "consulate",
    "consulate_language",
    "passport_number",
    "passport_nationality",
    "passport_date_of_birth",
    "passport_expires_on",
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class RegistrationForm(forms.ModelForm):
    """The public registration form: the fields of every category, those of the chosen one required."""

    # Checked by the view (services.form_token_is_valid), which says what is wrong in words.
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    # 250 countries: a <select> built in Python, not one template per option.
    passport_nationality = forms.ChoiceField(label=_("nationality"), required=False, widget=FastSelect)

    class Meta:
        model = Registration
        fields = [
            "category",
            "name_latin",
            "name_native",
            "email",
            "phone",
            "organisation",
            "city_name",
            "position",
            "working_languages",
            "media_outlet",
            "press_card_number",
            "accompanies",
            "arrival_on",
            "departure_on",
            "languages_spoken",
            "interpretation_needed",
            "dietary_needs",
            "access_needs",
            "photo",
            "consent_public_list",
            "consent_photos",
            "visa_letter_requested",
            "consulate",
            "consulate_language",
            "passport_number",
            "passport_nationality",
            "passport_date_of_birth",
            "passport_expires_on",
        ]
        widgets = {
            "arrival_on": DateInput(),
            "departure_on": DateInput(),
            "passport_date_of_birth": DateInput(),
            "passport_expires_on": DateInput(),
            "category": forms.RadioSelect,
            # Not the "clearable" input: the photo is private and has no address to show.
            "photo": forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def __init__(self, *args, window, head=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.window = window
        self.event = window.event
        self.head = head
        choices = window.category_choices
        if head is not None:
            # The private link registers the head's delegation, not a second head.
            choices = [(value, label) for value, label in choices if value != Category.HEAD]
            del self.fields["city_name"]
        self.fields["category"].choices = choices
        self.fields["passport_nationality"].choices = [("", "—"), *((code, name) for code, name in countries)]
        for name in ("name_latin", "email", "organisation", "languages_spoken"):
            self.fields[name].widget.attrs.setdefault("autocomplete", _AUTOCOMPLETE.get(name, "on"))
        if not window.visa_letters:
            for name in ("visa_letter_requested", *VISA_FIELDS):
                del self.fields[name]
        self.fields["photo"].required = True
        if self.instance.pk and self.instance.photo:
            self.fields["photo"].required = False

    def clean_name_latin(self):
        name = " ".join(self.cleaned_data["name_latin"].split())
        if not LATIN_NAME.fullmatch(name):
            raise forms.ValidationError(_("Write the name in Latin letters, as in the passport (A–Z)."))
        return name

    def clean_passport_number(self):
        number = re.sub(r"[\s-]", "", self.cleaned_data.get("passport_number") or "").upper()
        if number and not PASSPORT_NUMBER.match(number):
            raise forms.ValidationError(_("A passport number has 5 to 20 letters and digits."))
        return number or None

    def clean(self):
        data = super().clean()
        category = data.get("category")
        for name in CATEGORY_FIELDS.get(category, ()):
            if not (data.get(name) or "").strip():
                self.add_error(
                    name,
                    _("Required for %(category)s.") % {"category": Category(category).label.lower()},
                )
        self._clean_dates(data)
        if data.get("visa_letter_requested"):
            self._clean_passport(data)
        return data

    def _clean_dates(self, data):
        arrival, departure = data.get("arrival_on"), data.get("departure_on")
        event = self.event
        if arrival and arrival > event.last_day:
            self.add_error("arrival_on", _("Arrival must be on or before the last day of the event."))
        if departure and departure < event.starts_on:
            self.add_error("departure_on", _("Departure must be on or after the first day of the event."))
        if arrival and departure and departure < arrival:
            self.add_error("departure_on", _("Departure cannot be before arrival."))

    def _clean_passport(self, data):
        for name in VISA_FIELDS:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Required for an invitation letter."))
        born, expires = data.get("passport_date_of_birth"), data.get("passport_expires_on")
        if born and not (datetime.date(1900, 1, 1) < born < datetime.date.today()):
            self.add_error("passport_date_of_birth", _("Enter the date of birth as in the passport."))
        departure = data.get("departure_on") or self.event.last_day
        if expires and expires < departure + PASSPORT_VALID_AFTER_DEPARTURE:
            self.add_error(
                "passport_expires_on",
                _("The passport must be valid for six months after your departure; renew it before applying."),
            )


_AUTOCOMPLETE = {"name_latin": "name", "email": "email", "organisation": "organization", "languages_spoken": "off"}
