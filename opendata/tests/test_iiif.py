import json

import pytest
from django.core.management import call_command
from iiif_prezi3 import Collection, Manifest

from core.publishing import Status
from museum.tests.factories import ExhibitFactory, ExhibitImageFactory, jpeg_upload
from opendata.iiif.tiles import public_storage, tile_key, tile_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiled_image(collection, django_capture_on_commit_callbacks):
    """An exhibit image of 1300 x 900 pixels whose tiles the upload made (after the commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        image = ExhibitImageFactory(
            exhibit=collection["vase"], image=jpeg_upload(size=(1300, 900)), is_primary=False, caption="Detail"
        )
    return image


def _info(client, image):
    return client.get(f"/iiif/images/{tile_key(image)}/info.json", HTTP_ORIGIN="https://viewer.example")


def test_upload_makes_level0_tiles_and_info_json(client, tiled_image):
    response = _info(client, tiled_image)
    assert response.status_code == 200
    info = response.json()
    assert info["@context"] == "http://iiif.io/api/image/3/context.json"
    assert info["type"] == "ImageService3"
    assert info["profile"] == "level0"
    assert (info["width"], info["height"]) == (1300, 900)
    assert info["id"] == f"http://testserver/iiif/images/{tile_key(tiled_image)}"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_every_advertised_tile_and_size_can_be_fetched(client, tiled_image):
    """What an Image API level-0 validator checks: each tile of each scale factor, and each listed size."""
    info = _info(client, tiled_image).json()
    base = f"/iiif/images/{tile_key(tiled_image)}"
    fetched = 0
    for tiles in info["tiles"]:
        size = tiles["width"]
        for factor in tiles["scaleFactors"]:
            span = size * factor
            for y in range(0, info["height"], span):
                for x in range(0, info["width"], span):
                    w, h = min(span, info["width"] - x), min(span, info["height"] - y)
                    out_w, out_h = -(-w // factor), -(-h // factor)
                    response = client.get(f"{base}/{x},{y},{w},{h}/{out_w},{out_h}/0/default.jpg")
                    assert response.status_code == 200, (x, y, w, h, factor)
                    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
                    fetched += 1
    for size in info["sizes"]:
        assert client.get(f"{base}/full/{size['width']},{size['height']}/0/default.jpg").status_code == 200
    assert fetched >= 6
    assert info["sizes"]


def test_tiles_are_in_the_public_storage_and_the_original_is_not_copied(tiled_image):
    storage = public_storage()
    assert storage.exists(tile_path(tile_key(tiled_image), "info.json"))
    assert not storage.exists(tile_path(tile_key(tiled_image), tiled_image.image.name))


def test_unknown_or_malformed_tile_addresses_are_404(client, tiled_image):
    key = tile_key(tiled_image)
    assert client.get("/iiif/images/0123456789abcdef/info.json").status_code == 404
    assert client.get(f"/iiif/images/{key}/..,..,1,1/1,1/0/default.jpg").status_code == 404
    assert client.get(f"/iiif/images/{key}/full/max/90/default.jpg").status_code == 404
    assert client.get(f"/iiif/images/{key}/full/max/0/default.png").status_code == 404


def test_service_address_redirects_to_info_json(client, tiled_image):
    response = client.get(f"/iiif/images/{tile_key(tiled_image)}")
    assert response.status_code == 303
    assert response["Location"].endswith("/info.json")


def test_rebuild_command_makes_missing_tiles(client, collection):
    image = collection["vase"].images.get()
    assert _info(client, image).status_code == 404
    call_command("build_iiif_tiles")
    assert _info(client, image).status_code == 200


def test_manifest_validates_with_the_prezi3_models(client, tiled_image):
    response = client.get("/iiif/exhibits/HISCM.2009.1/manifest.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    data = response.json()
    Manifest(**{key: value for key, value in data.items() if key != "@context"})
    assert data["@context"] == "http://iiif.io/api/presentation/3/context.json"


def test_manifest_speaks_three_languages(client, tiled_image):
    data = client.get("/iiif/exhibits/HISCM.2009.1/manifest.json").json()
    assert data["label"] == {"en": ["Vase"], "zh-Hans": ["花瓶"], "ru": ["Ваза"]}
    assert set(data["summary"]) == {"en"}
    accession = data["metadata"][0]
    assert set(accession["label"]) == {"en", "zh-Hans", "ru"}
    assert accession["value"] == {"none": ["HISCM.2009.1"]}
    assert set(data["requiredStatement"]["label"]) == {"en", "zh-Hans", "ru"}
    assert [page["language"] for page in data["homepage"]] == [["en"], ["zh-Hans"], ["ru"]]
    assert data["homepage"][2]["id"] == "http://testserver/ru/museum/exhibits/HISCM.2009.1/"


def test_manifest_has_rights_see_also_thumbnail_and_a_canvas_per_image(client, tiled_image):
    data = client.get("/iiif/exhibits/HISCM.2009.1/manifest.json").json()
    assert data["rights"] == "https://creativecommons.org/licenses/by/4.0/"
    assert {link["format"] for link in data["seeAlso"]} == {"application/json", "application/xml"}
    assert data["thumbnail"][0]["format"] == "image/webp"
    assert len(data["items"]) == 2
    zoomable = data["items"][1]["items"][0]["items"][0]["body"]
    assert zoomable["service"][0]["profile"] == "level0"
    assert zoomable["service"][0]["id"] == f"http://testserver/iiif/images/{tile_key(tiled_image)}"


def test_manifest_leaves_out_hidden_donor_and_condition_note(client, tiled_image):
    body = client.get("/iiif/exhibits/HISCM.2009.1/manifest.json").content.decode()
    assert "Anonymous Collector" not in body
    assert "Crack at the rim" not in body


def test_draft_exhibit_has_no_manifest(client, collection):
    assert client.get("/iiif/exhibits/HISCM.2009.2/manifest.json").status_code == 404


def test_a_repeat_manifest_looks_nothing_up_and_a_change_shows_at_once(
    client, collection, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/iiif/exhibits/HISCM.2009.1/manifest.json"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).json()["label"]["en"] == ["Vase"]
    assert len(queries) == 0
    with django_capture_on_commit_callbacks(execute=True):
        vase = collection["vase"]
        vase.object_name_en = "Blue vase"
        vase.save()
    assert client.get(url).json()["label"]["en"] == ["Blue vase"]
    with django_capture_on_commit_callbacks(execute=True):
        vase.status = Status.DRAFT
        vase.save()
    assert client.get(url).status_code == 404
    assert client.get("/iiif/exhibits/HISCM 2009 ü<1>/manifest.json").status_code == 404


def test_collections_per_room_city_and_event_list_published_manifests(client, collection):
    vase = collection["vase"]
    ExhibitFactory(accession_number="HISCM.2009.3", room=vase.room, status=Status.DRAFT)
    for url in (
        f"/iiif/collections/rooms/{vase.room.slug}.json",
        "/iiif/collections/cities/niigata.json",
        "/iiif/collections/events/winter-forum.json",
    ):
        data = client.get(url).json()
        Collection(**{key: value for key, value in data.items() if key != "@context"})
        assert [item["id"] for item in data["items"]] == [
            "http://testserver/iiif/exhibits/HISCM.2009.1/manifest.json"
        ], url
    city = client.get("/iiif/collections/cities/niigata.json").json()
    assert city["label"]["en"] == ["Gifts from Niigata"]
    assert client.get("/iiif/collections/cities/secret-town.json").status_code == 404


def test_top_collection_links_room_city_and_event_collections(client, collection):
    data = client.get("/iiif/collection.json").json()
    ids = [item["id"] for item in data["items"]]
    assert "http://testserver/iiif/collections/cities/niigata.json" in ids
    assert "http://testserver/iiif/collections/events/winter-forum.json" in ids
    assert all(item["type"] == "Collection" for item in data["items"])


def test_exhibit_page_offers_zoom_and_manifest_link_without_inline_script(client, tiled_image):
    tiled_image.is_primary = True
    collection_image = tiled_image.exhibit.images.exclude(pk=tiled_image.pk).get()
    collection_image.is_primary = False
    collection_image.save()
    tiled_image.save()
    page = client.get("/en/museum/exhibits/HISCM.2009.1/").content.decode()
    assert "/iiif/exhibits/HISCM.2009.1/manifest.json" in page
    assert "img/iiif-logo.svg" in page
    assert f'data-tile-source="/iiif/images/{tile_key(tiled_image)}/info.json"' in page
    assert "opendata/deep-zoom.js" in page
    # The large image is still there for visitors without JavaScript.
    assert tiled_image.image_large.url in page
    assert "<script>" not in page


def test_draft_exhibit_page_for_staff_has_no_manifest_link(staff_client, collection):
    page = staff_client.get("/en/museum/exhibits/HISCM.2009.2/").content.decode()
    assert "manifest.json" not in page


def test_manifest_json_is_plain_json(client, tiled_image):
    json.loads(client.get("/iiif/exhibits/HISCM.2009.1/manifest.json").content)


def test_csp_allows_exactly_the_style_the_vendored_viewer_injects(settings):
    """OpenSeadragon adds one <style>; the policy names its hash. Upgrading the viewer must update the hash."""
    import base64
    import hashlib
    import re

    source = (settings.BASE_DIR / "static" / "vendor" / "openseadragon" / "openseadragon.min.js").read_text()
    styles = re.findall(r'textContent="(@media[^"]*)"', source)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
    assert "'unsafe-inline'" not in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
