import pytest

from core.cache import bump_content_version
from core.publishing import Status
from museum.tests.factories import ExhibitFactory, ExhibitImageFactory

pytestmark = pytest.mark.django_db


def _slugs(response, key="slug"):
    return [row[key] for row in response.json()["results"]]


def test_exhibit_list_shows_published_exhibits_only(client, collection):
    response = client.get("/api/v1/exhibits/")
    assert response.status_code == 200
    assert _slugs(response, "accession_number") == ["HISCM.2009.1"]


def test_draft_exhibit_is_404(client, collection):
    assert client.get("/api/v1/exhibits/HISCM.2009.2/").status_code == 404


def test_exhibit_never_shows_hidden_donor_condition_note_or_recorder(client, collection):
    body = client.get("/api/v1/exhibits/HISCM.2009.1/").content.decode()
    assert "Anonymous Collector" not in body
    assert "Crack at the rim" not in body
    assert "recorder" not in body
    assert client.get("/api/v1/exhibits/HISCM.2009.1/").json()["donor"] is None


def test_exhibit_links_its_manifest_image_service_and_permalink(client, collection):
    data = client.get("/api/v1/exhibits/HISCM.2009.1/").json()
    assert data["iiif_manifest"] == "http://testserver/iiif/exhibits/HISCM.2009.1/manifest.json"
    assert data["url"] == "http://testserver/en/museum/exhibits/HISCM.2009.1/"
    assert data["images"][0]["iiif_image_service"].startswith("http://testserver/iiif/images/")
    assert data["images"][0]["caption"] == "Front"


def test_translated_fields_come_in_every_language(client, collection):
    data = client.get("/api/v1/exhibits/HISCM.2009.1/").json()
    assert data["object_name_i18n"] == {"en": "Vase", "zh-Hans": "花瓶", "ru": "Ваза"}


def test_lang_parameter_picks_the_language_of_text_and_permalinks(client, collection):
    response = client.get("/api/v1/exhibits/HISCM.2009.1/?lang=ru")
    assert response.json()["object_name"] == "Ваза"
    assert response.json()["url"] == "http://testserver/ru/museum/exhibits/HISCM.2009.1/"
    assert response["Content-Language"] == "ru"


def test_accept_language_picks_the_language(client, collection):
    response = client.get("/api/v1/exhibits/HISCM.2009.1/", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert response.json()["object_name"] == "花瓶"


def test_unknown_lang_falls_back_to_english(client, collection):
    assert client.get("/api/v1/exhibits/HISCM.2009.1/?lang=xx").json()["object_name"] == "Vase"


def test_exhibit_filters_of_the_public_list_work(client, collection):
    vase = collection["vase"]
    other = ExhibitFactory(accession_number="HISCM.2010.1", object_name="Drum", object_name_en="Drum")
    assert _slugs(client.get(f"/api/v1/exhibits/?room={other.room.slug}"), "accession_number") == ["HISCM.2010.1"]
    assert _slugs(client.get("/api/v1/exhibits/?q=drum"), "accession_number") == ["HISCM.2010.1"]
    by_type = client.get(f"/api/v1/exhibits/?type={vase.object_type.slug}")
    assert _slugs(by_type, "accession_number") == ["HISCM.2009.1"]
    assert _slugs(client.get("/api/v1/exhibits/?decade=2000"), "accession_number") == ["HISCM.2009.1"]


def test_bad_filter_value_is_a_400_with_a_message(client, collection):
    response = client.get("/api/v1/events/?year=abc")
    assert response.status_code == 400
    assert "year" in response.json()


def test_cities_list_hides_drafts_and_partnership_of_a_city(client, collection):
    response = client.get("/api/v1/cities/")
    slugs = _slugs(response)
    assert "niigata" in slugs
    assert "secret-town" not in slugs
    niigata = next(row for row in response.json()["results"] if row["slug"] == "niigata")
    assert niigata["partnership"]["kind"] == "sister"
    assert niigata["name_i18n"]["zh-Hans"] == "新潟"


def test_draft_partnership_is_not_shown_on_its_city(client, collection):
    partner = collection["partner"]
    partner.partnership.status = Status.DRAFT
    partner.partnership.save()
    assert client.get("/api/v1/cities/niigata/").json()["partnership"] is None
    assert client.get("/api/v1/partnerships/niigata/").status_code == 404


def test_partnership_shows_public_agreements_only_and_no_contacts(client, collection):
    response = client.get("/api/v1/partnerships/niigata/")
    body = response.content.decode()
    assert [a["title"] for a in response.json()["agreements"]] == ["Public agreement"]
    assert "Confidential agreement" not in body
    assert "Hidden Contact" not in body
    assert "hidden@example.org" not in body


def test_event_lists_published_participants_and_its_programme(client, collection):
    data = client.get("/api/v1/events/winter-forum/").json()
    assert [p["city"]["slug"] for p in data["participations"]] == ["niigata"]
    assert data["participations"][0]["head_of_delegation"] == "Mayor Nakahara"
    assert len(data["sessions"]) == 1
    assert "draft-event" not in _slugs(client.get("/api/v1/events/"))


def test_rooms_and_object_types_count_published_exhibits(client, collection):
    room = client.get(f"/api/v1/rooms/{collection['vase'].room.slug}/").json()
    assert room["exhibit_count"] == 1
    types = client.get("/api/v1/object-types/").json()["results"]
    assert sum(kind["exhibit_count"] for kind in types) == 1


def test_pages_are_numbered_with_a_size_limit(client, collection):
    for n in range(3):
        ExhibitFactory(accession_number=f"HISCM.2011.{n + 1}")
    response = client.get("/api/v1/exhibits/?page_size=2")
    assert response.json()["count"] == 4
    assert len(response.json()["results"]) == 2
    assert response.json()["next"].endswith("page=2&page_size=2")
    assert client.get("/api/v1/exhibits/?page=99").status_code == 404


@pytest.mark.parametrize(
    ("url", "budget", "repeat"),
    [
        ("/api/v1/exhibits/", 4, 0),
        ("/api/v1/cities/", 4, 0),
        ("/api/v1/partnerships/", 5, 0),
        ("/api/v1/events/", 5, 0),
        ("/api/v1/rooms/", 3, 0),
        ("/api/v1/object-types/", 3, 0),
    ],
)
def test_list_queries_do_not_grow_with_rows(client, collection, django_assert_max_num_queries, url, budget, repeat):
    for n in range(10):
        ExhibitImageFactory(exhibit=ExhibitFactory(accession_number=f"HISCM.2012.{n + 1}"))
    # The page's keys, its count, then the records (and what they prefetch) whose representation is not kept.
    with django_assert_max_num_queries(budget):
        first = client.get(url)
    assert first.status_code == 200
    # Every representation kept, the count and the page's keys too: nothing is read.
    with django_assert_max_num_queries(repeat):
        again = client.get(url)
    assert again.json() == first.json()


def test_kept_representations_follow_the_language_and_every_change(
    client, collection, django_capture_on_commit_callbacks
):
    assert client.get("/api/v1/exhibits/")["Content-Language"] == "en"
    english = client.get("/api/v1/exhibits/").json()["results"][0]
    russian = client.get("/api/v1/exhibits/?lang=ru").json()["results"][0]
    assert english["object_name"] == "Vase" and russian["object_name"] == "Ваза"
    vase = collection["vase"]
    with django_capture_on_commit_callbacks(execute=True):  # the cache is told once the save commits
        vase.object_name_en = "Blue vase"
        vase.save()
    assert client.get("/api/v1/exhibits/").json()["results"][0]["object_name"] == "Blue vase"
    with django_capture_on_commit_callbacks(execute=True):
        vase.status = "draft"
        vase.save()
    assert "HISCM.2009.1" not in client.get("/api/v1/exhibits/").content.decode()


def test_unchanged_content_answers_304_to_etag_and_last_modified(client, collection):
    first = client.get("/api/v1/exhibits/")
    assert first["ETag"]
    assert first["Last-Modified"]
    again = client.get("/api/v1/exhibits/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get("/api/v1/exhibits/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_changed_content_changes_the_etag(client, collection):
    first = client.get("/api/v1/exhibits/")
    vase = collection["vase"]
    vase.object_name_en = "Blue vase"
    vase.save()
    # What a committed save does (core.cache); the test's transaction never commits.
    bump_content_version()
    again = client.get("/api/v1/exhibits/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again.json()["results"][0]["object_name"] == "Blue vase"


def test_cors_allows_reading_from_any_site(client, collection):
    response = client.get("/api/v1/exhibits/", HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/exhibits/", HTTP_ORIGIN="https://partner.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")


def test_cors_is_not_offered_on_the_pages(client, collection):
    response = client.get("/en/museum/", HTTP_ORIGIN="https://partner.example")
    assert "Access-Control-Allow-Origin" not in response


def test_writes_are_refused(client, collection):
    assert client.post("/api/v1/exhibits/", {}).status_code == 405
    assert client.delete("/api/v1/exhibits/HISCM.2009.1/").status_code == 405


def test_anonymous_clients_are_throttled(client, collection, settings):
    settings.API_ANONYMOUS_RATE = "2/minute"
    assert client.get("/api/v1/rooms/?a=1").status_code == 200
    assert client.get("/api/v1/rooms/?a=2").status_code == 200
    assert client.get("/api/v1/rooms/?a=3").status_code == 429


def test_schema_and_self_hosted_docs(client, db):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert "/api/v1/exhibits/" in schema.content.decode()
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn" not in page.lower()
    # No inline script or style: the start-up script is a file of its own (the CSP allows 'self' only).
    assert "<script>" not in page
    assert "<style>" not in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_a_forged_forwarded_address_does_not_escape_the_throttle(client, collection, settings):
    settings.API_ANONYMOUS_RATE = "1/minute"
    assert client.get("/api/v1/rooms/").status_code == 200
    assert client.get("/api/v1/rooms/?b=1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429


def test_a_page_joined_from_kept_encodings_is_the_json_of_its_records(client, collection, monkeypatch):
    """A list page is written from its records' kept encodings; it is the JSON the serializer gives, byte for byte
    the same as a page encoded whole while the cache is down, and indented when asked."""
    from core import cache as kept

    for n in range(3):
        ExhibitFactory(accession_number=f"HISCM.2013.{n + 1}", object_name_en='Screen "Spring" \u2028 <b>')
    client.get("/api/v1/exhibits/?page_size=2&page=2")  # the records' encodings are now kept
    joined = client.get("/api/v1/exhibits/?page_size=2&page=2")
    monkeypatch.setattr(kept, "content_version", lambda reads=(): None)
    monkeypatch.setattr("opendata.api.views.content_version", lambda reads=(): None)
    whole = client.get("/api/v1/exhibits/?page_size=2&page=2")
    assert joined.content == whole.content
    body = joined.json()
    assert body["count"] == 4 and body["previous"].endswith("page_size=2")
    assert [row["accession_number"] for row in body["results"]] == ["HISCM.2013.2", "HISCM.2013.3"]
    assert body["results"][0]["object_name"] == 'Screen "Spring" \u2028 <b>'
    assert b"\\u2028" in joined.content  # escaped for JavaScript, as DRF writes it
    monkeypatch.undo()
    indented = client.get("/api/v1/exhibits/?page_size=2&page=2", HTTP_ACCEPT="application/json; indent=2")
    assert indented.json() == body
    assert indented.content.startswith(b'{\n  "count": 4')
