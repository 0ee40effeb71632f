"""The public read API (/api/v1/): published records only, the public pages' filters, numbered pages."""

from django.db.models import Prefetch
from django.utils import translation
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from cities.models import Agreement, City, Partnership
from core.cache import content_version, kept_many
from core.pagination import Named
from core.publishing import Status
from events.models import Event, Participation
from museum.models import Exhibit, ObjectType, Room
from opendata.http import respond

from . import serializers
from .filters import ApiEventFilter, ApiExhibitFilter, ApiPartnerCityFilter, PartnershipFilter
from .renderers import Encoded, OpenDataJSONRenderer, encoded

LANG = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=["en", "zh-hans", "ru"],
    description="Language of the plain text fields and permalinks; otherwise Accept-Language, else English. "
    "Every translated field is also given in all languages as `<field>_i18n`.",
)


def _documented(tag):
    return extend_schema_view(
        list=extend_schema(parameters=[LANG], tags=[tag]),
        retrieve=extend_schema(parameters=[LANG], tags=[tag]),
    )


# An hour bounds what old content versions leave behind in the cache.
REPRESENTATION_SECONDS = 60 * 60


class OpenDataViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Read-only; the language of the request, ETag and Last-Modified, 304 when nothing changed.

    A list reads its page's primary keys (kept under the filters' values, `_keys`), and each record's
    representation is kept encoded per content version (which goes up on every save), language and host, as the
    public pages keep their cards: filter combinations and pages share them, only records not kept are loaded and
    serialized, and the page is written by joining their encodings.
    """

    filter_backends = [DjangoFilterBackend]
    renderer_classes = [OpenDataJSONRenderer]

    def dispatch(self, request, *args, **kwargs):
        return respond(request, super().dispatch, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        version = content_version()
        if version is None:  # the cache is down: serialize every record, as before
            return super().list(request, *args, **kwargs)
        queryset = self.get_queryset()
        keys = self._keys(request, queryset)
        page = self.paginate_queryset(keys)
        pks = list(keys.rows) if page is None else list(page)
        language, host = translation.get_language(), f"{request.scheme}://{request.get_host()}"
        prefix = f"api-json:{self.basename}:{language}:{host}:{version}:"

        def build(missing):
            records = queryset.filter(pk__in=missing).in_bulk()
            loaded = [records[pk] for pk in missing if pk in records]
            data = self.get_serializer(loaded, many=True).data
            return {record.pk: encoded(item) for record, item in zip(loaded, data, strict=True)}

        # Kept encoded: the page is written by joining them (renderers.OpenDataJSONRenderer).
        kept = kept_many(prefix, pks, build, REPRESENTATION_SECONDS)
        data = Encoded(kept[pk] for pk in pks if pk in kept)
        return Response(data) if page is None else self.get_paginated_response(data)

    def _keys(self, request, queryset):
        """The primary keys of the records the filters choose (a bad value is a 400, as DjangoFilterBackend
        answers), kept until the content changes under the values they chose: a repeat request for a page of a
        filtered list neither builds nor compiles its query."""
        backend = DjangoFilterBackend()
        filterset = backend.get_filterset(request, queryset, self)
        if filterset is not None and not filterset.is_valid() and backend.raise_exception:
            raise translate_validation(filterset.errors)
        chosen = filterset.chosen() if filterset is not None else ""

        def build():
            records = queryset if filterset is None else filterset.qs
            return records.prefetch_related(None).values_list("pk", flat=True)

        return Named(f"api:{self.basename}:{chosen}", build)


@_documented("cities")
class CityViewSet(OpenDataViewSet):
    """Published cities: Harbin, its partner cities and the cities that took part in its events."""

    serializer_class = serializers.CitySerializer
    filterset_class = ApiPartnerCityFilter
    lookup_field = "slug"

    def get_queryset(self):
        return City.objects.published().select_related("partnership").order_by("name", "pk")


@_documented("partnerships")
class PartnershipViewSet(OpenDataViewSet):
    """Published partnerships of published partner cities, with their milestones and public agreements."""

    serializer_class = serializers.PartnershipSerializer
    filterset_class = PartnershipFilter
    lookup_field = "city__slug"
    lookup_url_kwarg = "slug"

    def get_queryset(self):
        return (
            Partnership.objects.published()
            .filter(city__status=Status.PUBLISHED)
            .select_related("city")
            .prefetch_related(
                "milestones",
                Prefetch("agreements", queryset=Agreement.objects.public(), to_attr="public_agreements"),
            )
            .order_by("city__name", "pk")
        )


@_documented("events")
class EventViewSet(OpenDataViewSet):
    """Published events with their participating cities (published ones) and programme."""

    serializer_class = serializers.EventSerializer
    filterset_class = ApiEventFilter
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Event.objects.published()
            .select_related("series", "host_city")
            .prefetch_related(
                "sessions",
                Prefetch(
                    "participations",
                    queryset=Participation.objects.filter(city__status=Status.PUBLISHED).select_related("city"),
                    to_attr="public_participations",
                ),
            )
            .order_by("-starts_on", "pk")
        )


@_documented("museum")
class RoomViewSet(OpenDataViewSet):
    """The museum's published rooms, with the number of published exhibits in each."""

    serializer_class = serializers.RoomSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Room.objects.published().select_related("city").with_exhibit_counts().order_by("order", "pk")


@_documented("museum")
class ObjectTypeViewSet(OpenDataViewSet):
    """The object types, with the number of published exhibits of each."""

    serializer_class = serializers.ObjectTypeSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return ObjectType.objects.with_exhibit_counts().order_by("order", "pk")


@_documented("museum")
class ExhibitViewSet(OpenDataViewSet):
    """Published exhibits in accession order, with their images and IIIF links."""

    serializer_class = serializers.ExhibitSerializer
    filterset_class = ApiExhibitFilter
    lookup_field = "accession_number"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        exhibits = (
            Exhibit.objects.published()
            .select_related("object_type", "room", "origin_city", "donor", "presented_at")
            .prefetch_related("images")
        )
        # Ordered for lists only: ordering a lookup by accession number can lead PostgreSQL to walk the sort index.
        return exhibits.in_accession_order() if self.action == "list" else exhibits
