import csv
import io
import json

import openpyxl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

pytestmark = pytest.mark.django_db


def test_data_page_lists_every_dataset_with_its_downloads(client, collection):
    response = client.get("/en/data/")
    assert response.status_code == 200
    page = response.content.decode()
    for slug in ("partner-cities", "events", "participations", "exhibits"):
        for fmt in ("csv", "json", "xlsx"):
            assert f'href="/en/data/{slug}.{fmt}"' in page
    assert "/en/data/catalogue.jsonld" in page
    assert 'rel="license"' in page


def test_data_page_speaks_russian(client, collection):
    assert client.get("/ru/data/").status_code == 200


def test_exhibits_csv_has_published_exhibits_and_no_staff_fields(client, collection):
    response = client.get("/en/data/exhibits.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["accession_number"] for row in rows] == ["HISCM.2009.1"]
    assert rows[0]["object_name_zh_hans"] == "花瓶"
    assert rows[0]["giving_city"] == "niigata"
    body = response.content.decode("utf-8-sig")
    assert "Crack at the rim" not in body
    assert "Anonymous Collector" not in body


def test_partner_cities_json_leaves_out_draft_cities(client, collection):
    rows = json.loads(client.get("/en/data/partner-cities.json").content)
    assert [row["slug"] for row in rows] == ["niigata"]
    assert rows[0]["partnership_kind"] == "sister"


def test_participations_xlsx_opens_in_a_spreadsheet(client, collection):
    response = client.get("/en/data/participations.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("event", "city")
    # The draft city's participation is not published.
    assert [row[1] for row in rows[1:]] == ["niigata"]


def test_unknown_dataset_or_format_is_404(client, collection):
    assert client.get("/en/data/contacts.csv").status_code == 404
    assert client.get("/en/data/exhibits.pdf").status_code == 404


def test_dcat_catalogue_describes_datasets_in_three_languages(client, collection):
    response = client.get("/en/data/catalogue.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    graph = Graph().parse(data=response.content, format="json-ld")
    catalogues = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogues) == 1
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 4
    exhibits = URIRef("http://testserver/en/data/#exhibits")
    languages = {title.language for title in graph.objects(exhibits, DCTERMS.title)}
    assert languages == {"en", "zh-Hans", "ru"}
    assert graph.value(exhibits, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(exhibits, DCTERMS.modified) is not None
    assert graph.value(exhibits, DCTERMS.publisher) is not None
    downloads = {str(graph.value(d, DCAT.downloadURL)) for d in graph.objects(exhibits, DCAT.distribution)}
    assert downloads == {f"http://testserver/en/data/exhibits.{fmt}" for fmt in ("csv", "json", "xlsx")}
    assert Literal("exhibits") in set(graph.objects(exhibits, DCTERMS.identifier))


def test_licence_is_a_setting(client, collection, settings):
    settings.OPEN_DATA_LICENCE = "https://creativecommons.org/publicdomain/zero/1.0/"
    graph = Graph().parse(data=client.get("/en/data/catalogue.jsonld").content, format="json-ld")
    exhibits = URIRef("http://testserver/en/data/#exhibits")
    assert graph.value(exhibits, DCTERMS.license) == URIRef("https://creativecommons.org/publicdomain/zero/1.0/")


def test_dataset_is_kept_until_the_content_changes(client, collection, django_assert_max_num_queries):
    client.get("/en/data/exhibits.json")
    with django_assert_max_num_queries(0):
        assert client.get("/en/data/exhibits.json").status_code == 200
