import django_filters

from cities.continents import Continent, countries_in
from cities.filters import PartnerCityFilter
from cities.models import Partnership, PartnershipKind, PartnershipState
from core.filters import PortalFilterSet
from events.filters import EventFilter
from museum.filters import ExhibitFilter


class PartnershipFilter(PortalFilterSet):
    """The partnerships list: the directory's filters, read from the partnership's side."""

    kind = django_filters.ChoiceFilter(choices=PartnershipKind.choices)
    state = django_filters.ChoiceFilter(choices=PartnershipState.choices)
    country = django_filters.CharFilter(field_name="city__country", max_length=2)
    continent = django_filters.ChoiceFilter(choices=Continent.choices, method="filter_continent")
    established_after = django_filters.DateFilter(field_name="established_on", lookup_expr="gte")
    established_before = django_filters.DateFilter(field_name="established_on", lookup_expr="lte")

    class Meta:
        model = Partnership
        fields = ["kind", "state", "country", "continent"]

    def filter_continent(self, queryset, name, value):
        return queryset.filter(city__country__in=countries_in(value))


# The public pages' FilterSets, with the value types of their method filters spelled out for the schema
# (drf-spectacular cannot guess a choice type from choices that are read from the data and may be empty).


class ApiPartnerCityFilter(PartnerCityFilter):
    def filter_decade(self, queryset, name, value: str):
        return super().filter_decade(queryset, name, value)


class ApiEventFilter(EventFilter):
    def filter_city(self, queryset, name, value: str):
        return super().filter_city(queryset, name, value)

    def filter_country(self, queryset, name, value: str):
        return super().filter_country(queryset, name, value)


class ApiExhibitFilter(ExhibitFilter):
    def filter_decade(self, queryset, name, value: str):
        return super().filter_decade(queryset, name, value)

    def filter_type(self, queryset, name, value: str):
        return super().filter_type(queryset, name, value)
