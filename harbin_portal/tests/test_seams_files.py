"""Issue 11, files: agreements and image originals live in private storage under random names and are
handed out only by a view that checks who is asking; the web server may send the bytes in production."""

import importlib
import os

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from cities.models import Agreement
from cities.tests.factories import AgreementFactory, CityFactory, PartnershipFactory
from core.publishing import Status
from harbin_portal import roles
from museum.tests.factories import ExhibitImageFactory, jpeg_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def files_under(root):
    return [os.path.relpath(os.path.join(d, f), root) for d, _dirs, names in os.walk(root) for f in names]


def agreement(**kwargs):
    kwargs.setdefault("partnership", PartnershipFactory(city=CityFactory(status=Status.PUBLISHED)))
    return AgreementFactory(pdf=SimpleUploadedFile("Secret Treaty 1995.pdf", PDF), **kwargs)


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(user)
    return client


def test_an_agreement_pdf_is_stored_privately_under_a_random_name(settings):
    private = agreement(is_public=False)

    assert "Secret" not in private.pdf.name
    assert private.pdf.name.startswith("cities/agreement/") and private.pdf.name.endswith(".pdf")
    assert files_under(settings.MEDIA_ROOT) == []  # nothing under the public media URL
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == [private.pdf.name]
    assert not private.pdf.url.startswith(settings.MEDIA_URL)


def test_a_private_agreement_is_404_for_visitors(client):
    private = agreement(is_public=False)

    assert client.get(private.pdf.url).status_code == 404


def test_a_public_agreement_of_a_published_partnership_downloads_as_an_attachment(client):
    public = agreement(is_public=True)

    response = client.get(public.pdf.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_a_once_public_agreement_made_private_is_404_at_the_same_address(client):
    public = agreement(is_public=True)
    url = public.pdf.url
    assert client.get(url).status_code == 200

    Agreement.objects.filter(pk=public.pk).update(is_public=False)

    assert client.get(url).status_code == 404


def test_a_public_agreement_of_a_draft_partnership_is_404(client):
    draft = agreement(is_public=True, partnership=PartnershipFactory(status=Status.DRAFT))

    assert client.get(draft.pdf.url).status_code == 404


def test_staff_who_may_view_agreements_download_private_ones(editor_client):
    private = agreement(is_public=False)

    assert editor_client.get(private.pdf.url).status_code == 200


def test_an_image_original_is_private_and_its_derivatives_public(editor_client, settings):
    from django.test import Client

    image = ExhibitImageFactory(image=jpeg_upload(size=(800, 600)))

    assert files_under(settings.PRIVATE_MEDIA_ROOT) == [image.image.name]
    assert image.image.name not in files_under(settings.MEDIA_ROOT)
    assert image.image_large.url.startswith(settings.MEDIA_URL)
    assert Client().get(image.image.url).status_code == 404  # a visitor
    assert editor_client.get(image.image.url).status_code == 200  # staff who may view exhibits


def test_a_made_up_or_unregistered_name_is_404(editor_client):
    for name in ("cities/agreement/nothing.pdf", "../../etc/passwd", "delegations/registration/x.jpg", "x"):
        assert editor_client.get(f"/files/{name}").status_code == 404


def test_production_can_let_the_web_server_send_the_bytes(client, settings):
    settings.PRIVATE_MEDIA_SERVE = "x-accel-redirect"
    settings.PRIVATE_MEDIA_INTERNAL_URL = "/_private/"
    public = agreement(is_public=True)

    response = client.get(public.pdf.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{public.pdf.name}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_data_migration_moves_public_files_into_private_storage(settings):
    old_pdf = default_storage.save("agreements/Secret Treaty.pdf", ContentFile(PDF))
    old_photo = default_storage.save("cities/city/0123abcd.jpg", ContentFile(b"jpeg bytes"))
    partnership = PartnershipFactory()
    Agreement.objects.create(partnership=partnership, title="Treaty", pdf=old_pdf)
    partnership.city.__class__.objects.filter(pk=partnership.city.pk).update(photo=old_photo)
    migration = importlib.import_module("cities.migrations.0006_private_files")

    migration.to_private(apps, None)

    moved = Agreement.objects.get()
    assert moved.pdf.name.startswith("cities/agreement/") and "Secret" not in moved.pdf.name
    assert files_under(settings.MEDIA_ROOT) == []  # the old /media/ addresses answer 404 now
    assert sorted(files_under(settings.PRIVATE_MEDIA_ROOT)) == sorted([moved.pdf.name, old_photo])
    assert moved.pdf.read() == PDF


# --- Both storages in an S3-compatible object store (several app servers) ------------------------

S3_OPTIONS = (
    '{"bucket_name": "%s", "endpoint_url": "https://objects.example.org", "region_name": "eu-1",'
    ' "access_key": "AKIAEXAMPLE", "secret_key": "secret-example"}'
)


def test_production_puts_both_storages_in_buckets_from_the_environment(monkeypatch):
    from django.core.files.storage import StorageHandler

    from harbin_portal.tests.test_production import load_production_module

    monkeypatch.setenv("MEDIA_STORAGE", "storages.backends.s3.S3Storage")
    monkeypatch.setenv("MEDIA_STORAGE_OPTIONS", S3_OPTIONS % "harbin-media")
    monkeypatch.setenv("PRIVATE_STORAGE", "core.storages_s3.PrivateS3Storage")
    monkeypatch.setenv("PRIVATE_STORAGE_OPTIONS", S3_OPTIONS % "harbin-private")
    module = load_production_module(monkeypatch)

    handler = StorageHandler(module.STORAGES)
    public, private, waiting = handler["default"], handler["private"], handler["import_export"]

    assert public.bucket_name == "harbin-media"
    assert private.bucket_name == "harbin-private" and private.default_acl == "private"
    assert waiting.bucket_name == "harbin-private"  # the import waiting for confirmation: every server sees it
    # A page links to the checking view, never to the bucket.
    assert private.url("cities/agreement/" + "a" * 32 + ".pdf") == "/files/cities/agreement/" + "a" * 32 + ".pdf"
    assert public.url("cities/city/x.webp").startswith("https://objects.example.org/harbin-media/")


def test_an_s3_private_file_is_handed_out_by_a_short_signed_address_with_the_same_headers():
    from core.storages_s3 import PrivateS3Storage

    storage = PrivateS3Storage(
        bucket_name="harbin-private",
        endpoint_url="https://objects.example.org",
        region_name="eu-1",
        access_key="AKIAEXAMPLE",
        secret_key="secret-example",
    )

    url = storage.signed_url("cities/agreement/x.pdf", filename="treaty.pdf", content_type="application/pdf")

    assert url.startswith("https://objects.example.org/harbin-private/cities/agreement/x.pdf?")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=60" in url
    assert "response-content-disposition=attachment" in url


def test_the_admin_links_an_original_through_the_checking_view(admin_client_):
    image = ExhibitImageFactory(image=jpeg_upload(size=(64, 48)))

    page = admin_client_.get(f"/admin/museum/exhibit/{image.exhibit.pk}/change/")

    assert page.status_code == 200
    assert f'href="/files/{image.image.name}"' in page.content.decode()
    assert admin_client_.get(f"/files/{image.image.name}").status_code == 200
