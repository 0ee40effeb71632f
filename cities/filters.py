import datetime

import django_filters
from django.utils.translation import gettext_lazy as _

from core.cache import cached_for_content, rows_key
from core.filters import PortalFilterSet
from core.widgets import FastSelect

from .apps import READS
from .continents import Continent, continent_q
from .models import City, Partnership, PartnershipKind, PartnershipState


def _decade_label(decade):
    return f"{decade}–{decade + 9}"


class PartnerCityFilter(PortalFilterSet):
    """The partner-city directory. Invalid values become form errors, never exceptions."""

    q = django_filters.CharFilter(label=_("Name"), method="filter_text", max_length=100)
    country = django_filters.ChoiceFilter(label=_("Country"), choices=[], empty_label=_("All countries"))
    continent = django_filters.ChoiceFilter(
        label=_("Continent"), choices=Continent.choices, method="filter_continent", empty_label=_("All continents")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="partnership__kind",
        # "Kind not recorded" is not a kind a visitor looks for.
        choices=[c for c in PartnershipKind.choices if c[0] != PartnershipKind.UNKNOWN],
        empty_label=_("All kinds"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="partnership__state",
        choices=PartnershipState.choices,
        empty_label=_("Any status"),
    )
    decade = django_filters.ChoiceFilter(
        label=_("Established"), choices=[], method="filter_decade", empty_label=_("Any decade")
    )

    class Meta:
        model = City
        fields = ["q", "country", "continent", "kind", "status", "decade"]

    def __init__(self, data=None, queryset=None, *, named=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Choices come from the cities at hand, so the lists only offer what can match; kept until the content changes
        # under the name the view gives them (the partners its visitor may see), else under their SQL.
        base = self.queryset
        key = named or rows_key(base)
        countries = self.filters["country"].extra

        def country_choices():
            return cached_for_content(f"city-filter-countries:{key}", lambda: self._country_choices(base), reads=READS)

        countries["choices"] = country_choices
        # Their <option>s kept too, so a page marks the chosen one rather than writing them all.
        countries["widget"] = FastSelect.prerendered(f"city-filter-countries:{key}", country_choices)
        # Read now (the one query the form would run anyway): with no recorded date, an "Established" filter would
        # offer nothing but "Any decade", so it is left out.
        decades = cached_for_content(f"city-filter-decades:{key}", lambda: self._decade_choices(base), reads=READS)
        if decades:
            self.filters["decade"].extra["choices"] = decades
        else:
            del self.filters["decade"]

    @staticmethod
    def _country_choices(queryset):
        return queryset.country_choices()

    @staticmethod
    def _decade_choices(queryset):
        years = (
            Partnership.objects.filter(city__in=queryset.order_by().values("pk"), established_on__isnull=False)
            .order_by()
            .values_list("established_on__year", flat=True)
            .distinct()
        )
        decades = sorted({year - year % 10 for year in years})
        return [(str(decade), _decade_label(decade)) for decade in decades]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_continent(self, queryset, name, value):
        return queryset.filter(continent_q(value))

    def filter_decade(self, queryset, name, value):
        decade = int(value)
        return queryset.filter(
            partnership__established_on__gte=datetime.date(decade, 1, 1),
            partnership__established_on__lt=datetime.date(decade + 10, 1, 1),
        )
