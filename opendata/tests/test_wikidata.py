import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cities.tests.factories import CityFactory, HarbinFactory, PartnerCityFactory

pytestmark = pytest.mark.django_db

URL = "/en/data/wikidata/"


def _statement(qid, rank="normal"):
    return {"mainsnak": {"datavalue": {"value": {"id": qid}}}, "rank": rank}


def _snippet(*qids, deprecated=()):
    entities = {
        "Q42956": {
            "id": "Q42956",
            "labels": {"en": {"value": "Harbin"}},
            "claims": {"P190": [_statement(q) for q in qids] + [_statement(q, "deprecated") for q in deprecated]},
        },
        "Q1000": {"id": "Q1000", "labels": {"en": {"value": "Faraway"}}, "claims": {}},
    }
    return SimpleUploadedFile("harbin.json", json.dumps({"entities": entities}).encode(), "application/json")


@pytest.fixture
def partners(db):
    HarbinFactory(wikidata_id="Q42956")
    return {
        "niigata": PartnerCityFactory(name="Niigata", wikidata_id="Q200"),
        "rovaniemi": PartnerCityFactory(name="Rovaniemi", wikidata_id="Q300"),
        "nameless": PartnerCityFactory(name="Nameless", wikidata_id=""),
        "irkutsk": CityFactory(name="Irkutsk", wikidata_id="Q1000"),
    }


def test_report_sorts_partners_into_both_only_here_and_only_there(staff_client, partners, staff_user):
    staff_user.is_superuser = True
    staff_user.save()
    response = staff_client.post(URL, {"snippet": _snippet("Q200", "Q1000", "Q999", deprecated=["Q300"])})
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert [city.name for city, _qid in comparison.in_both] == ["Niigata"]
    assert [city.name for city in comparison.only_here] == ["Rovaniemi"]
    assert [city.name for city in comparison.without_id] == ["Nameless"]
    assert [(qid, label) for qid, label, _city in comparison.only_there] == [("Q1000", "Faraway"), ("Q999", "")]
    assert comparison.only_there[0][2].name == "Irkutsk"
    assert "in the portal as Irkutsk, without a partnership" in response.content.decode()


def test_report_explains_a_file_that_is_not_json(admin_client_, partners):
    upload = SimpleUploadedFile("x.json", b"not json", "application/json")
    response = admin_client_.post(URL, {"snippet": upload})
    assert response.status_code == 200
    assert "The file is not valid JSON." in response.content.decode()


def test_report_explains_a_snippet_without_twinning_statements(admin_client_, partners):
    upload = SimpleUploadedFile("x.json", json.dumps({"id": "Q5", "claims": {}}).encode(), "application/json")
    response = admin_client_.post(URL, {"snippet": upload})
    assert "No entity in the file has twinning statements (P190)." in response.content.decode()


def test_visitors_are_sent_to_the_staff_login(client, partners):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_city_permission_are_refused(staff_client, partners):
    assert staff_client.get(URL).status_code == 403
