"""/oai/: the OAI-PMH 2.0 endpoint (all six verbs) for the museum's exhibits, in oai_dc and LIDO 1.1."""

import re
from datetime import UTC, datetime, time

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from core.cache import cached_for_content, content_version, kept_many
from opendata.http import open_data_view

from . import records
from .metadata import FORMATS, metadata_for

OAI = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
# An hour bounds what old content versions leave behind in the cache.
METADATA_SECONDS = 60 * 60
TOKEN_SALT = "opendata.oai.resumption"  # noqa: S105 (a signing salt, not a password)

ARGUMENTS = {
    "Identify": ({"verb"}, set()),
    "ListMetadataFormats": ({"verb"}, {"identifier"}),
    "ListSets": ({"verb"}, {"resumptionToken"}),
    "GetRecord": ({"verb", "identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"verb", "metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"verb", "metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}


class ProtocolError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def _stamp(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# Where a record's metadata goes (kept or just built): a comment in its empty <metadata> element. Text from the
# records cannot produce it (in text and attributes "<" is always escaped).
KEPT_MARKER = re.compile(rb"<!--kept:(\d+)-->")


def _serialised(element):
    """An element as UTF-8 bytes without an XML declaration, to be written into an answer as it is."""
    return etree.tostring(element, encoding="UTF-8", xml_declaration=False)


def _el(parent, name, text=None, **attributes):
    element = etree.SubElement(parent, f"{{{OAI}}}{name}", {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


def _parse_date(value, *, end_of_day):
    """A UTC datestamp at day or second granularity; (datetime, granularity) or a badArgument."""
    try:
        if len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d").date()
            return datetime.combine(day, time.max if end_of_day else time.min, tzinfo=UTC), "day"
        if len(value) == 20 and value.endswith("Z"):
            return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), "seconds"
    except ValueError:
        pass
    raise ProtocolError("badArgument", f"“{value}” is not a UTC date in YYYY-MM-DD or {GRANULARITY} form.")


class Harvest:
    """One OAI-PMH request: its arguments checked, its answer built as an lxml tree."""

    def __init__(self, request):
        self.request = request
        self.base_url = request.build_absolute_uri(reverse("opendata_root:oai"))
        self.query = request.POST if request.method == "POST" else request.GET
        # {pk: a record's metadata, serialised}: written into the answer where its marker stands.
        self.kept = {}

    def absolute(self, path):
        return self.request.build_absolute_uri(path)

    def respond(self):
        root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {OAI_SCHEMA}")
        _el(root, "responseDate", _stamp(timezone.now()))
        request_element = _el(root, "request", self.base_url)
        try:
            verb, arguments = self.arguments()
            for key, value in arguments.items():
                request_element.set(key, value)
            getattr(self, verb)(root, arguments)
        except ProtocolError as error:
            # On badVerb and badArgument the request element carries no attributes.
            if error.code in ("badVerb", "badArgument"):
                request_element.attrib.clear()
            for child in list(root)[2:]:
                root.remove(child)
            _el(root, "error", error.message, code=error.code)
            self.kept.clear()
        answer = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        if not self.kept:
            return answer
        return KEPT_MARKER.sub(lambda marker: self.kept[int(marker.group(1))], answer)

    def arguments(self):
        verbs = self.query.getlist("verb")
        if len(verbs) != 1 or verbs[0] not in ARGUMENTS:
            raise ProtocolError("badVerb", "The verb is missing, repeated or not one of the six OAI-PMH verbs.")
        verb = verbs[0]
        required, optional = ARGUMENTS[verb]
        for key in self.query:
            if key not in required | optional:
                raise ProtocolError("badArgument", f"“{key}” is not an argument of {verb}.")
            if len(self.query.getlist(key)) > 1:
                raise ProtocolError("badArgument", f"“{key}” is repeated.")
            if "\x00" in self.query[key]:
                raise ProtocolError("badArgument", f"“{key}” holds a NUL character.")
        arguments = {key: self.query[key] for key in self.query}
        if "resumptionToken" in arguments:
            if set(arguments) - {"verb", "resumptionToken"}:
                raise ProtocolError("badArgument", "resumptionToken is an exclusive argument.")
        else:
            missing = required - set(arguments)
            if missing:
                raise ProtocolError("badArgument", f"{verb} needs {', '.join(sorted(missing))}.")
        return verb, arguments

    # The six verbs

    def Identify(self, root, arguments):  # noqa: N802 (the protocol's verb names)
        identify = _el(root, "Identify")
        _el(identify, "repositoryName", records.MUSEUM_REPOSITORY_NAME)
        _el(identify, "baseURL", self.base_url)
        _el(identify, "protocolVersion", "2.0")
        _el(identify, "adminEmail", settings.OAI_ADMIN_EMAIL)
        earliest = records.earliest_datestamp()
        _el(identify, "earliestDatestamp", _stamp(earliest) if earliest else "2000-01-01T00:00:00Z")
        _el(identify, "deletedRecord", "transient")
        _el(identify, "granularity", GRANULARITY)

    def ListMetadataFormats(self, root, arguments):  # noqa: N802
        if "identifier" in arguments and records.record_for(arguments["identifier"]) is None:
            raise ProtocolError("idDoesNotExist", "No record has this identifier.")
        formats = _el(root, "ListMetadataFormats")
        for prefix, (namespace, schema) in FORMATS.items():
            entry = _el(formats, "metadataFormat")
            _el(entry, "metadataPrefix", prefix)
            _el(entry, "schema", schema)
            _el(entry, "metadataNamespace", namespace)

    def ListSets(self, root, arguments):  # noqa: N802
        if "resumptionToken" in arguments:
            raise ProtocolError("badResumptionToken", "The set list is sent whole; this token is not valid.")
        sets = _el(root, "ListSets")
        for spec, record in records.all_sets():
            entry = _el(sets, "set")
            _el(entry, "setSpec", spec)
            _el(entry, "setName", str(record.name_en or record.name))

    def GetRecord(self, root, arguments):  # noqa: N802
        self._check_prefix(arguments["metadataPrefix"])
        record = records.record_for(arguments["identifier"])
        if record is None:
            raise ProtocolError("idDoesNotExist", "No record has this identifier.")
        prefix = arguments["metadataPrefix"]
        metadata = (
            {} if record.deleted else {record.pk: _serialised(metadata_for(prefix, record.exhibit, self.absolute))}
        )
        self._record(_el(root, "GetRecord"), record, prefix, metadata)

    def ListIdentifiers(self, root, arguments):  # noqa: N802
        self._list(root, arguments, "ListIdentifiers", with_metadata=False)

    def ListRecords(self, root, arguments):  # noqa: N802
        self._list(root, arguments, "ListRecords", with_metadata=True)

    # Helpers

    def _check_prefix(self, prefix):
        if prefix not in FORMATS:
            raise ProtocolError("cannotDisseminateFormat", f"“{prefix}” is not offered; use oai_dc or lido.")

    def _header(self, parent, record):
        header = _el(parent, "header", status="deleted") if record.deleted else _el(parent, "header")
        _el(header, "identifier", record.identifier)
        _el(header, "datestamp", _stamp(record.datestamp))
        for spec in record.sets:
            _el(header, "setSpec", spec)

    def _record(self, parent, record, prefix, metadata):
        """A record: its header, and its metadata ({pk: serialised}), written in where its marker stands."""
        element = _el(parent, "record")
        self._header(element, record)
        if not record.deleted and record.pk in metadata:
            self.kept[record.pk] = metadata[record.pk]
            _el(element, "metadata").append(etree.Comment(f"kept:{record.pk}"))

    def _metadata(self, prefix, pks):
        """{pk: metadata serialised} for a page's live records. Each record's metadata is kept per content
        version (which goes up on every save), format, language and host, so a harvester's pages and repeated
        harvests load and build only what changed, and the kept bytes go into the answer as they are (parsing
        100 LIDO records back into the tree cost an eighth of the page); all are built while the cache is
        unavailable."""

        def build(missing):
            loaded = records.exhibits(missing)
            return {pk: _serialised(metadata_for(prefix, loaded[pk], self.absolute)) for pk in loaded}

        version = content_version()
        if version is None:
            return build(pks)
        stem = f"oai:{prefix}:{translation.get_language()}:{self.request.scheme}://{self.request.get_host()}:"
        return kept_many(f"{stem}utf-8:{version}:", pks, build, METADATA_SECONDS)

    def _whole_records(self, prefix, page):
        """{pk: a live record of `page`, its header and metadata serialised whole}, kept as `_metadata` keeps
        metadata (the header's datestamp and sets change with the content version too): a page of 100 records is
        written from them as they are, instead of building 100 headers (half of a kept page's time)."""
        live = {record.pk: record for record in page if not record.deleted}

        def build(missing):
            loaded = records.exhibits(missing)
            built = {}
            for pk in missing:
                if pk in loaded:
                    element = etree.Element(f"{{{OAI}}}record", nsmap={None: OAI})
                    self._header(element, live[pk])
                    _el(element, "metadata").append(metadata_for(prefix, loaded[pk], self.absolute))
                    built[pk] = _serialised(element)
            return built

        version = content_version()
        if version is None:
            return build(list(live))
        stem = f"oai:{prefix}:{translation.get_language()}:{self.request.scheme}://{self.request.get_host()}:"
        return kept_many(f"{stem}record:{version}:", list(live), build, METADATA_SECONDS)

    def _selection(self, arguments):
        """(prefix, from, until, set, after, cursor) from the arguments or the resumption token."""
        if "resumptionToken" in arguments:
            try:
                state = signing.loads(arguments["resumptionToken"], salt=TOKEN_SALT)
                return (
                    state["m"],
                    datetime.fromisoformat(state["f"]) if state["f"] else None,
                    datetime.fromisoformat(state["u"]) if state["u"] else None,
                    state["s"],
                    int(state["a"]),
                    int(state["c"]),
                )
            except (signing.BadSignature, KeyError, TypeError, ValueError):
                raise ProtocolError("badResumptionToken", "The resumption token is invalid or has expired.") from None
        prefix = arguments["metadataPrefix"]
        self._check_prefix(prefix)
        date_from = date_until = None
        if "from" in arguments:
            date_from, from_granularity = _parse_date(arguments["from"], end_of_day=False)
        if "until" in arguments:
            date_until, until_granularity = _parse_date(arguments["until"], end_of_day=True)
        if date_from and date_until:
            if from_granularity != until_granularity:
                raise ProtocolError("badArgument", "from and until must have the same granularity.")
            if date_from > date_until:
                raise ProtocolError("badArgument", "from is later than until.")
        set_spec = arguments.get("set")
        if set_spec and not records.is_known_set(set_spec):
            raise ProtocolError("badArgument", f"There is no set “{set_spec}”.")
        return prefix, date_from, date_until, set_spec, 0, 0

    def _list(self, root, arguments, verb, *, with_metadata):
        prefix, date_from, date_until, set_spec, after, cursor = self._selection(arguments)
        selection = "{}:{}:{}".format(
            date_from.isoformat() if date_from else "", date_until.isoformat() if date_until else "", set_spec or ""
        )
        # A page's headers, kept until the content changes: a harvester's next pass, or another's, asks nothing.
        page, more = cached_for_content(
            f"oai-page:{after}:{settings.OAI_PAGE_SIZE}:{selection}",
            lambda: records.records(
                after=after, limit=settings.OAI_PAGE_SIZE, date_from=date_from, date_until=date_until, set_spec=set_spec
            ),
        )
        if not page and cursor == 0:
            raise ProtocolError("noRecordsMatch", "No record matches these arguments.")
        listing = _el(root, verb)
        whole = self._whole_records(prefix, page) if with_metadata else {}
        for record in page:
            if record.pk in whole and not record.deleted:
                self.kept[record.pk] = whole[record.pk]
                listing.append(etree.Comment(f"kept:{record.pk}"))
            elif with_metadata:
                self._record(listing, record, prefix, {})  # a deleted record (or one gone since): its header
            else:
                self._header(listing, record)
        if more or cursor:
            size = cached_for_content(
                f"oai-size:{selection}",
                lambda: records.count(date_from=date_from, date_until=date_until, set_spec=set_spec),
            )
            token = ""
            if more:
                token = signing.dumps(
                    {
                        "m": prefix,
                        "f": date_from.isoformat() if date_from else "",
                        "u": date_until.isoformat() if date_until else "",
                        "s": set_spec or "",
                        "a": page[-1].pk,
                        "c": cursor + len(page),
                    },
                    salt=TOKEN_SALT,
                    compress=True,
                )
            _el(listing, "resumptionToken", token, completeListSize=size, cursor=cursor)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@open_data_view
def endpoint(request):
    return HttpResponse(Harvest(request).respond(), content_type="text/xml; charset=utf-8")
