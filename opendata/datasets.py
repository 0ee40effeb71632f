"""The open datasets (partner cities, events, participations, exhibits) as tables, and their DCAT-AP catalogue.

Generated from the database on demand and kept in the cache until the content changes (core.cache).
Public fields of published records only.
"""

import csv
import io
import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from cities.models import City, Partnership
from core.cache import cached_for_content
from core.publishing import Status
from core.resources import escape_formula, xlsx_text
from events.models import Event, Participation
from museum.models import Exhibit

from .http import LANGUAGE_CODES, LANGUAGE_TAGS

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "http://publications.europa.eu/resource/authority/file-type/CSV"),
    "json": ("application/json", "http://publications.europa.eu/resource/authority/file-type/JSON"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "http://publications.europa.eu/resource/authority/file-type/XLSX",
    ),
}
PUBLISHER = _("Harbin Municipal Foreign Affairs Office and the Harbin International Sister Cities Museum")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    headers: tuple
    rows: object  # () -> iterable of rows
    modified: object  # () -> datetime or None


def _en(view):
    with translation.override("en"):
        return view()


def _partner_rows():
    partners = City.objects.public_partners().select_related("partnership").order_by("name", "pk")
    for city in partners.iterator(chunk_size=2000):
        partnership = city.partnership
        yield (
            city.slug,
            city.name_en,
            city.name_zh_hans or "",
            city.name_ru or "",
            city.country.code,
            city.continent or "",
            city.administrative_level,
            float(city.latitude) if city.latitude is not None else "",
            float(city.longitude) if city.longitude is not None else "",
            city.population or "",
            city.wikidata_id,
            partnership.kind,
            partnership.state,
            partnership.established_on.isoformat() if partnership.established_on else "",
            partnership.established_precision,
            partnership.ended_on.isoformat() if partnership.ended_on else "",
            _en(city.get_absolute_url),
        )


def _event_rows():
    page = _url_pattern("events:detail", slug=True)
    published = Status.PUBLISHED
    rows = (
        Event.objects.published()
        .order_by("starts_on", "pk")
        .values_list(
            "slug",
            "title_en",
            "title_zh_hans",
            "title_ru",
            "kind",
            "series__slug",
            "series__status",
            "starts_on",
            "ends_on",
            "date_precision",
            "host_city__slug",
            "host_city__status",
            "venue_en",
        )
    )
    for (
        slug,
        title_en,
        title_zh,
        title_ru,
        kind,
        series,
        series_status,
        starts,
        ends,
        precision,
        host,
        host_status,
        venue,
    ) in rows.iterator(chunk_size=5000):
        yield (
            slug,
            title_en,
            title_zh or "",
            title_ru or "",
            kind,
            series if series_status == published else "",
            starts.isoformat(),
            ends.isoformat() if ends else "",
            precision,
            host if host_status == published else "",
            venue or "",
            page.format(slug),
        )


def _participation_rows():
    participations = (
        Participation.objects.filter(event__status=Status.PUBLISHED, city__status=Status.PUBLISHED)
        .select_related("event", "city")
        .order_by("event__starts_on", "event__pk", "city__name")
    )
    for participation in participations.iterator(chunk_size=2000):
        yield (
            participation.event.slug,
            participation.city.slug,
            participation.city.country.code,
            participation.role,
            participation.head_of_delegation,
        )


def _url_pattern(name, **kwargs):
    """The English address of `name` with "{}" where its one argument goes: one reverse() for a whole table."""
    with translation.override("en"):
        return reverse(name, kwargs=dict.fromkeys(kwargs, "__ARG__")).replace("__ARG__", "{}")


def _exhibit_rows():
    # Plain values, not model instances, and one address pattern per table: 100,000 rows in seconds.
    page = _url_pattern("museum:exhibit", accession_number=True)
    manifest = reverse("opendata_root:iiif-manifest", args=["__ARG__"]).replace("__ARG__", "{}")
    published = Status.PUBLISHED
    rows = (
        Exhibit.objects.published()
        .in_accession_order()
        .values_list(
            "accession_number",
            "object_name_en",
            "object_name_zh_hans",
            "object_name_ru",
            "title_en",
            "title_zh_hans",
            "title_ru",
            "object_type__slug",
            "number_of_objects",
            "maker",
            "date_made",
            "materials",
            "dimensions",
            "origin_city__slug",
            "origin_city__status",
            "presented_at__slug",
            "presented_at__status",
            "acquisition_method",
            "acquisition_date",
            "room__slug",
            "room__status",
            "on_display",
        )
    )
    for (
        number,
        name_en,
        name_zh,
        name_ru,
        title_en,
        title_zh,
        title_ru,
        kind,
        count,
        maker,
        made,
        materials,
        dimensions,
        city,
        city_status,
        event,
        event_status,
        method,
        acquired,
        room,
        room_status,
        on_display,
    ) in rows.iterator(chunk_size=5000):
        yield (
            number,
            name_en,
            name_zh or "",
            name_ru or "",
            title_en or "",
            title_zh or "",
            title_ru or "",
            kind or "",
            count,
            maker,
            made,
            materials,
            dimensions,
            city if city_status == published else "",
            event if event_status == published else "",
            method,
            acquired.isoformat() if acquired else "",
            room if room_status == published else "",
            "yes" if on_display else "no",
            page.format(number),
            manifest.format(number),
        )


def _latest(queryset):
    return lambda: queryset.aggregate(latest=Max("updated"))["latest"]


DATASETS = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            "partner-cities",
            _("Partner cities and partnerships"),
            _("Harbin's published sister and friendship cities with their country, coordinates and partnership."),
            (
                "slug",
                "name_en",
                "name_zh_hans",
                "name_ru",
                "country",
                "continent",
                "administrative_level",
                "latitude",
                "longitude",
                "population",
                "wikidata_id",
                "partnership_kind",
                "partnership_state",
                "established_on",
                "established_precision",
                "ended_on",
                "page",
            ),
            _partner_rows,
            _latest(Partnership.objects.published()),
        ),
        Dataset(
            "events",
            _("Events"),
            _("Published diplomatic and cultural events: kind, dates, host city and venue."),
            (
                "slug",
                "title_en",
                "title_zh_hans",
                "title_ru",
                "kind",
                "series",
                "starts_on",
                "ends_on",
                "date_precision",
                "host_city",
                "venue_en",
                "page",
            ),
            _event_rows,
            _latest(Event.objects.published()),
        ),
        Dataset(
            "participations",
            _("Event participations"),
            _("Which city took part in which published event, in which role, and who led its delegation."),
            ("event", "city", "country", "role", "head_of_delegation"),
            _participation_rows,
            _latest(Event.objects.published()),
        ),
        Dataset(
            "exhibits",
            _("Museum exhibits"),
            _("The published gifts in the Harbin International Sister Cities Museum, with their IIIF manifests."),
            (
                "accession_number",
                "object_name_en",
                "object_name_zh_hans",
                "object_name_ru",
                "title_en",
                "title_zh_hans",
                "title_ru",
                "object_type",
                "number_of_objects",
                "maker",
                "date_made",
                "materials",
                "dimensions",
                "giving_city",
                "presented_at",
                "acquisition_method",
                "acquisition_date",
                "room",
                "on_display",
                "page",
                "iiif_manifest",
            ),
            _exhibit_rows,
            _latest(Exhibit.objects.published()),
        ),
    )
}


def _csv(dataset):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(dataset.headers)
    # A published text starting with "=", "+", "-" or "@" is shown as text, never run as a formula.
    writer.writerows([escape_formula(value) for value in row] for row in dataset.rows())
    # With a byte order mark, so spreadsheet programs read the Chinese and Russian names as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def _json(dataset):
    rows = [dict(zip(dataset.headers, row, strict=True)) for row in dataset.rows()]
    return json.dumps(rows, ensure_ascii=False, default=str).encode()


def _xlsx(dataset):
    # Write-only: rows go straight to the file instead of a sheet held cell by cell in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(dataset.slug[:31])
    sheet.append(dataset.headers)
    for row in dataset.rows():
        sheet.append([xlsx_text(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EXPORTERS = {"csv": _csv, "json": _json, "xlsx": _xlsx}


def export(slug, fmt):
    """The dataset's bytes in `fmt` (csv, json, xlsx); kept until the content changes."""
    dataset = DATASETS[slug]
    return cached_for_content(f"open-dataset:{slug}:{fmt}", lambda: EXPORTERS[fmt](dataset), seconds=3600)


def modified(slug):
    return cached_for_content(f"open-dataset-modified:{slug}", DATASETS[slug].modified)


def _in_every_language(text):
    literals = []
    for code in LANGUAGE_CODES:
        with translation.override(code):
            literals.append(Literal(str(text), lang=LANGUAGE_TAGS[code]))
    return literals


def catalogue_graph(absolute):
    """The DCAT-AP catalogue of the datasets, the API and the OAI-PMH endpoint, as an rdflib Graph."""
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    licence = URIRef(settings.OPEN_DATA_LICENCE)
    publisher = URIRef(absolute("/") + "#publisher")
    graph.add((publisher, RDF.type, FOAF.Agent))
    for literal in _in_every_language(PUBLISHER):
        graph.add((publisher, FOAF.name, literal))

    with translation.override("en"):
        catalogue = URIRef(absolute(reverse("opendata:catalogue")))
        page = URIRef(absolute(reverse("opendata:data")))
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    for literal in _in_every_language(_("Harbin Sister Cities open data")):
        graph.add((catalogue, DCTERMS.title, literal))
    for literal in _in_every_language(
        _("Partner cities, partnerships, events and museum exhibits published by the Harbin Sister Cities Portal.")
    ):
        graph.add((catalogue, DCTERMS.description, literal))
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, DCTERMS.license, licence))
    graph.add((catalogue, FOAF.homepage, page))
    for code in LANGUAGE_CODES:
        graph.add((catalogue, DCTERMS.language, Literal(LANGUAGE_TAGS[code])))

    latest = None
    for slug, dataset in DATASETS.items():
        node = URIRef(f"{page}#{slug}")
        graph.add((catalogue, DCAT.dataset, node))
        graph.add((node, RDF.type, DCAT.Dataset))
        graph.add((node, DCTERMS.identifier, Literal(slug)))
        for literal in _in_every_language(dataset.title):
            graph.add((node, DCTERMS.title, literal))
        for literal in _in_every_language(dataset.description):
            graph.add((node, DCTERMS.description, literal))
        graph.add((node, DCTERMS.publisher, publisher))
        graph.add((node, DCTERMS.license, licence))
        graph.add((node, DCAT.landingPage, page))
        contact = BNode()
        graph.add((node, DCAT.contactPoint, contact))
        graph.add((contact, RDF.type, VCARD.Organization))
        graph.add((contact, VCARD.fn, Literal(str(PUBLISHER))))
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.OAI_ADMIN_EMAIL}")))
        changed = modified(slug)
        if changed is not None:
            graph.add((node, DCTERMS.modified, Literal(changed.isoformat(), datatype=XSD.dateTime)))
            latest = max(latest, changed) if latest else changed
        for fmt, (media_type, file_type) in FORMATS.items():
            with translation.override("en"):
                url = URIRef(absolute(reverse("opendata:download", args=[slug, fmt])))
            distribution = URIRef(f"{url}#distribution")
            graph.add((node, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add((distribution, DCAT.downloadURL, url))
            graph.add((distribution, DCAT.accessURL, url))
            graph.add(
                (
                    distribution,
                    DCAT.mediaType,
                    URIRef(f"https://www.iana.org/assignments/media-types/{media_type.split(';')[0]}"),
                )
            )
            graph.add((distribution, DCTERMS.format, URIRef(file_type)))
            graph.add((distribution, DCTERMS.license, licence))
            graph.add((distribution, DCTERMS.title, Literal(f"{dataset.slug}.{fmt}")))
    if latest is not None:
        graph.add((catalogue, DCTERMS.modified, Literal(latest.isoformat(), datatype=XSD.dateTime)))

    for name, path, description in (
        ("api", reverse("opendata_root:schema"), _("Read API (JSON, OpenAPI 3)")),
        ("oai", reverse("opendata_root:oai"), _("OAI-PMH 2.0 (oai_dc, LIDO 1.1)")),
    ):
        service = URIRef(f"{page}#{name}")
        graph.add((catalogue, DCAT.service, service))
        graph.add((service, RDF.type, DCAT.DataService))
        for literal in _in_every_language(description):
            graph.add((service, DCTERMS.title, literal))
        endpoint = reverse("opendata_root:city-list").rsplit("cities/", 1)[0] if name == "api" else path
        graph.add((service, DCAT.endpointURL, URIRef(absolute(endpoint))))
        if name == "api":
            graph.add((service, DCAT.endpointDescription, URIRef(absolute(path))))
        graph.add((service, DCTERMS.license, licence))
        graph.add((service, DCAT.servesDataset, URIRef(f"{page}#exhibits")))
    return graph


def catalogue_jsonld(absolute):
    return cached_for_content(
        f"open-data-catalogue:{absolute('/')}",
        lambda: catalogue_graph(absolute).serialize(format="json-ld", auto_compact=True),
    )
