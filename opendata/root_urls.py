from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .api import views as api
from .iiif import views as iiif
from .oai import views as oai

# Paths outside the language prefix: /api/, /oai/, /iiif/.
app_name = "opendata_root"

router = SimpleRouter(trailing_slash=True)
router.register("cities", api.CityViewSet, basename="city")
router.register("partnerships", api.PartnershipViewSet, basename="partnership")
router.register("events", api.EventViewSet, basename="event")
router.register("rooms", api.RoomViewSet, basename="room")
router.register("object-types", api.ObjectTypeViewSet, basename="object-type")
router.register("exhibits", api.ExhibitViewSet, basename="exhibit")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the docs work under the portal's CSP.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="opendata_root:schema", template_name="opendata/swagger_ui.html"),
        name="docs",
    ),
    path("oai/", oai.endpoint, name="oai"),
    path("iiif/collection.json", iiif.top_collection, name="iiif-top"),
    path("iiif/exhibits/<str:accession_number>/manifest.json", iiif.manifest, name="iiif-manifest"),
    path("iiif/collections/rooms/<slug:slug>.json", iiif.room_collection, name="iiif-room"),
    path("iiif/collections/cities/<slug:slug>.json", iiif.city_collection, name="iiif-city"),
    path("iiif/collections/events/<slug:slug>.json", iiif.event_collection, name="iiif-event"),
    path("iiif/images/<str:key>", iiif.image_redirect, name="iiif-image"),
    path("iiif/images/<str:key>/info.json", iiif.image_info, name="iiif-image-info"),
    path(
        "iiif/images/<str:key>/<str:region>/<str:size>/<str:rotation>/<str:quality>.<str:fmt>",
        iiif.image_tile,
        name="iiif-image-tile",
    ),
]
