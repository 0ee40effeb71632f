"""Imports on the task queue (core.imports): the database backend and its worker, progress, who may see an import,
all-or-nothing confirmation, and files kept only while needed."""

import datetime

import pytest
from django.core.files.storage import storages
from django.db.models.signals import post_save
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from cities.models import City
from cities.tests.factories import CityFactory
from core import imports
from core.models import ImportJob
from harbin_portal.tests.imports import confirm, job_of, upload
from museum.models import Exhibit, Room
from museum.tests.factories import ObjectTypeFactory, RoomFactory

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
CITIES_CSV = "slug,name_en,country,administrative_level,status\n" + "".join(
    f"town-{n},Town {n},FI,city,draft\n" for n in range(1, 6)
)


def run_worker():
    """What `manage.py db_worker` does with each task waiting in the queue: claim it, run it."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )
    ran = 0
    while (waiting := DBTaskResult.objects.ready().first()) is not None:
        waiting.claim(worker.worker_id)
        worker.run_task(waiting)
        ran += 1
    return ran


def stored(job):
    return storages["import_export"].exists(f"django-import-export/{job.file_name}")


def exhibits_csv(rows, room="hall-1"):
    lines = [
        "accession_number,object_name_en,brief_description_en,title_en,object_type,room,recorder,recording_date,status"
    ]
    lines += [
        f"HISCM.2030.{n},Vase,A vase.,Vase {n},ceramics,{room},Alice,2026-01-02,draft" for n in range(1, rows + 1)
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def exhibit_refs():
    ObjectTypeFactory(slug="ceramics")
    RoomFactory(slug="hall-1")


@DATABASE_QUEUE
def test_an_import_waits_in_the_queue_until_the_worker_checks_it_then_imports_once_confirmed(admin_client_):
    page = upload(admin_client_, "cities_city", CITIES_CSV)
    job = job_of(page)

    assert "Waiting for the task worker to start" in page.content.decode()
    progress = admin_client_.get(reverse("admin:cities_city_import_progress", args=[job.pk])).json()
    assert progress == {"status": "checking", "running": True, "done": None, "total": None}

    assert run_worker() == 1
    preview = admin_client_.get(reverse("admin:cities_city_import_job", args=[job.pk]))
    assert "5 new, 0 changed, 0 unchanged" in preview.content.decode()
    assert City.objects.count() == 0

    waiting = confirm(admin_client_, preview)
    assert "Importing" in waiting.content.decode()
    assert City.objects.count() == 0
    assert run_worker() == 1
    done = admin_client_.get(reverse("admin:cities_city_import_job", args=[job.pk]))
    assert "Import finished: 5 new, 0 changed, 0 unchanged." in done.content.decode()
    assert City.objects.count() == 5


@DATABASE_QUEUE
def test_the_progress_address_counts_rows_while_the_import_runs(admin_client_, monkeypatch):
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 1)
    preview = upload(admin_client_, "cities_city", CITIES_CSV)
    run_worker()
    job = job_of(preview)
    confirm(admin_client_, preview)
    seen = []

    def ask_progress(sender, instance, **kwargs):  # staff polling while row `instance` is being written
        seen.append(admin_client_.get(reverse("admin:cities_city_import_progress", args=[job.pk])).json())

    post_save.connect(ask_progress, sender=City, dispatch_uid="test-progress")
    try:
        run_worker()
    finally:
        post_save.disconnect(sender=City, dispatch_uid="test-progress")

    assert [(state["done"], state["total"], state["running"]) for state in seen] == [(n, 5, True) for n in range(0, 5)]
    page = admin_client_.get(reverse("admin:cities_city_import_job", args=[job.pk]))
    assert "Import finished" in page.content.decode()


def test_the_progress_page_says_how_far_the_import_got(admin_client_):
    job = ImportJob.objects.create(
        user=_user(admin_client_),
        model_label="cities.city",
        resource_path="cities.resources.CityResource",
        format_path="core.resources.SafeCSV",
        original_name="towns.csv",
        rows_total=10000,
    )
    imports._set_progress(job.pk, 1200)

    page = admin_client_.get(reverse("admin:cities_city_import_job", args=[job.pk])).content.decode()

    assert "1,200 of 10,000 rows done." in page
    assert '<progress max="10000" value="1200"' in page
    assert 'role="status"' in page


def _user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_another_staff_member_cannot_see_or_confirm_someone_elses_import(admin_client_, client, django_user_model):
    preview = upload(admin_client_, "cities_city", CITIES_CSV)
    job = job_of(preview)
    other = django_user_model.objects.create_superuser("bob", "bob@example.org", "pw-bob-12345")
    client.force_login(other)

    for view in ("import_job", "import_progress"):
        assert client.get(reverse(f"admin:cities_city_{view}", args=[job.pk])).status_code == 404
    for view in ("import_confirm", "import_cancel"):
        assert client.post(reverse(f"admin:cities_city_{view}", args=[job.pk])).status_code == 404
    assert City.objects.count() == 0
    assert stored(ImportJob.objects.get(pk=job.pk))


def test_an_import_is_not_reachable_from_another_list(admin_client_):
    job = job_of(upload(admin_client_, "cities_city", CITIES_CSV))
    assert admin_client_.get(reverse("admin:events_event_import_job", args=[job.pk])).status_code == 404


def test_the_file_is_deleted_once_confirmed(admin_client_):
    preview = upload(admin_client_, "cities_city", CITIES_CSV)
    job = job_of(preview)
    assert stored(job)

    confirm(admin_client_, preview)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.file_name == ""
    assert storages["import_export"].listdir("django-import-export")[1] == []


def test_the_file_is_deleted_when_the_import_is_cancelled(admin_client_):
    job = job_of(upload(admin_client_, "cities_city", CITIES_CSV))

    response = admin_client_.post(reverse("admin:cities_city_import_cancel", args=[job.pk]), follow=True)

    assert "Import cancelled" in response.content.decode()
    assert storages["import_export"].listdir("django-import-export")[1] == []
    assert admin_client_.post(reverse("admin:cities_city_import_confirm", args=[job.pk])).status_code == 302
    assert City.objects.count() == 0


def test_the_file_of_a_file_with_bad_rows_is_deleted_at_once(admin_client_):
    page = upload(admin_client_, "cities_city", CITIES_CSV.replace("town-3,Town 3,FI", "town-3,Town 3,XX"))

    assert job_of(page).status == ImportJob.Status.INVALID
    assert "Some rows cannot be imported" in page.content.decode()
    assert storages["import_export"].listdir("django-import-export")[1] == []


def test_a_file_left_unconfirmed_is_deleted_after_a_day(admin_client_, settings):
    job = job_of(upload(admin_client_, "cities_city", CITIES_CSV))
    ImportJob.objects.filter(pk=job.pk).update(updated=timezone.now() - datetime.timedelta(hours=25))

    assert imports.clean_stale_imports() == 1

    job.refresh_from_db()
    assert (job.status, job.file_name) == (ImportJob.Status.CANCELLED, "")
    assert storages["import_export"].listdir("django-import-export")[1] == []


def test_a_file_that_is_not_the_chosen_format_is_a_message(admin_client_):
    page = upload(admin_client_, "cities_city", b"PK\x03\x04 not a sheet", name="towns.xlsx", file_format="1")

    assert "The file could not be read" in page.content.decode()
    assert job_of(page).status == ImportJob.Status.FAILED


@DATABASE_QUEUE
def test_a_row_that_went_bad_after_the_preview_writes_nothing_at_all(admin_client_, exhibit_refs):
    RoomFactory(slug="hall-2")
    text = exhibits_csv(600).replace("Vase 599,ceramics,hall-1", "Vase 599,ceramics,hall-2")
    preview = upload(admin_client_, "museum_exhibit", text)
    run_worker()
    preview = admin_client_.get(reverse("admin:museum_exhibit_import_job", args=[job_of(preview).pk]))
    assert "600 new" in preview.content.decode()
    Room.objects.filter(slug="hall-2").delete()  # row 600 now names a room that is gone

    confirm(admin_client_, preview)
    run_worker()

    job = ImportJob.objects.get(pk=job_of(preview).pk)
    page = admin_client_.get(reverse("admin:museum_exhibit_import_job", args=[job.pk])).content.decode()
    assert job.status == ImportJob.Status.FAILED
    assert "Nothing was imported" in page and "hall-2" in page
    assert [number for number, _texts in job.summary["problems"]] == [600]
    # The first 500 rows were a full batch before row 600 was reached: rolled back with the rest.
    assert Exhibit.objects.count() == 0 and Exhibit.history.count() == 0
    assert job.file_name == ""


def test_exhibits_written_in_batches_keep_their_history_sort_keys_and_changed_cells(admin_client_, exhibit_refs):
    confirm(admin_client_, upload(admin_client_, "museum_exhibit", exhibits_csv(3)))
    vase = Exhibit.objects.get(accession_number="HISCM.2030.2")
    assert vase.title_sort_en and vase.accession_sort == "HISCM.0000002030.0000000002"
    assert [h.history_user.username for h in Exhibit.history.all()] == ["root"] * 3

    changed = exhibits_csv(3).replace("Vase 2,", "Blue vase 2,")
    preview = upload(admin_client_, "museum_exhibit", changed)
    page = preview.content.decode()
    assert "0 new, 1 changed, 2 unchanged" in page
    assert page.count('class="import-changed"') == 1
    assert '<td class="import-row-number">3</td>' in page
    confirm(admin_client_, preview)

    vase.refresh_from_db()
    assert vase.title_en == "Blue vase 2"
    assert vase.title_sort_en.startswith(Exhibit(title_en="Blue vase 2").title_sort_en or "b")
    assert Exhibit.history.filter(accession_number="HISCM.2030.2").count() == 2
    assert Exhibit.history.count() == 4


def test_a_long_preview_lists_the_first_rows_and_counts_the_rest(admin_client_, exhibit_refs, monkeypatch):
    monkeypatch.setattr(imports, "PREVIEW_ROWS", 2)

    page = upload(admin_client_, "museum_exhibit", exhibits_csv(5)).content.decode()

    assert "5 new, 0 changed, 0 unchanged" in page
    assert page.count('<td class="import-row-number">') == 2
    assert "The first 2 new or changed rows are shown; 3 more will be imported too." in page


def test_a_rule_broken_by_a_row_is_named_in_the_preview(admin_client_, exhibit_refs):
    page = upload(admin_client_, "museum_exhibit", exhibits_csv(2, room=""))

    assert job_of(page).status == ImportJob.Status.INVALID
    assert [number for number, _texts in job_of(page).summary["problems"]] == [2, 3]
    assert Exhibit.objects.count() == 0


def test_confirming_twice_imports_once(admin_client_):
    preview = upload(admin_client_, "cities_city", CITIES_CSV)
    confirm(admin_client_, preview)
    again = confirm(admin_client_, preview)
    assert "cannot be confirmed" in again.content.decode()
    assert City.objects.count() == 5


def test_staff_who_may_only_view_cannot_follow_an_import(client, admin_client_, django_user_model):
    from django.contrib.auth.models import Group

    from harbin_portal import roles

    job = job_of(upload(admin_client_, "cities_city", CITIES_CSV))
    viewer = ImportJob.objects.get(pk=job.pk).user
    viewer.is_superuser = False
    viewer.save()
    viewer.groups.add(Group.objects.get(name=roles.CATALOGUERS))  # views cities, imports none
    client.force_login(viewer)
    assert client.get(reverse("admin:cities_city_import_job", args=[job.pk])).status_code == 403


def test_a_city_import_keeps_its_existing_records_when_nothing_changed(admin_client_):
    CityFactory(slug="town-1", name_en="Town 1", country="FI", administrative_level="city", status="draft")
    page = upload(admin_client_, "cities_city", CITIES_CSV)
    assert "4 new, 0 changed, 1 unchanged" in page.content.decode()
