"""Spreadsheet imports on the task queue: start (upload), check (the preview), confirm (the import), cancel.

The admin (core.admin.ImportExportAdminMixin) stores the file and starts a job; a worker (`manage.py db_worker`,
or the request itself with the immediate backend of development) runs core.tasks.run_import, which checks or
imports the whole file in one transaction: a bad row writes nothing. How far it got goes to the cache, never
through the import's transaction, so the progress page sees it while the rows are still uncommitted.
"""

import contextlib
import logging

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.cache import cache
from django.utils.module_loading import import_string
from import_export.results import RowResult
from import_export.signals import post_import

from .models import ImportJob
from .resources import import_problems, spreadsheet_row

logger = logging.getLogger(__name__)

# The preview lists this many new or changed rows with their changed cells; the rest are counted.
PREVIEW_ROWS = 100
# How often (in rows) a running import says how far it got.
PROGRESS_EVERY = 100
# Text files are read as UTF-8, with or without a byte order mark (as django-import-export's admin does).
TEXT_ENCODING = "utf-8-sig"


def _storage(job, input_format):
    storage_class = import_string(_tmp_storage_path())
    return storage_class(
        name=job.file_name or None,
        encoding=None if input_format.is_binary() else TEXT_ENCODING,
        read_mode=input_format.get_read_mode(),
    )


def _tmp_storage_path():
    from django.conf import settings

    return settings.IMPORT_EXPORT_TMP_STORAGE_CLASS


def _input_format(job):
    input_format = import_string(job.format_path)()
    if not input_format.is_binary():
        input_format.encoding = TEXT_ENCODING
    return input_format


def _path(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


def import_job_start(*, user, model, resource_class, format_class, upload):
    """Keep the uploaded file and queue its check; the preview follows when a worker has checked every row."""
    from .tasks import run_import

    clean_stale_imports()
    job = ImportJob(
        user=user,
        model_label=model._meta.label_lower,
        resource_path=_path(resource_class),
        format_path=_path(format_class),
        original_name=(upload.name or "")[:255],
    )
    storage = _storage(job, _input_format(job))
    storage.save(b"".join(upload.chunks()))
    job.file_name = storage.name
    job.save()
    run_import.enqueue(job.pk, False)
    return job


def import_job_confirm(*, job):
    """Queue the import of a checked file (the preview showed no bad row)."""
    from .tasks import run_import

    job.status = ImportJob.Status.IMPORTING
    job.save(update_fields=["status", "updated"])
    cache.delete(_progress_key(job.pk))
    run_import.enqueue(job.pk, True)


def import_job_cancel(*, job):
    _remove_file(job)
    job.status = ImportJob.Status.CANCELLED
    job.save(update_fields=["status", "file_name", "updated"])


def import_job_run(*, job_id, confirm):
    """The task: check (confirm=False) or import (True) the job's file, all in one transaction."""
    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    expected = ImportJob.Status.IMPORTING if confirm else ImportJob.Status.CHECKING
    if job is None or job.status != expected or not job.file_name:
        return  # cancelled, or cleaned up as stale, while it waited
    try:
        input_format = _input_format(job)
        dataset = input_format.create_dataset(_storage(job, input_format).read())
    except FileNotFoundError:
        return _finish(job, ImportJob.Status.FAILED, {"lost": True})
    except Exception as error:  # a file the format cannot read: say so, never a stack trace
        logger.info("Import %s: the file could not be read (%r)", job.pk, error)
        return _finish(job, ImportJob.Status.FAILED, {"unreadable": True})
    job.rows_total = len(dataset)
    job.save(update_fields=["rows_total", "updated"])
    _set_progress(job.pk, 0)

    resource = import_string(job.resource_path)()
    resource.preview_rows = 0 if confirm else PREVIEW_ROWS

    def progress(rows_done):
        if rows_done % PROGRESS_EVERY == 0:
            _set_progress(job.pk, rows_done)

    resource.progress = progress
    try:
        result = resource.import_data(
            dataset,
            dry_run=not confirm,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            file_name=job.original_name,
            user=job.user,
            retain_instance_in_row_result=confirm,
        )
    except Exception:
        logger.exception("Import %s failed", job.pk)
        return _finish(job, ImportJob.Status.FAILED, {"crashed": True})
    _set_progress(job.pk, len(dataset))
    summary = summarise(result, preview=not confirm)
    if summary["problems"]:
        return _finish(job, ImportJob.Status.FAILED if confirm else ImportJob.Status.INVALID, summary)
    if not confirm:
        job.status, job.summary = ImportJob.Status.PREVIEW, summary
        job.save(update_fields=["status", "summary", "updated"])
        return
    _log_entries(job, result)
    post_import.send(sender=None, model=import_string(job.resource_path)._meta.model)
    return _finish(job, ImportJob.Status.DONE, summary)


def _finish(job, status, summary):
    _remove_file(job)
    job.status, job.summary = status, summary
    job.save(update_fields=["status", "summary", "file_name", "updated"])


def _remove_file(job):
    if job.file_name:
        with contextlib.suppress(FileNotFoundError, ImportError):
            _storage(job, _input_format(job)).remove()
        job.file_name = ""


def clean_stale_imports():
    """Delete the files of imports left waiting longer than IMPORT_FILE_HOURS (never confirmed or cancelled)."""
    cleaned = 0
    for job in ImportJob.objects.stale():
        _remove_file(job)
        if job.status in (ImportJob.Status.PREVIEW, *ImportJob.RUNNING):
            job.status = ImportJob.Status.CANCELLED
        job.save(update_fields=["status", "file_name", "updated"])
        cleaned += 1
    return cleaned


def summarise(result, *, preview):
    """What the preview and result pages show, as JSON: totals, the first PREVIEW_ROWS new or changed rows with
    their changed cells marked, and every bad row with its spreadsheet row number and reasons."""
    totals = {kind: result.totals[kind] for kind in ("new", "update", "skip", "delete", "invalid", "error")}
    problems = [[number, texts] for number, texts in import_problems(result).items()]
    problems += [[None, [str(error.error)]] for error in result.base_errors]
    rows = []
    if preview:
        for row in result.valid_rows():
            if not row.diff or row.import_type not in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE):
                continue
            cells = [
                [str(cell), row.import_type == RowResult.IMPORT_TYPE_UPDATE and ("<ins" in cell or "<del" in cell)]
                for cell in row.diff
            ]
            rows.append({"number": spreadsheet_row(row.number), "type": row.import_type, "cells": cells})
            if len(rows) == PREVIEW_ROWS:
                break
    return {
        "totals": totals,
        "headers": [str(header) for header in result.diff_headers],
        "rows": rows,
        "rows_not_shown": max(0, totals["new"] + totals["update"] - len(rows)),
        "problems": problems,
    }


def _log_entries(job, result):
    """The admin's "recent actions", as django-import-export writes them: one entry per imported record."""
    flags = {RowResult.IMPORT_TYPE_NEW: ADDITION, RowResult.IMPORT_TYPE_UPDATE: CHANGE}
    for import_type, flag in flags.items():
        instances = [row.instance for row in result.rows if row.import_type == import_type and row.instance]
        if instances:
            LogEntry.objects.log_actions(
                job.user.pk,
                instances,
                flag,
                change_message=f"{import_type} through import_export",
                single_object=len(instances) == 1,
            )


# --- Progress, outside the import's transaction -----------------------------------------------------------


def _progress_key(job_id):
    return f"import-progress:{job_id}"


def _set_progress(job_id, rows_done):
    try:
        cache.set(_progress_key(job_id), rows_done, 60 * 60 * 24)
    except Exception:  # a cache that is down costs the progress bar, never the import
        logger.warning("Import %s: progress not stored", job_id, exc_info=True)


def import_progress(job):
    """(rows done or None while waiting for a worker, rows in the file or None before it was read)."""
    if job.status not in ImportJob.RUNNING:
        return job.rows_total, job.rows_total
    try:
        done = cache.get(_progress_key(job.pk))
    except Exception:
        done = None
    return done, job.rows_total
