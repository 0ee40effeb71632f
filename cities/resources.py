"""CSV/XLSX import and export of cities and partnerships, matched by the city's slug."""

from import_export import fields

from core.resources import CountryCodeWidget, NaturalKeyResource, SlugWidget

from .models import City, Partnership


class CityResource(NaturalKeyResource):
    country = fields.Field(attribute="country", column_name="country", widget=CountryCodeWidget())

    class Meta(NaturalKeyResource.Meta):
        model = City
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name_en",
            "name_zh_hans",
            "name_ru",
            "alternative_names",
            "country",
            "administrative_level",
            "latitude",
            "longitude",
            "population",
            "population_year",
            "area_km2",
            "mayor",
            "website",
            "description_en",
            "description_zh_hans",
            "description_ru",
            "symbols_en",
            "symbols_zh_hans",
            "symbols_ru",
            "wikidata_id",
            "status",
            "source",
        ]
        export_order = fields


class PartnershipResource(NaturalKeyResource):
    city = fields.Field(attribute="city", column_name="city", widget=SlugWidget(City))

    class Meta(NaturalKeyResource.Meta):
        model = Partnership
        import_id_fields = ["city"]
        fields = [
            "city",
            "kind",
            "state",
            "established_on",
            "established_precision",
            "ended_on",
            "areas_of_cooperation_en",
            "areas_of_cooperation_zh_hans",
            "areas_of_cooperation_ru",
            "summary_en",
            "summary_zh_hans",
            "summary_ru",
            "status",
            "source",
        ]
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("city")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("city")
