import datetime
from pathlib import Path

import pytest
from lxml import etree
from sickle import Sickle

from core.publishing import Status
from museum.tests.factories import ExhibitFactory, ExhibitImageFactory, ObjectTypeFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "lido": "http://www.lido-schema.org",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "harvest.xsd")))


def oai(client, schema, **arguments):
    """GET /oai/ with the arguments; the response must validate against the OAI-PMH and metadata schemas."""
    response = client.get("/oai/", arguments)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    tree = etree.fromstring(response.content)
    schema.assertValid(tree)
    return tree


def error_code(tree):
    errors = tree.xpath("//oai:error/@code", namespaces=NS)
    return errors[0] if errors else None


def test_identify_describes_the_repository(client, schema, collection):
    tree = oai(client, schema, verb="Identify")
    assert tree.findtext("oai:Identify/oai:baseURL", namespaces=NS) == "http://testserver/oai/"
    assert tree.findtext("oai:Identify/oai:deletedRecord", namespaces=NS) == "transient"
    assert tree.findtext("oai:Identify/oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"


def test_list_metadata_formats_offers_oai_dc_and_lido(client, schema, collection):
    tree = oai(client, schema, verb="ListMetadataFormats")
    assert tree.xpath("//oai:metadataPrefix/text()", namespaces=NS) == ["oai_dc", "lido"]


def test_list_sets_has_rooms_and_object_types(client, schema, collection):
    vase = collection["vase"]
    specs = oai(client, schema, verb="ListSets").xpath("//oai:setSpec/text()", namespaces=NS)
    assert f"room:{vase.room.slug}" in specs
    assert f"type:{vase.object_type.slug}" in specs


def test_get_record_in_lido_gives_the_exhibit_in_three_languages(client, schema, collection):
    ExhibitImageFactory(exhibit=collection["vase"], is_primary=False, caption="Side")
    tree = oai(client, schema, verb="GetRecord", metadataPrefix="lido", identifier="oai:hiscm.harbin:HISCM.2009.1")
    languages = tree.xpath("//lido:descriptiveMetadata/@xml:lang", namespaces=NS)
    assert languages == ["en", "zh-Hans", "ru"]
    titles = tree.xpath("//lido:titleSet/lido:appellationValue/text()", namespaces=NS)
    assert titles == ["Vase", "花瓶", "Ваза"]
    assert tree.xpath("//lido:workID/text()", namespaces=NS) == ["HISCM.2009.1"] * 3
    assert len(tree.xpath("//lido:resourceSet", namespaces=NS)) == 2


def test_get_record_in_oai_dc(client, schema, collection):
    tree = oai(client, schema, verb="GetRecord", metadataPrefix="oai_dc", identifier="oai:hiscm.harbin:HISCM.2009.1")
    assert "花瓶" in tree.xpath("//dc:title/text()", namespaces=NS)
    assert "http://testserver/en/museum/exhibits/HISCM.2009.1/" in tree.xpath("//dc:identifier/text()", namespaces=NS)


def test_records_leave_out_hidden_donor_and_condition_note(client, collection):
    for prefix in ("lido", "oai_dc"):
        body = client.get(
            "/oai/", {"verb": "GetRecord", "metadataPrefix": prefix, "identifier": "oai:hiscm.harbin:HISCM.2009.1"}
        ).content.decode()
        assert "Anonymous Collector" not in body
        assert "Crack at the rim" not in body


def test_draft_that_was_never_published_does_not_exist(client, schema, collection):
    tree = oai(client, schema, verb="GetRecord", metadataPrefix="lido", identifier="oai:hiscm.harbin:HISCM.2009.2")
    assert error_code(tree) == "idDoesNotExist"


def test_unpublished_exhibit_is_reported_deleted(client, schema, collection):
    vase = collection["vase"]
    vase.status = Status.DRAFT
    vase.save()
    tree = oai(client, schema, verb="GetRecord", metadataPrefix="lido", identifier="oai:hiscm.harbin:HISCM.2009.1")
    assert tree.xpath("//oai:header/@status", namespaces=NS) == ["deleted"]
    assert not tree.xpath("//oai:metadata", namespaces=NS)
    listed = oai(client, schema, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert listed.xpath("//oai:header[@status='deleted']/oai:identifier/text()", namespaces=NS) == [
        "oai:hiscm.harbin:HISCM.2009.1"
    ]


def test_deleted_exhibit_is_reported_deleted(client, schema, collection):
    collection["vase"].delete()
    tree = oai(client, schema, verb="ListIdentifiers", metadataPrefix="lido")
    assert tree.xpath("//oai:header/@status", namespaces=NS) == ["deleted"]


def test_datestamp_is_the_latest_history_entry(client, schema, collection):
    vase = collection["vase"]
    latest = vase.history.order_by("-history_date").first().history_date
    tree = oai(client, schema, verb="ListIdentifiers", metadataPrefix="lido")
    stamp = tree.findtext(".//oai:header/oai:datestamp", namespaces=NS)
    assert stamp == latest.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_from_and_until_select_by_datestamp(client, schema, collection):
    tomorrow = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)).date().isoformat()
    assert error_code(oai(client, schema, verb="ListRecords", metadataPrefix="lido", **{"from": tomorrow})) == (
        "noRecordsMatch"
    )
    tree = oai(client, schema, verb="ListRecords", metadataPrefix="lido", until=tomorrow)
    assert len(tree.xpath("//oai:record", namespaces=NS)) == 1


def test_sets_select_records(client, schema, collection):
    other = ExhibitFactory(accession_number="HISCM.2010.5", object_type=ObjectTypeFactory(slug="drum"))
    tree = oai(client, schema, verb="ListIdentifiers", metadataPrefix="oai_dc", set="type:drum")
    assert tree.xpath("//oai:identifier/text()", namespaces=NS) == [f"oai:hiscm.harbin:{other.accession_number}"]


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Dance"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "GetRecord", "metadataPrefix": "lido", "identifier": "oai:elsewhere:1"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "lido", "from": "yesterday"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "lido", "from": "2020-01-02", "until": "2020-01-01"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "lido", "set": "room:nowhere"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "lido", "resumptionToken": "x"}, "badArgument"),
    ],
)
def test_protocol_errors(client, schema, collection, arguments, code):
    tree = oai(client, schema, **arguments)
    assert error_code(tree) == code
    if code in ("badVerb", "badArgument"):
        assert not tree.find("oai:request", namespaces=NS).attrib


def test_repeated_argument_is_bad(client, schema, collection):
    response = client.get("/oai/?verb=Identify&verb=Identify")
    assert error_code(etree.fromstring(response.content)) == "badVerb"
    response = client.get("/oai/?verb=ListRecords&metadataPrefix=lido&metadataPrefix=oai_dc")
    assert error_code(etree.fromstring(response.content)) == "badArgument"


def test_post_is_answered_like_get(client, schema, collection):
    response = client.post("/oai/", {"verb": "Identify"})
    assert response.status_code == 200
    schema.assertValid(etree.fromstring(response.content))


def test_resumption_tokens_page_through_every_record(client, schema, collection, settings):
    settings.OAI_PAGE_SIZE = 2
    for n in range(4):
        ExhibitFactory(accession_number=f"HISCM.2015.{n + 1}")
    seen = []
    tree = oai(client, schema, verb="ListRecords", metadataPrefix="lido")
    while True:
        seen += tree.xpath("//oai:header/oai:identifier/text()", namespaces=NS)
        token = tree.find(".//oai:resumptionToken", namespaces=NS)
        if token is None or not token.text:
            break
        assert token.get("completeListSize") == "5"
        tree = oai(client, schema, verb="ListRecords", resumptionToken=token.text)
    assert len(seen) == 5
    assert len(set(seen)) == 5


@pytest.mark.django_db(transaction=True)
def test_sickle_harvests_the_whole_repository_from_the_live_server(live_server, settings):
    settings.OAI_PAGE_SIZE = 3
    for n in range(7):
        ExhibitFactory(accession_number=f"HISCM.2020.{n + 1}")
    ExhibitFactory(accession_number="HISCM.2020.99", status=Status.DRAFT)
    harvester = Sickle(f"{live_server.url}/oai/", max_retries=0, timeout=10)
    assert harvester.Identify().repositoryName
    records = list(harvester.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    identifiers = [record.header.identifier for record in records]
    assert sorted(identifiers) == sorted(f"oai:hiscm.harbin:HISCM.2020.{n + 1}" for n in range(7))
    lido = list(harvester.ListRecords(metadataPrefix="lido"))
    assert len(lido) == 7
    sets = [entry.setSpec for entry in harvester.ListSets()]
    assert any(spec.startswith("room:") for spec in sets)


def test_kept_metadata_gives_the_same_records_and_follows_changes(
    client, schema, collection, django_capture_on_commit_callbacks
):
    def records(**arguments):
        tree = oai(client, schema, verb="ListRecords", **arguments)
        return [etree.tostring(record) for record in tree.xpath("//oai:record", namespaces=NS)]

    for prefix in ("lido", "oai_dc"):
        first = records(metadataPrefix=prefix)
        assert first and records(metadataPrefix=prefix) == first
    vase = collection["vase"]
    with django_capture_on_commit_callbacks(execute=True):  # the cache is told once the save commits
        vase.object_name_en = "Blue vase"
        vase.save()
    assert any(b"Blue vase" in record for record in records(metadataPrefix="lido"))
    assert not any(b"Blue vase" in record for record in first)


def test_a_title_that_looks_like_a_kept_record_s_marker_stays_text(client, schema, collection):
    """Kept metadata is written into the answer where a marker comment stands; a title cannot make one."""
    vase = collection["vase"]
    vase.object_name_en = f"<!--kept:{vase.pk}--> vase"
    vase.save()
    for _ in range(2):  # built, then kept
        tree = oai(client, schema, verb="ListRecords", metadataPrefix="oai_dc")
        assert f"<!--kept:{vase.pk}--> vase" in tree.xpath("//dc:title/text()", namespaces=NS)
        assert len(tree.xpath("//oai:record/oai:metadata/*", namespaces=NS)) == len(
            tree.xpath("//oai:record", namespaces=NS)
        )


def test_a_repeat_list_asks_nothing_and_a_withdrawn_exhibit_shows_as_deleted_at_once(
    client, schema, collection, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    oai(client, schema, verb="ListRecords", metadataPrefix="lido")
    with CaptureQueriesContext(connection) as queries:
        tree = oai(client, schema, verb="ListRecords", metadataPrefix="lido")
    assert len(queries) == 0
    assert not tree.xpath("//oai:header[@status='deleted']", namespaces=NS)
    with django_capture_on_commit_callbacks(execute=True):
        vase = collection["vase"]
        vase.status = Status.DRAFT
        vase.save()
    listed = oai(client, schema, verb="ListIdentifiers", metadataPrefix="lido")
    assert listed.xpath("//oai:header[@status='deleted']/oai:identifier/text()", namespaces=NS) == [
        "oai:hiscm.harbin:HISCM.2009.1"
    ]


def test_a_listed_record_is_its_get_record_and_its_kept_header_follows_changes(
    client, schema, collection, django_capture_on_commit_callbacks
):
    """A page of ListRecords is written from records kept whole (header and metadata): each reads as GetRecord
    gives it, and moving an exhibit to another type shows in its header's sets on the next list."""
    identifier = "oai:hiscm.harbin:HISCM.2009.1"

    def listed():
        tree = oai(client, schema, verb="ListRecords", metadataPrefix="lido")
        return tree.xpath(f"//oai:record[oai:header/oai:identifier='{identifier}']", namespaces=NS)[0]

    def got():
        tree = oai(client, schema, verb="GetRecord", metadataPrefix="lido", identifier=identifier)
        return tree.xpath("//oai:record", namespaces=NS)[0]

    listed()  # now kept
    assert etree.tostring(listed(), method="c14n") == etree.tostring(got(), method="c14n")
    with django_capture_on_commit_callbacks(execute=True):
        vase = collection["vase"]
        vase.object_type = ObjectTypeFactory(slug="drum")
        vase.save()
    assert "type:drum" in listed().xpath("oai:header/oai:setSpec/text()", namespaces=NS)
    assert etree.tostring(listed(), method="c14n") == etree.tostring(got(), method="c14n")
