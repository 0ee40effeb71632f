#!/usr/bin/env python
"""Admin timings for `make bench` (issue 14): server time of every admin list and change page, and a
10,000-row exhibit import (preview, then confirm) through the admin.

Runs in-process with Django's test client against the database in DATABASE_URL (the benchmark's, with
500 cities, 5,000 events and 100,000 exhibits), signed in as a superuser, after one warm-up request per
page. Prints a Markdown table; pages over 150 ms are marked. The imported rows (accession year 2199)
are deleted again afterwards.
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


def import_timing(client, rows):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from museum.models import Exhibit, Movement

    data = exhibit_csv(rows)
    started = time.perf_counter()
    preview = client.post(
        reverse("admin:museum_exhibit_import"),
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile("exhibits.csv", data)},
    )
    preview_s = time.perf_counter() - started
    confirm = preview.context["confirm_form"].initial if preview.context and "confirm_form" in preview.context else None
    confirm_s = None
    if not confirm and preview.context and preview.context.get("result") is not None:
        from core.resources import import_problems

        problems = list(import_problems(preview.context["result"]).items())[:3]
        print(f"The preview offered no confirmation: {problems}", file=sys.stderr)
    if confirm:
        started = time.perf_counter()
        client.post(reverse("admin:museum_exhibit_process_import"), confirm)
        confirm_s = time.perf_counter() - started
    imported = Exhibit.objects.filter(accession_number__startswith=f"HISCM.{IMPORT_YEAR}.")
    count = imported.count()
    Movement.objects.filter(exhibit__in=imported).delete()
    imported.delete()
    return preview_s, confirm_s, count


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--import-rows", type=int, default=10_000, help="0: skip the import")
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
    for name, _url, status, median, worst in page_timings(client, args.repeat):
        mark = " **over budget**" if median > BUDGET_MS else ""
        out.write(f"| {name} | {status} | {median:.0f}{mark} | {worst:.0f} |\n")
    if args.import_rows:
        preview_s, confirm_s, count = import_timing(client, args.import_rows)
        confirm = f"{confirm_s:.1f} s" if confirm_s is not None else "not offered"
        out.write(
            f"\n{args.import_rows:,}-row exhibit import through the admin: preview {preview_s:.1f} s, "
            f"confirm {confirm} ({count:,} rows written, then deleted).\n"
        )
    print(out.getvalue())


if __name__ == "__main__":
    main()
