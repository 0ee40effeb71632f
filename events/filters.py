import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cities.models import City
from core.cache import cached_for_content
from core.filters import PortalFilterSet
from core.widgets import FastSelect

from .apps import READS
from .models import Event, EventKind, EventSeries, Participation


def _participating_cities():
    return City.objects.published().filter(Exists(Participation.objects.filter(city=OuterRef("pk"))))


def participating_city_choices():
    return cached_for_content("event-filter-cities", lambda: _participating_cities().slug_choices(), reads=READS)


def participating_country_choices():
    return cached_for_content("event-filter-countries", lambda: _participating_cities().country_choices(), reads=READS)


def _series():
    """{slug: (name, pk)} of the published series, in their order (read once per content version)."""
    return cached_for_content(
        "event-filter-series", lambda: {s.slug: (str(s), s.pk) for s in EventSeries.objects.published()}, reads=READS
    )


def series_choices():
    return [(slug, name) for slug, (name, _pk) in _series().items()]


class YearFilter(django_filters.NumberFilter):
    # Whole years only: "2026.5" or "abc" is a form error, not a database error.
    field_class = forms.IntegerField


class EventFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    year = YearFilter(label=_("Year"), method="filter_year", min_value=1900, max_value=2100)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind.choices, empty_label=_("Any kind"))
    series = django_filters.ChoiceFilter(
        label=_("Series"),
        choices=series_choices,
        method="filter_series",
        widget=FastSelect.prerendered("event-filter-series", series_choices),
        empty_label=_("Any series"),
        # The words visitors saw when this was a drop-down of records.
        error_messages={"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]},
    )
    city = django_filters.ChoiceFilter(
        label=_("City"),
        widget=FastSelect.prerendered("event-filter-cities", participating_city_choices),
        choices=participating_city_choices,
        method="filter_city",
        empty_label=_("Any city"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        method="filter_country",
        choices=participating_country_choices,
        empty_label=_("Any country"),
        widget=FastSelect.prerendered("event-filter-countries", participating_country_choices),
    )

    class Meta:
        model = Event
        fields = ["q", "year", "kind", "series", "city", "country"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_year(self, queryset, name, value):
        # An event belongs to every year it overlaps, so a New Year event shows under both years.
        first, last = datetime.date(value, 1, 1), datetime.date(value, 12, 31)
        return queryset.filter(
            Q(starts_on__lte=last) & (Q(ends_on__gte=first) | Q(ends_on__isnull=True, starts_on__gte=first))
        )

    def filter_series(self, queryset, name, value):
        # The value was checked against these choices; one removed since then matches nothing.
        found = _series().get(value)
        return queryset.filter(series=found[1]) if found else queryset.none()

    def filter_city(self, queryset, name, value):
        # Exists rather than a join, so an event is listed once.
        return queryset.filter(Exists(Participation.objects.filter(event=OuterRef("pk"), city__slug=value)))

    def filter_country(self, queryset, name, value):
        return queryset.filter(Exists(Participation.objects.filter(event=OuterRef("pk"), city__country=value)))
