"""oai_dc and LIDO 1.1 for an exhibit: public fields only, every translated text in each language."""

from django.conf import settings
from django.utils import translation
from lxml import etree

from core.publishing import Status
from opendata.http import LANGUAGE_CODES, LANGUAGE_TAGS, translations

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
LIDO = "http://www.lido-schema.org"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

FORMATS = {
    "oai_dc": (OAI_DC, "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"),
    "lido": (LIDO, "http://www.lido-schema.org/schema/v1.1/lido-v1.1.xsd"),
}
MUSEUM_NAME = "Harbin International Sister Cities Museum"


def _sub(parent, namespace, name, text=None, lang=None, **attributes):
    element = etree.SubElement(parent, f"{{{namespace}}}{name}")
    if text is not None:
        element.text = str(text)
    if lang:
        element.set(XML_LANG, lang)
    for key, value in attributes.items():
        element.set(f"{{{LIDO}}}{key}" if namespace == LIDO else key, value)
    return element


def _published(record):
    return record if record is not None and record.status == Status.PUBLISHED else None


def _texts(record, field, fallback=""):
    values = translations(record, field)
    return values or ({"en": fallback} if fallback else {})


def oai_dc(exhibit, absolute):
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {FORMATS['oai_dc'][1]}")
    for lang, text in _texts(exhibit, "title", "").items() or ():
        _sub(root, DC, "title", text, lang)
    for lang, text in _texts(exhibit, "object_name", exhibit.object_name).items():
        _sub(root, DC, "title" if not exhibit.title else "type", text, lang)
    if exhibit.maker:
        _sub(root, DC, "creator", exhibit.maker)
    for lang, text in _texts(exhibit, "brief_description", exhibit.brief_description).items():
        _sub(root, DC, "description", text, lang)
    if exhibit.object_type_id:
        for lang, text in _texts(exhibit.object_type, "name", exhibit.object_type.name).items():
            _sub(root, DC, "type", text, lang)
    _sub(root, DC, "type", "PhysicalObject")
    if exhibit.date_made:
        _sub(root, DC, "date", exhibit.date_made)
    if exhibit.materials:
        _sub(root, DC, "format", exhibit.materials)
    if exhibit.dimensions:
        _sub(root, DC, "format", exhibit.dimensions)
    city = _published(exhibit.origin_city)
    if city is not None:
        for lang, text in _texts(city, "name", city.name).items():
            _sub(root, DC, "coverage", text, lang)
    if exhibit.donor_id and exhibit.donor.show_publicly:
        _sub(root, DC, "contributor", exhibit.donor.name)
    _sub(root, DC, "publisher", MUSEUM_NAME)
    _sub(root, DC, "identifier", exhibit.accession_number)
    with translation.override("en"):
        _sub(root, DC, "identifier", absolute(exhibit.get_absolute_url()))
    _sub(root, DC, "rights", settings.OPEN_DATA_LICENCE)
    return root


def _term(parent, name, texts):
    wrapper = _sub(parent, LIDO, name)
    for lang, text in texts.items():
        _sub(wrapper, LIDO, "term", text, lang)
    return wrapper


def _legal_body(parent, name):
    body = _sub(parent, LIDO, name)
    legal = _sub(body, LIDO, "legalBodyName")
    _sub(legal, LIDO, "appellationValue", MUSEUM_NAME)
    return body


def _descriptive(root, exhibit, code):
    """One descriptiveMetadata per language (LIDO's way of giving a record in several languages)."""
    tag = LANGUAGE_TAGS[code]

    def text(record, field, fallback=""):
        values = translations(record, field)
        return values.get(tag) or values.get("en") or fallback

    meta = _sub(root, LIDO, "descriptiveMetadata")
    meta.set(XML_LANG, tag)
    classification = _sub(meta, LIDO, "objectClassificationWrap")
    work_types = _sub(classification, LIDO, "objectWorkTypeWrap")
    work_type = _sub(work_types, LIDO, "objectWorkType")
    _sub(work_type, LIDO, "term", text(exhibit, "object_name", exhibit.object_name))
    if exhibit.object_type_id:
        classes = _sub(classification, LIDO, "classificationWrap")
        kind = _sub(classes, LIDO, "classification")
        _sub(kind, LIDO, "term", text(exhibit.object_type, "name", exhibit.object_type.name))

    identification = _sub(meta, LIDO, "objectIdentificationWrap")
    titles = _sub(identification, LIDO, "titleWrap")
    title_set = _sub(titles, LIDO, "titleSet")
    title = text(exhibit, "title") or text(exhibit, "object_name", exhibit.object_name)
    _sub(title_set, LIDO, "appellationValue", title, pref="preferred")
    if exhibit.inscription:
        inscriptions = _sub(identification, LIDO, "inscriptionsWrap")
        inscription = _sub(inscriptions, LIDO, "inscriptions")
        _sub(inscription, LIDO, "inscriptionTranscription", exhibit.inscription)
    repositories = _sub(identification, LIDO, "repositoryWrap")
    repository = _sub(repositories, LIDO, "repositorySet", type="current")
    _legal_body(repository, "repositoryName")
    _sub(repository, LIDO, "workID", exhibit.accession_number, type="inventory number")
    descriptions = _sub(identification, LIDO, "objectDescriptionWrap")
    description = _sub(descriptions, LIDO, "objectDescriptionSet")
    _sub(description, LIDO, "descriptiveNoteValue", text(exhibit, "brief_description", exhibit.brief_description))
    if exhibit.dimensions:
        measurements = _sub(identification, LIDO, "objectMeasurementsWrap")
        measurement = _sub(measurements, LIDO, "objectMeasurementsSet")
        _sub(measurement, LIDO, "displayObjectMeasurements", exhibit.dimensions)

    events = _sub(meta, LIDO, "eventWrap")
    if exhibit.maker or exhibit.date_made or exhibit.materials:
        production = _sub(_sub(events, LIDO, "eventSet"), LIDO, "event")
        _sub(_sub(production, LIDO, "eventType"), LIDO, "term", "Production", "en")
        if exhibit.maker:
            actor = _sub(production, LIDO, "eventActor")
            _sub(actor, LIDO, "displayActorInRole", exhibit.maker)
        if exhibit.date_made:
            _sub(_sub(production, LIDO, "eventDate"), LIDO, "displayDate", exhibit.date_made)
        if exhibit.materials:
            _sub(_sub(production, LIDO, "eventMaterialsTech"), LIDO, "displayMaterialsTech", exhibit.materials)
    city = _published(exhibit.origin_city)
    event = _published(exhibit.presented_at)
    if city or event or exhibit.acquisition_date:
        acquisition = _sub(_sub(events, LIDO, "eventSet"), LIDO, "event")
        _sub(_sub(acquisition, LIDO, "eventType"), LIDO, "term", "Acquisition", "en")
        if event is not None:
            _sub(acquisition, LIDO, "eventName").append(_appellation(text(event, "title", event.title)))
        if exhibit.donor_id and exhibit.donor.show_publicly:
            _sub(_sub(acquisition, LIDO, "eventActor"), LIDO, "displayActorInRole", exhibit.donor.name)
        if exhibit.acquisition_date:
            _sub(_sub(acquisition, LIDO, "eventDate"), LIDO, "displayDate", exhibit.acquisition_date.isoformat())
        if city is not None:
            _sub(_sub(acquisition, LIDO, "eventPlace"), LIDO, "displayPlace", text(city, "name", city.name))
    if not len(events):
        meta.remove(events)
    return meta


def _appellation(value):
    element = etree.Element(f"{{{LIDO}}}appellationValue")
    element.text = value
    return element


def lido(exhibit, absolute):
    root = etree.Element(f"{{{LIDO}}}lido", nsmap={"lido": LIDO, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{LIDO} {FORMATS['lido'][1]}")
    _sub(root, LIDO, "lidoRecID", exhibit.accession_number, type="local", source=MUSEUM_NAME)
    category = _sub(root, LIDO, "category")
    _sub(category, LIDO, "conceptID", "http://www.cidoc-crm.org/crm-concepts/E22", type="URI")
    _sub(category, LIDO, "term", "Human-Made Object", "en")
    for code in LANGUAGE_CODES:
        _descriptive(root, exhibit, code)

    admin = _sub(root, LIDO, "administrativeMetadata")
    admin.set(XML_LANG, "en")
    rights = _sub(_sub(admin, LIDO, "rightsWorkWrap"), LIDO, "rightsWorkSet")
    _legal_body(rights, "rightsHolder")
    record = _sub(admin, LIDO, "recordWrap")
    _sub(record, LIDO, "recordID", exhibit.accession_number, type="local")
    _sub(_sub(record, LIDO, "recordType"), LIDO, "term", "item", "en")
    _legal_body(record, "recordSource")
    record_rights = _sub(record, LIDO, "recordRights")
    rights_type = _sub(record_rights, LIDO, "rightsType")
    _sub(rights_type, LIDO, "conceptID", settings.OPEN_DATA_LICENCE, type="URI")
    info = _sub(record, LIDO, "recordInfoSet")
    with translation.override("en"):
        _sub(info, LIDO, "recordInfoLink", absolute(exhibit.get_absolute_url()))
    images = [image for image in exhibit.images.all() if image.image_large]
    if images:
        resources = _sub(admin, LIDO, "resourceWrap")
        for image in images:
            resource = _sub(resources, LIDO, "resourceSet")
            representation = _sub(resource, LIDO, "resourceRepresentation", type="image_master")
            _sub(representation, LIDO, "linkResource", absolute(image.image_large.url), formatResource="image/webp")
            if image.caption:
                for lang, caption in translations(image, "caption").items():
                    _sub(resource, LIDO, "resourceDescription", caption, lang)
            if image.credit:
                _sub(_sub(resource, LIDO, "rightsResource"), LIDO, "creditLine", image.credit)
    return root


def metadata_for(prefix, exhibit, absolute):
    return oai_dc(exhibit, absolute) if prefix == "oai_dc" else lido(exhibit, absolute)
