#!/usr/bin/env python
"""Admin timings for `make bench` (issue 14): server time of every admin list and change page, and a
10,000-row exhibit import (preview, then confirm) through the admin.

Runs in-process with Django's test client against the database in DATABASE_URL (the benchmark's, with
500 cities, 5,000 events and 100,000 exhibits), signed in as a superuser, after one warm-up request per
page. Prints a Markdown table; pages over 150 ms are marked. The import runs as in production: the
requests queue it on the database backend and the worker's processing (`db_worker --batch`, in this process)
runs it. The imported rows (accession year 2199) and their history are deleted again afterwards.
"""

import argparse
import contextlib
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbin_portal.settings.dev")

BUDGET_MS = 150
IMPORT_YEAR = 2199


def page_timings(client, repeat):
    from django.contrib import admin
    from django.urls import NoReverseMatch, reverse

    rows = []
    for model, _model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        pages = [("list", reverse("admin:{}_{}_changelist".format(*info)))]
        last = model._default_manager.order_by("pk").values_list("pk", flat=True).last()
        if last is not None:
            with contextlib.suppress(NoReverseMatch):
                pages.append(("change", reverse("admin:{}_{}_change".format(*info), args=[last])))
        for kind, url in pages:
            client.get(url)
            times, status = [], None
            for _ in range(repeat):
                started = time.perf_counter()
                status = client.get(url).status_code
                times.append((time.perf_counter() - started) * 1000)
            rows.append((f"{model._meta.label_lower} {kind}", url, status, statistics.median(times), max(times)))
    return sorted(rows, key=lambda row: -row[3])


def exhibit_csv(rows):
    from museum.models import ObjectType, Room

    room = Room.objects.values_list("slug", flat=True).first()
    object_type = ObjectType.objects.values_list("slug", flat=True).first()
    lines = [
        "accession_number,object_name_en,object_type,number_of_objects,brief_description_en,room,case,"
        "recorder,recording_date,status"
    ]
    for serial in range(1, rows + 1):
        lines.append(
            f"HISCM.{IMPORT_YEAR}.{serial},Porcelain vase {serial},{object_type},1,"
            f"A vase given in {IMPORT_YEAR},{room},C1,Bench,2026-01-02,draft"
        )
    return ("\n".join(lines) + "\n").encode()


def run_worker():
    """The queued import, run as `manage.py db_worker --batch` runs it (in this process, so queries are counted)."""
    from django.core.management import call_command

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


def timed(step):
    """(wall seconds, CPU seconds of this process, queries) of `step()`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, len(queries)


def import_timing(client, rows):
    """Upload, check (the preview) and confirm a `rows`-row exhibit file through the admin on the database task
    queue: each step is the request that queues it plus the worker's run of the queued task."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.utils import override_settings
    from django.urls import reverse

    from core.models import ImportJob
    from museum.models import Exhibit, Movement

    data = exhibit_csv(rows)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        holder = {}

        def preview():
            holder["page"] = client.post(
                reverse("admin:museum_exhibit_import"),
                {"format": "0", "resource": "0", "import_file": SimpleUploadedFile("exhibits.csv", data)},
            )
            run_worker()

        preview_step = timed(preview)
        job = ImportJob.objects.latest("pk")
        confirm_step = None
        if job.status == ImportJob.Status.PREVIEW:

            def confirm():
                client.post(reverse("admin:museum_exhibit_import_confirm", args=[job.pk]))
                run_worker()

            confirm_step = timed(confirm)
            job.refresh_from_db()
        else:
            print(f"The preview offered no confirmation: {job.status} {job.summary.get('problems', [])[:3]}")
    imported = Exhibit.objects.filter(accession_number__startswith=f"HISCM.{IMPORT_YEAR}.")
    count = imported.count()
    history = Exhibit.history.filter(accession_number__startswith=f"HISCM.{IMPORT_YEAR}.")
    history_count = history.count()
    Movement.objects.filter(exhibit__in=imported).delete()
    imported.delete()
    history.delete()
    return preview_step, confirm_step, count, history_count, job.status


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--import-rows", type=int, default=10_000, help="0: skip the import")
    parser.add_argument("--only-import", action="store_true", help="skip the page timings")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the client records each response's context (the confirm form)
    settings.ALLOWED_HOSTS = ["*"]
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    out = io.StringIO()
    out.write(f"### Admin pages (server time, median of {args.repeat}, {connection.vendor})\n\n")
    out.write("| page | status | median ms | max ms |\n|---|---:|---:|---:|\n")
    for name, _url, status, median, worst in [] if args.only_import else page_timings(client, args.repeat):
        mark = " **over budget**" if median > BUDGET_MS else ""
        out.write(f"| {name} | {status} | {median:.0f}{mark} | {worst:.0f} |\n")
    if args.import_rows:
        preview, confirm, count, history, status = import_timing(client, args.import_rows)
        out.write(f"\n{args.import_rows:,}-row exhibit import through the admin on the database task queue ")
        if confirm is None:
            out.write(f"(upload + check by the worker): preview {preview[0]:.1f} s, no confirmation ({status}).\n")
        else:
            out.write(
                f"(upload + check by the worker, confirm + import by the worker): preview {preview[0]:.1f} s "
                f"(CPU {preview[1]:.1f} s, {preview[2]:,} queries: {preview[2] / args.import_rows:.3f} per row), "
                f"confirm {confirm[0]:.1f} s (CPU {confirm[1]:.1f} s, {confirm[2]:,} queries: "
                f"{confirm[2] / args.import_rows:.3f} per row), **total {preview[0] + confirm[0]:.1f} s**; "
                f"{count:,} exhibits and {history:,} history rows written, then deleted.\n"
            )
    print(out.getvalue())


if __name__ == "__main__":
    main()
