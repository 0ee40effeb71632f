"""/iiif/: manifests, collections, and the level-0 image services (info.json and the stored tiles)."""

import json
import re

from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from cities.models import City
from core.cache import cached_for_content, typed_key
from events.models import Event
from museum.models import Exhibit, Room
from opendata.http import open_data_view

from .manifests import (
    CONTENT_TYPE,
    collection,
    collection_of_collections,
    exhibit_manifest,
    field_map,
    gifts_label,
    in_every_language,
    manifest_exhibits,
)
from .tiles import KEY_PATTERN, public_storage, read_info, tile_path

IMAGE_CONTEXT_TYPE = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
# Only what dzsave writes: a region x,y,w,h or "full", a size w,h or "max", no rotation, default quality.
REGION = re.compile(r"^(full|\d+,\d+,\d+,\d+)$")
SIZE = re.compile(r"^(max|\d+,\d+)$")
TILE_CACHE = "public, max-age=31536000, immutable"


def _json(data, content_type=CONTENT_TYPE):
    response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type=content_type)
    response["Cache-Control"] = "public, max-age=300"
    return response


def _absolute(request):
    return request.build_absolute_uri


@require_safe
@open_data_view
def manifest(request, accession_number):
    def build():
        exhibit = manifest_exhibits().filter(accession_number=accession_number).first()
        return exhibit_manifest(exhibit, _absolute(request)) if exhibit else None

    # Kept under the number as typed: a repeat visit looks nothing up. An unknown number (None) is not kept.
    data = cached_for_content(f"iiif-manifest:{request.get_host()}:{typed_key(accession_number)}", build)
    if data is None:
        raise Http404
    return _json(data)


def _collection_response(request, name, label, summary, exhibits):
    collection_id = request.build_absolute_uri(request.path)
    data = cached_for_content(
        f"iiif-collection:{request.get_host()}:{name}",
        lambda: collection(collection_id, label, summary, exhibits, _absolute(request)),
    )
    return _json(data)


@require_safe
@open_data_view
def room_collection(request, slug):
    room = get_object_or_404(Room.objects.published(), slug=slug)
    return _collection_response(
        request, f"room:{room.pk}", field_map(room, "name", room.name), None, Exhibit.objects.filter(room=room)
    )


@require_safe
@open_data_view
def city_collection(request, slug):
    city = get_object_or_404(City.objects.published(), slug=slug)
    label = gifts_label(field_map(city, "name", city.name))
    return _collection_response(
        request,
        f"city:{city.pk}",
        label,
        None,
        Exhibit.objects.filter(origin_city=city),
    )


@require_safe
@open_data_view
def event_collection(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return _collection_response(
        request,
        f"event:{event.pk}",
        field_map(event, "title", event.title),
        None,
        Exhibit.objects.filter(presented_at=event),
    )


def _top_entries(request):
    absolute = request.build_absolute_uri
    published_gifts = Exhibit.objects.published()
    entries = []
    for room in Room.objects.published().order_by("order", "pk"):
        entries.append((absolute(reverse("opendata_root:iiif-room", args=[room.slug])), field_map(room, "name")))
    # Exists, not a join with distinct: with 100,000 exhibits the join costs seconds.
    giving = City.objects.published().filter(Exists(published_gifts.filter(origin_city=OuterRef("pk"))))
    giving = giving.order_by("name", "pk")
    for city in giving:
        entries.append((absolute(reverse("opendata_root:iiif-city", args=[city.slug])), field_map(city, "name")))
    events = Event.objects.published().filter(Exists(published_gifts.filter(presented_at=OuterRef("pk"))))
    events = events.order_by("-starts_on", "pk")
    for event in events:
        entries.append((absolute(reverse("opendata_root:iiif-event", args=[event.slug])), field_map(event, "title")))
    return entries


@require_safe
@open_data_view
def top_collection(request):
    collection_id = request.build_absolute_uri(request.path)
    data = cached_for_content(
        f"iiif-top:{request.get_host()}",
        lambda: collection_of_collections(
            collection_id,
            in_every_language("Harbin International Sister Cities Museum"),
            _top_entries(request),
        ),
    )
    return _json(data)


@require_safe
def image_info(request, key):
    if not KEY_PATTERN.match(key):
        raise Http404
    info = read_info(key)
    if info is None:
        raise Http404
    info["id"] = request.build_absolute_uri(reverse("opendata_root:iiif-image", args=[key]))
    response = _json(info, IMAGE_CONTEXT_TYPE)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def image_redirect(request, key):
    """The bare service address sends the client on to its info.json (a 303, as the Image API recommends)."""
    if not KEY_PATTERN.match(key):
        raise Http404
    response = HttpResponse(status=303)
    response["Location"] = reverse("opendata_root:iiif-image-info", args=[key])
    return response


@require_safe
def image_tile(request, key, region, size, rotation, quality, fmt):
    if not (KEY_PATTERN.match(key) and REGION.match(region) and SIZE.match(size)):
        raise Http404
    if rotation != "0" or quality != "default" or fmt != "jpg":
        raise Http404
    storage = public_storage()
    try:
        handle = storage.open(tile_path(key, region, size, "0", "default.jpg"), "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = TILE_CACHE
    return response
