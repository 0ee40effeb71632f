"""CSV/XLSX import and export of exhibits, matched by accession number; related records by their slugs."""

from import_export import fields
from import_export.instance_loaders import CachedInstanceLoader

from cities.models import City
from core.resources import NaturalKeyResource, SlugWidget
from events.models import Event

from .models import Exhibit, ObjectType, Room


class ExhibitResource(NaturalKeyResource):
    object_type = fields.Field(attribute="object_type", column_name="object_type", widget=SlugWidget(ObjectType))
    room = fields.Field(attribute="room", column_name="room", widget=SlugWidget(Room))
    origin_city = fields.Field(attribute="origin_city", column_name="origin_city", widget=SlugWidget(City))
    presented_at = fields.Field(attribute="presented_at", column_name="presented_at", widget=SlugWidget(Event))

    class Meta(NaturalKeyResource.Meta):
        model = Exhibit
        import_id_fields = ["accession_number"]
        # The file's existing exhibits in one query, not one per row.
        instance_loader_class = CachedInstanceLoader
        # Checked row by row, written 500 at a time with their history rows (core.resources.NaturalKeyResource).
        use_bulk = True
        batch_size = 500
        fields = [
            "accession_number",
            "object_name_en",
            "object_name_zh_hans",
            "object_name_ru",
            "object_type",
            "number_of_objects",
            "brief_description_en",
            "brief_description_zh_hans",
            "brief_description_ru",
            "room",
            "case",
            "in_store",
            "current_owner",
            "recorder",
            "recording_date",
            "title_en",
            "title_zh_hans",
            "title_ru",
            "maker",
            "date_made",
            "materials",
            "dimensions",
            "inscription",
            "origin_city",
            "acquisition_method",
            "acquisition_date",
            "presented_at",
            "received_by",
            "provenance",
            "condition",
            "condition_note",
            "on_display",
            "status",
            "source",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("object_type", "room", "origin_city", "presented_at")
