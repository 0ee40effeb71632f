"""Work outside the request, on the task queue (django-tasks; settings.TASKS says which backend runs it)."""

from django_tasks import task


@task()
def run_import(job_id: int, confirm: bool) -> None:
    """Check (the preview) or, once confirmed, import an uploaded spreadsheet (core.imports)."""
    from .imports import import_job_run

    import_job_run(job_id=job_id, confirm=confirm)
