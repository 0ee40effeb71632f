"""IIIF Presentation 3 manifests (one per published exhibit) and collections (per room, giving city, event).

Every label, summary and metadata entry is a language map in en, zh-Hans and ru; staff-only fields
(condition notes, hidden donors, recorders) are never included. Built with the iiif-prezi3 models,
so what we serve has passed their validation.
"""

import json

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from iiif_prezi3 import Annotation, AnnotationPage, Canvas, Collection, KeyValueString, Manifest, ServiceV3

from core.publishing import Status
from museum.models import Exhibit, Museum
from opendata.http import LANGUAGE_CODES, LANGUAGE_TAGS, translations

from .tiles import image_service_url, read_info, tile_key

PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
CONTENT_TYPE = f'application/ld+json;profile="{PRESENTATION_CONTEXT}"'


def in_every_language(text):
    """A language map of a translatable interface string: {"en": [...], "zh-Hans": [...], "ru": [...]}."""
    values = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            values[LANGUAGE_TAGS[code]] = [str(gettext(text))]
    return values


def gifts_label(names):
    """{"en": ["Gifts from Niigata"], "zh-Hans": […], "ru": […]}: the city's name in each language."""
    values = {}
    for code in LANGUAGE_CODES:
        tag = LANGUAGE_TAGS[code]
        name = (names.get(tag) or names.get("en") or next(iter(names.values())))[0]
        with translation.override(code):
            values[tag] = [gettext("Gifts from %(city)s") % {"city": name}]
    return values


def field_map(record, field, fallback=""):
    """A language map of a translated model field; English (or `fallback`) when no language has a text."""
    values = {tag: [value] for tag, value in translations(record, field).items()}
    return values or {"en": [fallback or "—"]}


def _plain(value):
    return {"none": [str(value)]}


def _entry(label, value):
    return KeyValueString(label=in_every_language(label), value=value)


def _museum_name():
    museum = Museum.objects.first()
    if museum is None:
        return {"en": ["Harbin International Sister Cities Museum"]}
    return field_map(museum, "name", museum.name)


def exhibit_metadata(exhibit):
    """The metadata pairs a viewer shows next to the image (labels translated, values per language)."""
    entries = [_entry("Accession number", _plain(exhibit.accession_number))]
    entries.append(_entry("Object", field_map(exhibit, "object_name", exhibit.object_name)))
    if exhibit.object_type_id:
        entries.append(_entry("Type", field_map(exhibit.object_type, "name", exhibit.object_type.name)))
    for label, field in (("Maker", "maker"), ("Date made", "date_made"), ("Materials", "materials")):
        if getattr(exhibit, field):
            entries.append(_entry(label, _plain(getattr(exhibit, field))))
    if exhibit.dimensions:
        entries.append(_entry("Dimensions", _plain(exhibit.dimensions)))
    city = exhibit.origin_city
    if city is not None and city.status == Status.PUBLISHED:
        entries.append(_entry("Gift of", field_map(city, "name", city.name)))
    if exhibit.donor_id and exhibit.donor.show_publicly:
        entries.append(_entry("Donor", _plain(exhibit.donor.name)))
    event = exhibit.presented_at
    if event is not None and event.status == Status.PUBLISHED:
        entries.append(_entry("Presented at", field_map(event, "title", event.title)))
    if exhibit.acquisition_date:
        entries.append(_entry("Acquired", _plain(exhibit.acquisition_date.isoformat())))
    room = exhibit.room
    if room is not None and room.status == Status.PUBLISHED:
        entries.append(_entry("Room", field_map(room, "name", room.name)))
    return entries


def _page_in(language, path_of):
    with translation.override(language):
        return path_of()


def _canvas(absolute, manifest_id, index, image, label):
    canvas_id = f"{manifest_id.rsplit('/', 1)[0]}/canvas/{index}"
    key = tile_key(image)
    info = read_info(key) if key else None
    if info is not None:
        width, height = info["width"], info["height"]
        service_id = absolute(image_service_url(image))
        largest = max(info.get("sizes") or [{"width": width, "height": height}], key=lambda size: size["width"])
        body = {
            "id": f"{service_id}/full/{largest['width']},{largest['height']}/0/default.jpg",
            "type": "Image",
            "format": "image/jpeg",
            "width": largest["width"],
            "height": largest["height"],
            "service": [ServiceV3(id=service_id, type="ImageService3", profile="level0")],
        }
    elif image.image_large:
        width, height = image.image_large.width, image.image_large.height
        body = {
            "id": absolute(image.image_large.url),
            "type": "Image",
            "format": "image/webp",
            "width": width,
            "height": height,
        }
    else:
        return None
    annotation = Annotation(id=f"{canvas_id}/annotation", motivation="painting", body=body, target=canvas_id)
    canvas = Canvas(
        id=canvas_id,
        label=field_map(image, "caption", "") if image.caption else label,
        width=width,
        height=height,
        items=[AnnotationPage(id=f"{canvas_id}/page", items=[annotation])],
    )
    if image.image_small:
        canvas.thumbnail = [{"id": absolute(image.image_small.url), "type": "Image", "format": "image/webp"}]
    return canvas


def exhibit_manifest(exhibit, absolute):
    """The manifest of a published exhibit as a dict; `absolute(path)` makes a site path a full address."""
    manifest_id = absolute(reverse("opendata_root:iiif-manifest", args=[exhibit.accession_number]))
    label = field_map(exhibit, "title") if exhibit.title else field_map(exhibit, "object_name", exhibit.object_name)
    credit_lines = [image.credit for image in exhibit.images.all() if image.credit]
    attribution = _museum_name()
    if credit_lines:
        attribution = {tag: [*values, *credit_lines] for tag, values in attribution.items()}
    manifest = Manifest(
        id=manifest_id,
        label=label,
        summary=field_map(exhibit, "brief_description", exhibit.brief_description),
        metadata=exhibit_metadata(exhibit),
        requiredStatement=KeyValueString(label=in_every_language("Attribution"), value=attribution),
        rights=settings.OPEN_DATA_LICENCE,
        homepage=[
            {
                "id": absolute(_page_in(code, exhibit.get_absolute_url)),
                "type": "Text",
                "format": "text/html",
                "language": [LANGUAGE_TAGS[code]],
                "label": label,
            }
            for code in LANGUAGE_CODES
        ],
        seeAlso=[
            {
                "id": absolute(reverse("opendata_root:exhibit-detail", args=[exhibit.accession_number])),
                "type": "Dataset",
                "format": "application/json",
                "label": in_every_language("Record in the portal's API"),
            },
            {
                "id": absolute(reverse("opendata_root:oai"))
                + f"?verb=GetRecord&metadataPrefix=lido&identifier={oai_identifier(exhibit)}",
                "type": "Dataset",
                "format": "application/xml",
                "profile": "http://www.lido-schema.org",
                "label": in_every_language("LIDO record (OAI-PMH)"),
            },
        ],
    )
    canvases = []
    for index, image in enumerate(exhibit.images.all(), start=1):
        canvas = _canvas(absolute, manifest_id, index, image, label)
        if canvas is not None:
            canvases.append(canvas)
    manifest.items = canvases
    primary = next((image for image in exhibit.images.all() if image.is_primary and image.image_small), None)
    if primary is not None:
        manifest.thumbnail = [{"id": absolute(primary.image_small.url), "type": "Image", "format": "image/webp"}]
    return json.loads(manifest.jsonld())


def oai_identifier(exhibit):
    from opendata.oai.records import identifier_for

    return identifier_for(exhibit)


def manifest_exhibits():
    """Published exhibits with what a manifest reads, in two queries."""
    return (
        Exhibit.objects.published()
        .select_related("object_type", "origin_city", "donor", "presented_at", "room")
        .prefetch_related("images")
    )


def collection(collection_id, label, summary, exhibits, absolute):
    """A Collection of manifest references for `exhibits` (published, in accession order)."""
    rows = (
        exhibits.published()
        .in_accession_order()
        .values_list(
            "accession_number",
            "object_name_en",
            "object_name_zh_hans",
            "object_name_ru",
            "title_en",
            "title_zh_hans",
            "title_ru",
        )
    )
    items = []
    for number, name_en, name_zh, name_ru, title_en, title_zh, title_ru in rows:
        names = {"en": title_en or name_en, "zh-Hans": title_zh or name_zh, "ru": title_ru or name_ru}
        items.append(
            {
                "id": absolute(reverse("opendata_root:iiif-manifest", args=[number])),
                "type": "Manifest",
                "label": {tag: [value] for tag, value in names.items() if value} or {"none": [number]},
            }
        )
    resource = Collection(id=collection_id, label=label, items=items, rights=settings.OPEN_DATA_LICENCE)
    if summary:
        resource.summary = summary
    return json.loads(resource.jsonld())


def collection_of_collections(collection_id, label, entries):
    """The top collection: [(id, label)] of the room, city and event collections."""
    resource = Collection(
        id=collection_id, label=label, items=[{"id": cid, "type": "Collection", "label": lab} for cid, lab in entries]
    )
    return json.loads(resource.jsonld())
