"""What the public API shows. Only public fields: contacts, hidden donors, valuations, condition notes,
recorders and agreements not marked public never appear. Related records appear only when published."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.publishing import Status
from opendata.http import translations
from opendata.iiif.tiles import image_service_url


class TranslatedField(serializers.Field):
    """A translated text in every language: {"en": …, "zh-Hans": …, "ru": …}."""

    def __init__(self, field, **kwargs):
        self.translated_field = field
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, record):
        return translations(record, self.translated_field)


def _language_map_schema():
    return {
        "type": "object",
        "description": "The text per language (BCP 47 tags); languages without a text are left out.",
        "properties": {"en": {"type": "string"}, "zh-Hans": {"type": "string"}, "ru": {"type": "string"}},
        "additionalProperties": False,
    }


extend_schema_field(_language_map_schema())(TranslatedField)


def _absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


def _published(record):
    return record if record is not None and record.status == Status.PUBLISHED else None


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PermalinkMixin(serializers.Serializer):
    url = serializers.SerializerMethodField(help_text="The public page, in the language of the response.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, record):
        return _absolute(self.context.get("request"), record.get_absolute_url())


class CitySummarySerializer(PermalinkMixin):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    country = serializers.CharField()
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, city):
        return _absolute(self.context.get("request"), reverse("opendata_root:city-detail", args=[city.slug]))


class PartnershipSummarySerializer(serializers.Serializer):
    kind = serializers.CharField()
    state = serializers.CharField()
    established_on = serializers.DateField(allow_null=True)
    established_precision = serializers.CharField()
    ended_on = serializers.DateField(allow_null=True)


class CitySerializer(CitySummarySerializer):
    name_i18n = TranslatedField("name")
    alternative_names = serializers.SerializerMethodField()
    country_name = serializers.SerializerMethodField()
    continent = serializers.SerializerMethodField()
    administrative_level = serializers.CharField()
    is_home = serializers.BooleanField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    population = serializers.IntegerField(allow_null=True)
    population_year = serializers.IntegerField(allow_null=True)
    area_km2 = serializers.FloatField(allow_null=True)
    mayor = serializers.CharField()
    website = serializers.CharField()
    description = serializers.CharField()
    description_i18n = TranslatedField("description")
    symbols = serializers.CharField()
    symbols_i18n = TranslatedField("symbols")
    wikidata_id = serializers.CharField()
    wikidata_url = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField()
    partnership = serializers.SerializerMethodField()
    source = serializers.CharField()
    updated = serializers.DateTimeField()

    def get_alternative_names(self, city) -> list[str]:
        return city.alternative_name_list

    def get_country_name(self, city) -> str:
        return str(city.country.name)

    def get_continent(self, city) -> str | None:
        return city.continent

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_wikidata_url(self, city):
        return f"https://www.wikidata.org/wiki/{city.wikidata_id}" if city.wikidata_id else None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_photo(self, city):
        return _absolute(self.context.get("request"), city.photo_large.url) if city.photo_large else None

    @extend_schema_field(PartnershipSummarySerializer(allow_null=True))
    def get_partnership(self, city):
        partnership = _published(getattr(city, "partnership", None))
        return PartnershipSummarySerializer(partnership).data if partnership else None


class MilestoneSerializer(serializers.Serializer):
    date = serializers.DateField()
    date_precision = serializers.CharField()
    kind = serializers.CharField()
    note = serializers.CharField()


class AgreementSerializer(serializers.Serializer):
    title = serializers.CharField()
    signed_on = serializers.DateField(allow_null=True)
    signed_precision = serializers.CharField()
    languages = serializers.CharField()


class PartnershipSerializer(PartnershipSummarySerializer):
    id = serializers.IntegerField()
    city = CitySummarySerializer()
    areas_of_cooperation = serializers.CharField()
    areas_of_cooperation_i18n = TranslatedField("areas_of_cooperation")
    summary = serializers.CharField()
    summary_i18n = TranslatedField("summary")
    milestones = MilestoneSerializer(many=True, source="milestones.all")
    agreements = AgreementSerializer(many=True, source="public_agreements")
    url = serializers.SerializerMethodField()
    updated = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, partnership):
        return _absolute(self.context.get("request"), partnership.get_absolute_url())


class NamedSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    name_i18n = TranslatedField("name")


class ParticipationSerializer(serializers.Serializer):
    city = CitySummarySerializer()
    role = serializers.CharField()
    head_of_delegation = serializers.CharField()


class SessionSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    title = serializers.CharField()
    title_i18n = TranslatedField("title")
    place = serializers.CharField()
    place_i18n = TranslatedField("place")
    speakers = serializers.SerializerMethodField()

    def get_speakers(self, session) -> list[str]:
        return _lines(session.speakers)


class EventSummarySerializer(PermalinkMixin):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    starts_on = serializers.DateField()
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, event):
        return _absolute(self.context.get("request"), reverse("opendata_root:event-detail", args=[event.slug]))


class EventSerializer(EventSummarySerializer):
    title_i18n = TranslatedField("title")
    kind = serializers.CharField()
    series = serializers.SerializerMethodField()
    date_precision = serializers.CharField()
    ends_on = serializers.DateField(allow_null=True)
    venue = serializers.CharField()
    venue_i18n = TranslatedField("venue")
    host_city = serializers.SerializerMethodField()
    theme = serializers.CharField()
    theme_i18n = TranslatedField("theme")
    summary = serializers.CharField()
    summary_i18n = TranslatedField("summary")
    body = serializers.CharField()
    body_i18n = TranslatedField("body")
    outcomes = serializers.SerializerMethodField()
    outcomes_i18n = TranslatedField("outcomes")
    organisers = serializers.SerializerMethodField()
    cover = serializers.SerializerMethodField()
    participations = ParticipationSerializer(many=True, source="public_participations")
    sessions = SessionSerializer(many=True, source="sessions.all")
    source = serializers.CharField()
    updated = serializers.DateTimeField()

    @extend_schema_field(NamedSerializer(allow_null=True))
    def get_series(self, event):
        series = _published(event.series)
        return NamedSerializer(series).data if series else None

    @extend_schema_field(CitySummarySerializer(allow_null=True))
    def get_host_city(self, event):
        city = _published(event.host_city)
        return CitySummarySerializer(city, context=self.context).data if city else None

    def get_outcomes(self, event) -> list[str]:
        return event.outcome_list

    def get_organisers(self, event) -> list[str]:
        return event.organiser_list

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_cover(self, event):
        return _absolute(self.context.get("request"), event.cover_large.url) if event.cover_large else None


class ObjectTypeSerializer(NamedSerializer):
    id = serializers.IntegerField()
    exhibit_count = serializers.IntegerField(source="exhibit_total")


class RoomSummarySerializer(PermalinkMixin):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()


class RoomSerializer(RoomSummarySerializer):
    number = serializers.IntegerField(allow_null=True)
    name_i18n = TranslatedField("name")
    city = serializers.SerializerMethodField()
    floor = serializers.CharField()
    description = serializers.CharField()
    description_i18n = TranslatedField("description")
    exhibit_count = serializers.IntegerField(source="exhibit_total")
    iiif_collection = serializers.SerializerMethodField()

    @extend_schema_field(CitySummarySerializer(allow_null=True))
    def get_city(self, room):
        city = _published(room.city)
        return CitySummarySerializer(city, context=self.context).data if city else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_iiif_collection(self, room):
        return _absolute(self.context.get("request"), reverse("opendata_root:iiif-room", args=[room.slug]))


class ExhibitImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    is_primary = serializers.BooleanField()
    caption = serializers.CharField()
    caption_i18n = TranslatedField("caption")
    credit = serializers.CharField()
    small = serializers.SerializerMethodField()
    large = serializers.SerializerMethodField()
    iiif_image_service = serializers.SerializerMethodField(
        help_text="IIIF Image API 3 (level 0) service; append /info.json."
    )

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_small(self, image):
        return _absolute(self.context.get("request"), image.image_small.url) if image.image_small else None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_large(self, image):
        return _absolute(self.context.get("request"), image.image_large.url) if image.image_large else None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_iiif_image_service(self, image):
        path = image_service_url(image)
        return _absolute(self.context.get("request"), path) if path else None


class ExhibitSerializer(PermalinkMixin):
    id = serializers.IntegerField()
    accession_number = serializers.CharField()
    object_name = serializers.CharField()
    object_name_i18n = TranslatedField("object_name")
    title = serializers.CharField()
    title_i18n = TranslatedField("title")
    brief_description = serializers.CharField()
    brief_description_i18n = TranslatedField("brief_description")
    object_type = serializers.SerializerMethodField()
    number_of_objects = serializers.IntegerField()
    room = serializers.SerializerMethodField()
    on_display = serializers.BooleanField()
    in_store = serializers.BooleanField()
    maker = serializers.CharField()
    date_made = serializers.CharField()
    materials = serializers.CharField()
    dimensions = serializers.CharField()
    inscription = serializers.CharField()
    origin_city = serializers.SerializerMethodField()
    donor = serializers.SerializerMethodField(help_text="Only donors who agreed to be named publicly.")
    acquisition_method = serializers.CharField()
    acquisition_date = serializers.DateField(allow_null=True)
    presented_at = serializers.SerializerMethodField()
    received_by = serializers.CharField()
    provenance = serializers.CharField()
    images = ExhibitImageSerializer(many=True, source="images.all")
    iiif_manifest = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    source = serializers.CharField()
    updated = serializers.DateTimeField()

    @extend_schema_field(NamedSerializer(allow_null=True))
    def get_object_type(self, exhibit):
        return NamedSerializer(exhibit.object_type).data if exhibit.object_type_id else None

    @extend_schema_field(RoomSummarySerializer(allow_null=True))
    def get_room(self, exhibit):
        room = _published(exhibit.room)
        return RoomSummarySerializer(room, context=self.context).data if room else None

    @extend_schema_field(CitySummarySerializer(allow_null=True))
    def get_origin_city(self, exhibit):
        city = _published(exhibit.origin_city)
        return CitySummarySerializer(city, context=self.context).data if city else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_donor(self, exhibit):
        return exhibit.donor.name if exhibit.donor_id and exhibit.donor.show_publicly else None

    @extend_schema_field(EventSummarySerializer(allow_null=True))
    def get_presented_at(self, exhibit):
        event = _published(exhibit.presented_at)
        return EventSummarySerializer(event, context=self.context).data if event else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_iiif_manifest(self, exhibit):
        return _absolute(
            self.context.get("request"), reverse("opendata_root:iiif-manifest", args=[exhibit.accession_number])
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, exhibit):
        return _absolute(
            self.context.get("request"), reverse("opendata_root:exhibit-detail", args=[exhibit.accession_number])
        )
