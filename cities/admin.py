from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.admin import ConcurrentEditMixin, HistoryAdmin, ImportExportAdminMixin, PublicRecordAdmin
from core.widgets import FastSelect

from .duplicates import similar_cities
from .models import Agreement, City, CityFigure, Contact, Partnership, PartnershipMilestone, Source
from .resources import CityResource, PartnershipResource

# Search across every language of the name and the other spellings ("Puchon" finds Bucheon).
CITY_SEARCH_FIELDS = ["name_en", "name_zh_hans", "name_ru", "alternative_names", "source_spellings", "slug"]
PARTNER_SEARCH_FIELDS = [f"city__{field}" for field in CITY_SEARCH_FIELDS]


class CountryInUseFilter(admin.SimpleListFilter):
    """Only the countries that have cities (a handful, not 249), named in the active language."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        return City.objects.country_choices()

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value().upper())
        return queryset


class CityFigureInline(TranslationTabularInline):
    model = CityFigure
    extra = 0
    fields = ["label", "value", "period", "source", "order"]


class CityAdminForm(forms.ModelForm):
    """Warns before saving a city that seems to exist already (cities.duplicates); ticking the box saves anyway."""

    confirm_new_city = forms.BooleanField(
        label=_("This is a different city from the similar ones listed"),
        required=False,
        help_text=_("Tick only after the portal has warned you about a similar city and you have checked."),
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("confirm_new_city"):
            return cleaned_data
        country = str(cleaned_data.get("country") or "")
        similar = similar_cities(values=cleaned_data, country=country, exclude_pk=self.instance.pk)
        if similar:
            self.add_error(
                "confirm_new_city",
                ValidationError(
                    _(
                        "A city like this one is already recorded: %(cities)s. Open it instead, or, if this is a "
                        "different city, tick the box and save again."
                    )
                    % {"cities": ", ".join(f"{city.name} ({city.country.name})" for city in similar)},
                    code="similar_city",
                ),
            )
        return cleaned_data


@admin.register(City)
class CityAdmin(ConcurrentEditMixin, ImportExportAdminMixin, TranslationAdmin, PublicRecordAdmin):
    resource_classes = [CityResource]
    form = CityAdminForm
    list_display = [
        "name",
        "country_name",
        "administrative_level",
        "partnership_kind",
        "partnership_state",
        "partnership_established",
        "status",
        "is_home",
    ]
    list_filter = ["status", CountryInUseFilter, "administrative_level", "partnership__kind", "partnership__state"]
    list_select_related = ["partnership"]
    search_fields = CITY_SEARCH_FIELDS
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [CityFigureInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "alternative_names",
                    "source_spellings",
                    "slug",
                    "country",
                    "administrative_level",
                    "is_home",
                    "confirm_new_city",
                ]
            },
        ),
        (_("Profile"), {"fields": ["latitude", "longitude", "population", "population_year", "area_km2", "mayor"]}),
        (_("Presentation"), {"fields": ["website", "description", "symbols", "wikidata_id", "photo"]}),
        (_("Record"), {"fields": ["status", "source", "created", "updated"]}),
    ]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        # 249 countries: a <select> built in Python, not one template per option (about 15 ms a page). The admin
        # applies no formfield_overrides to a field with choices, so the widget is chosen here.
        if isinstance(db_field, CountryField):
            kwargs["widget"] = FastSelect
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description=_("country"), ordering="country")
    def country_name(self, city):
        # The admin's own column would translate all 249 country names for every row (display_for_field).
        return city.country.name

    @admin.display(description=_("kind"), ordering="partnership__kind")
    def partnership_kind(self, city):
        partnership = getattr(city, "partnership", None)
        return partnership.get_kind_display() if partnership else "—"

    @admin.display(description=_("partnership status"), ordering="partnership__state")
    def partnership_state(self, city):
        partnership = getattr(city, "partnership", None)
        return partnership.get_state_display() if partnership else "—"

    @admin.display(description=_("established"), ordering="partnership__established_on")
    def partnership_established(self, city):
        partnership = getattr(city, "partnership", None)
        return (partnership.established_display or "—") if partnership else "—"


class MilestoneInline(admin.TabularInline):
    model = PartnershipMilestone
    extra = 0
    fields = ["date", "date_precision", "kind", "note", "source"]


class AgreementInline(admin.StackedInline):
    model = Agreement
    extra = 0
    fields = [("title", "is_public"), ("signed_on", "signed_precision"), "signatories", "languages", "pdf", "source"]


class ContactInline(admin.StackedInline):
    model = Contact
    extra = 0
    fields = [("name", "position"), "organisation", ("email", "phone"), "notes"]


@admin.register(Partnership)
class PartnershipAdmin(ConcurrentEditMixin, ImportExportAdminMixin, TranslationAdmin, PublicRecordAdmin):
    resource_classes = [PartnershipResource]
    list_display = [
        "city",
        "country",
        "kind",
        "state",
        "established",
        "years",
        "next_anniversary",
        "status",
    ]
    list_filter = ["kind", "state", "status"]
    list_select_related = ["city"]
    search_fields = PARTNER_SEARCH_FIELDS
    autocomplete_fields = ["city"]
    inlines = [MilestoneInline, AgreementInline, ContactInline]
    fieldsets = [
        (None, {"fields": ["city", "kind", "state"]}),
        (_("Dates"), {"fields": [("established_on", "established_precision"), "ended_on"]}),
        (_("Content"), {"fields": ["summary", "areas_of_cooperation"]}),
        (_("Record"), {"fields": ["status", "source", "created", "updated"]}),
    ]

    @admin.display(description=_("country"), ordering="city__country")
    def country(self, partnership):
        return partnership.city.country.name

    @admin.display(description=_("established"), ordering="established_on")
    def established(self, partnership):
        return partnership.established_display or "—"

    @admin.display(description=_("years"))
    def years(self, partnership):
        years = partnership.years_of_partnership()
        return "—" if years is None else years

    @admin.display(description=_("next anniversary"))
    def next_anniversary(self, partnership):
        anniversary = partnership.next_anniversary()
        if anniversary is None:
            return "—"
        years, day = anniversary
        return _("%(years)d years, %(year)d") % {"years": years, "year": day.year}


class PartnershipPartAdmin(HistoryAdmin):
    """Milestones, agreements and contacts are usually kept inline; these lists are for searching them all."""

    autocomplete_fields = ["partnership"]
    list_select_related = ["partnership__city"]


@admin.register(PartnershipMilestone)
class PartnershipMilestoneAdmin(PartnershipPartAdmin):
    list_display = ["partnership", "kind", "date_display", "source"]
    list_filter = ["kind"]
    search_fields = [f"partnership__{field}" for field in PARTNER_SEARCH_FIELDS] + ["note"]
    date_hierarchy = "date"

    @admin.display(description=_("date"), ordering="date")
    def date_display(self, milestone):
        return milestone.date_display


@admin.register(Agreement)
class AgreementAdmin(PartnershipPartAdmin):
    list_display = ["title", "partnership", "signed", "is_public", "has_pdf"]
    list_filter = ["is_public"]
    search_fields = ["title", "signatories"] + [f"partnership__{field}" for field in PARTNER_SEARCH_FIELDS]

    @admin.display(description=_("signed on"), ordering="signed_on")
    def signed(self, agreement):
        return agreement.signed_display or "—"

    @admin.display(description=_("PDF"), boolean=True)
    def has_pdf(self, agreement):
        return bool(agreement.pdf)


@admin.register(Contact)
class ContactAdmin(PartnershipPartAdmin):
    list_display = ["name", "position", "organisation", "partnership", "email", "phone"]
    search_fields = ["name", "position", "organisation", "email"] + [
        f"partnership__{field}" for field in PARTNER_SEARCH_FIELDS
    ]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    """The publications facts come from; records name them by key in their source field."""

    list_display = ["title", "publisher", "kind", "published_on", "key"]
    search_fields = ["title", "publisher", "key"]
    list_filter = ["kind"]
