#!/usr/bin/env python
"""Admin timings for `make bench` (issue 14): server time of every admin list and change page, and a
10,000-row exhibit import (preview, then confirm) through the admin.

Runs in-process with Django's test client against the database in DATABASE_URL (the benchmark's, with
500 cities, 5,000 events and 100,000 exhibits), signed in as a superuser, after one warm-up request per
page. Each model's change page is timed for its newest record and for its heaviest: the one with most
inline rows (or, without inlines, most related rows). Prints a Markdown table with the queries per page;
pages over 150 ms are marked. The import runs as in production: the requests queue it on the database
backend and the worker's processing (`db_worker --batch`, in this process) runs it. The imported rows
(accession year 2199) and their history are deleted again afterwards.

--read-only measures the pages only, writing nothing: for a shared database such as harbin_bench.
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


def related_rows(model, model_admin):
    """[(model, foreign key name)] of the rows a change page of `model` lists: its inlines' (the heaviest page
    is the record with most inline rows), or, for an admin without inlines, every one-to-many relation's."""
    from django.forms.models import _get_foreign_key

    relations = []
    for inline in model_admin.inlines:
        with contextlib.suppress(ValueError, AttributeError):
            relations.append((inline.model, _get_foreign_key(model, inline.model, fk_name=inline.fk_name).name))
    if relations:
        return relations
    return [
        (rel.related_model, rel.field.name)
        for rel in model._meta.related_objects
        if rel.one_to_many and not rel.field.many_to_many and rel.related_model._meta.managed
    ]


def heaviest(model, model_admin):
    """(pk, rows) of the record with most related rows (one grouped query per relation), or None."""
    from collections import Counter

    from django.db.models import Count

    totals = Counter()
    for related, field in related_rows(model, model_admin):
        attname = related._meta.get_field(field).attname
        counts = related._base_manager.order_by().values_list(attname).annotate(n=Count("*"))
        totals.update({pk: n for pk, n in counts if pk is not None})
    if not totals:
        return None
    return totals.most_common(1)[0]


def time_page(client, url, repeat):
    """(status, median ms, min ms, max ms, median CPU ms, queries) of GET `url`, after a warm-up request."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        status = client.get(url).status_code
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        cpu.append((time.process_time() - started_cpu) * 1000)
        times.append((time.perf_counter() - started) * 1000)
    return status, statistics.median(times), min(times), max(times), statistics.median(cpu), len(queries)


def page_timings(client, repeat, only=None):
    """A row per admin list, change page of the newest record and change page of the heaviest record."""
    from django.contrib import admin
    from django.db import DatabaseError

    rows = []
    for model, model_admin in admin.site._registry.items():
        if only and not any(model._meta.label_lower.startswith(prefix) for prefix in only):
            continue
        try:
            rows += model_pages(client, model, model_admin, repeat)
        except DatabaseError as error:  # e.g. a table the benchmark database was not migrated for
            print(f"{model._meta.label_lower}: not measured ({str(error).splitlines()[0]})", file=sys.stderr)
    return sorted(rows, key=lambda row: -row[3])


def model_pages(client, model, model_admin, repeat):
    """(name, url, timings…) of the model's list, newest and heaviest change pages."""
    from django.urls import NoReverseMatch, reverse

    rows = []
    info = (model._meta.app_label, model._meta.model_name)
    pages = [("list", reverse("admin:{}_{}_changelist".format(*info)))]
    last = model._default_manager.order_by("pk").values_list("pk", flat=True).last()
    try:
        change = "admin:{}_{}_change".format(*info)
        reverse(change, args=[1])
    except NoReverseMatch:
        change = None
    if change and last is not None:
        pages.append(("change, newest", reverse(change, args=[last])))
        most = heaviest(model, model_admin)
        if most and most[0] != last:
            pages.append((f"change, heaviest ({most[1]:,} related rows)", reverse(change, args=[most[0]])))
    for kind, url in pages:
        rows.append((f"{model._meta.label_lower} {kind}", url, *time_page(client, url, repeat)))
    return rows


class BenchUserMiddleware:
    """--read-only: every request is made by a superuser that exists only in memory (no user row, no session)."""

    def __init__(self, get_response):
        from django.contrib.auth import get_user_model

        self.get_response = get_response
        self.user = get_user_model()(pk=0, username="bench-admin", is_staff=True, is_superuser=True, is_active=True)

    def __call__(self, request):
        request.user = self.user
        return self.get_response(request)


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
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="GET pages only, in read-only transactions, as a superuser held in memory (no user, session or "
        "import is written): for a shared benchmark database. Implies --import-rows 0.",
    )
    parser.add_argument(
        "--only", nargs="*", help="models whose label starts with one of these (e.g. events cities.city)"
    )
    args = parser.parse_args()
    if args.read_only:
        args.import_rows = 0

    import django

    if args.read_only:
        from django.conf import settings

        middleware = list(settings.MIDDLEWARE)
        auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
        settings.MIDDLEWARE = [*middleware[: auth + 1], "__main__.BenchUserMiddleware", *middleware[auth + 1 :]]
        database = settings.DATABASES["default"]
        if "postgresql" in database["ENGINE"]:
            # Every connection refuses writes, so a page that writes on GET fails here instead of changing data.
            options = database.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c default_transaction_read_only=on".strip()
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the client records each response's context (the confirm form)
    settings.ALLOWED_HOSTS = ["*"]
    client = Client(raise_request_exception=False)  # a page that fails is listed with its 500
    if not args.read_only:
        user, _ = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        client.force_login(user)
    out = io.StringIO()
    out.write(f"### Admin pages (server time, median of {args.repeat}, {connection.vendor})\n\n")
    out.write(
        f"Pages over {BUDGET_MS} ms are marked. CPU: this process's time.process_time (median), the part of the "
        "server time that other processes on the machine do not stretch; queries: of one request.\n\n"
        "| page | status | median ms | min ms | max ms | CPU ms | queries |\n|---|---:|---:|---:|---:|---:|---:|\n"
    )
    for name, _url, status, median, best, worst, cpu, queries in (
        [] if args.only_import else page_timings(client, args.repeat, args.only)
    ):
        mark = " **over budget**" if median > BUDGET_MS else ""
        out.write(f"| {name} | {status} | {median:.0f}{mark} | {best:.0f} | {worst:.0f} | {cpu:.0f} | {queries} |\n")
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
