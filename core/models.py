"""The foundation's one table: spreadsheet imports that run on the task queue (core.imports)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportJobQuerySet(models.QuerySet):
    def owned_by(self, user):
        """Only the person who started an import sees its preview and progress, and confirms it."""
        return self.filter(user=user)

    def stale(self, *, now=None):
        """Imports whose file waited longer than IMPORT_FILE_HOURS (never confirmed, or stuck)."""
        now = now or timezone.now()
        return self.exclude(file_name="").filter(updated__lt=now - timezone.timedelta(hours=settings.IMPORT_FILE_HOURS))


class ImportJob(models.Model):
    """One spreadsheet on its way in: checked (the preview), then, once confirmed, written; both steps on the
    task queue. The uploaded file is kept (file_name) only while the job waits for its next step."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("being checked")
        PREVIEW = "preview", _("checked, waiting for confirmation")
        INVALID = "invalid", _("has rows that cannot be imported")
        IMPORTING = "importing", _("being imported")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed; nothing was imported")
        CANCELLED = "cancelled", _("cancelled")

    RUNNING = (Status.CHECKING, Status.IMPORTING)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Which list the file goes into (app_label.model_name) and how it is read: resource and format classes by path.
    model_label = models.CharField(max_length=100)
    resource_path = models.CharField(max_length=200)
    format_path = models.CharField(max_length=200)
    original_name = models.CharField(max_length=255, blank=True)
    # The file's name in the import storage (IMPORT_EXPORT_TMP_STORAGE_CLASS); "" once it is deleted.
    file_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    # What the preview and the result pages show: totals, the first changed rows, every bad row (core.imports).
    summary = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.model_label} {self.original_name} ({self.get_status_display()})"

    @property
    def is_running(self):
        return self.status in self.RUNNING
