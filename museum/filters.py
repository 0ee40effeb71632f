from datetime import date

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


def _object_types():
    """{slug: (name, pk)} of every object type, in the vocabulary's order (read once per content version)."""
    return cached_for_content(
        "exhibit-filter-types", lambda: {t.slug: (str(t), t.pk) for t in ObjectType.objects.all()}
    )


def _rooms():
    """{slug: (name, pk)} of the published rooms, in the museum's order."""
    return cached_for_content(
        "exhibit-filter-rooms", lambda: {r.slug: (str(r), r.pk) for r in Room.objects.published()}
    )


def object_type_choices():
    return [(slug, name) for slug, (name, _pk) in _object_types().items()]


def room_choices():
    return [(slug, name) for slug, (name, _pk) in _rooms().items()]


class ExhibitFilter(PortalFilterSet):
    """The public exhibit list. Invalid values fail their field and are ignored, never a 500."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", widget=forms.TextInput(attrs={"type": "search"}), max_length=100
    )
    # Types, cities, countries and rooms come from per-content-version choices, with their <option>s kept too.
    type = django_filters.ChoiceFilter(
        label=_("Object type"),
        choices=object_type_choices,
        method="filter_type",
        widget=FastSelect.prerendered("exhibit-filter-types", object_type_choices),
        empty_label=_("All types"),
    )
    origin_city = django_filters.ChoiceFilter(
        label=_("Giving city"),
        field_name="origin_city__slug",
        widget=FastSelect.prerendered("exhibit-filter-cities", giving_city_choices),
        choices=giving_city_choices,
        empty_label=_("All cities"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        widget=FastSelect.prerendered("exhibit-filter-countries", giving_country_choices),
        field_name="origin_city__country",
        choices=giving_country_choices,
        empty_label=_("All countries"),
    )
    room = django_filters.ChoiceFilter(
        label=_("Room"),
        choices=room_choices,
        method="filter_room",
        widget=FastSelect.prerendered("exhibit-filter-rooms", room_choices),
        empty_label=_("All rooms"),
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

    def filter_type(self, queryset, name, value):
        # The value was checked against these choices; one removed since then matches nothing.
        found = _object_types().get(value)
        return queryset.filter(object_type=found[1]) if found else queryset.none()

    def filter_room(self, queryset, name, value):
        found = _rooms().get(value)
        return queryset.filter(room=found[1]) if found else queryset.none()

    def filter_decade(self, queryset, name, value):
        start = int(value)
        if (self.form.cleaned_data.get("sort") or "").startswith("acquired"):
            # In date order, a decade is a range of the index the list walks in that order.
            return queryset.filter(acquisition_date__gte=date(start, 1, 1), acquisition_date__lt=date(start + 10, 1, 1))
        # In any other order, the decade stored on save: one equality of the index that carries the other filters
        # (migration 0014). A range of dates walked the exhibits in accession order, and accession numbers follow
        # the year: the 2020s' exhibits came last (80 ms at 100,000).
        return queryset.filter(acquisition_decade=start)

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
