"""Driving an admin import as staff do: upload, follow to the import's page, confirm (core.imports)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def upload(client, model, data, *, name="file.csv", file_format="0"):
    """Upload `data` (text or bytes) to the import of `model` ("cities_city") and follow to the import's page."""
    content = data.encode() if isinstance(data, str) else data
    return client.post(
        reverse(f"admin:{model}_import"),
        {"format": file_format, "resource": "0", "import_file": SimpleUploadedFile(name, content, "text/csv")},
        follow=True,
    )


def job_of(page):
    return page.context["job"]


def confirm(client, page):
    """Confirm the import shown on `page` and follow to its page again (the result)."""
    job = job_of(page)
    model = job.model_label.replace(".", "_")
    return client.post(reverse(f"admin:{model}_import_confirm", args=[job.pk]), follow=True)
