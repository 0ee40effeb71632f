import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cities.models import City
from core.cache import cached_for_content
from core.collation import binary_order
from core.filters import PortalFilterSet
from core.widgets import FastSelect

from .models import TITLE_SORT_LANGUAGES, Exhibit, ObjectType, Room

FIRST_DECADE = 1950
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
# The list's default order is the accession number, number-aware (HISCM.2009.2 before HISCM.2009.10).
SORT_CHOICES = [
    ("title", _("Title")),
    ("acquired", _("Date acquired, newest first")),
    ("acquired_oldest", _("Date acquired, oldest first")),
]


def decade_choices():
    last = timezone.localdate().year // 10 * 10
    return [(str(d), _("%(decade)ss") % {"decade": d}) for d in range(last, FIRST_DECADE - 1, -10)]


def _giving_cities():
    return City.objects.published().filter(Exists(Exhibit.objects.published().filter(origin_city=OuterRef("pk"))))


def giving_city_choices():
    return cached_for_content("exhibit-filter-cities", lambda: _giving_cities().slug_choices())


def giving_country_choices():
    return cached_for_content("exhibit-filter-countries", lambda: _giving_cities().country_choices())


class ExhibitFilter(PortalFilterSet):
    """The public exhibit list. Invalid values fail their field and are ignored, never a 500."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", widget=forms.TextInput(attrs={"type": "search"}), max_length=100
    )
    type = django_filters.ModelChoiceFilter(
        label=_("Object type"),
        field_name="object_type",
        to_field_name="slug",
        queryset=ObjectType.objects.all(),
        empty_label=_("All types"),
    )
    origin_city = django_filters.ChoiceFilter(
        label=_("Giving city"),
        field_name="origin_city__slug",
        widget=FastSelect,
        choices=giving_city_choices,
        empty_label=_("All cities"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        widget=FastSelect,
        field_name="origin_city__country",
        choices=giving_country_choices,
        empty_label=_("All countries"),
    )
    room = django_filters.ModelChoiceFilter(
        label=_("Room"), to_field_name="slug", queryset=Room.objects.published(), empty_label=_("All rooms")
    )
    decade = django_filters.ChoiceFilter(
        label=_("Acquired in"), choices=decade_choices, method="filter_decade", empty_label=_("Any decade")
    )
    on_display = django_filters.ChoiceFilter(
        label=_("On display"), choices=YES_NO, method="filter_on_display", empty_label=_("Either")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="filter_sort", empty_label=_("Accession number")
    )

    class Meta:
        model = Exhibit
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_decade(self, queryset, name, value):
        start = int(value)
        return queryset.filter(acquisition_date__year__gte=start, acquisition_date__year__lte=start + 9)

    def filter_on_display(self, queryset, name, value):
        return queryset.filter(on_display=value == "yes")

    def filter_sort(self, queryset, name, value):
        if value == "title":
            # The title shown in the active language, ordered as that language sorts (stored on save).
            language = (get_language() or "en").replace("-", "_")
            field = f"title_sort_{language}" if language in TITLE_SORT_LANGUAGES else "title_sort_en"
            return queryset.order_by(binary_order(F(field)), "accession_sort")
        if value == "acquired":
            return queryset.order_by(F("acquisition_date").desc(nulls_last=True), "accession_sort")
        if value == "acquired_oldest":
            return queryset.order_by(F("acquisition_date").asc(nulls_last=True), "accession_sort")
        return queryset
