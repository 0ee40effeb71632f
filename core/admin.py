"""Admin building blocks every app shares: status column, publish/unpublish actions, history, import/export,
and the check that one save does not silently overwrite another."""

import functools

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import BadRequest, FieldError, PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.forms.utils import ErrorList
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from modeltranslation.translator import NotRegistered, translator
from simple_history.admin import SimpleHistoryAdmin

from .constraints import explain_constraint_errors
from .imports import import_job_cancel, import_job_confirm, import_job_start, import_progress
from .models import ImportJob
from .planning import plans_each_search
from .publishing import Status
from .resources import SafeCSV, SafeXLSX
from .widgets import PrefetchedAutocompleteSelect


def count_of(model, field):
    """How many `model` rows point at each row of the list, as a correlated subquery: unlike Count() it needs no
    GROUP BY over the whole table, so the database counts only for the rows of the page shown."""
    rows = model._default_manager.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), 0)


@admin.action(description=_("Publish selected records"), permissions=["change"])
def publish(modeladmin, request, queryset):
    changed = _set_status(queryset, Status.PUBLISHED)
    modeladmin.message_user(
        request,
        ngettext("%(count)d record published.", "%(count)d records published.", changed) % {"count": changed},
        messages.SUCCESS,
    )


@admin.action(description=_("Unpublish selected records (back to draft)"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    changed = _set_status(queryset, Status.DRAFT)
    modeladmin.message_user(
        request,
        ngettext("%(count)d record set to draft.", "%(count)d records set to draft.", changed) % {"count": changed},
        messages.SUCCESS,
    )


def _set_status(queryset, status):
    # Saved one by one so that history records who published what.
    changed = 0
    for obj in queryset.exclude(status=status):
        obj.status = status
        obj.save(update_fields=["status", "updated"])
        changed += 1
    return changed


class QuietErrorList(ErrorList):
    """A field's errors, rendered only when there are some: Django renders its template for every field of every
    inline row (an event with 30 cities and 30 delegates: about 500 empty lists a page)."""

    def render(self, template_name=None, context=None, renderer=None):
        return super().render(template_name, context, renderer) if self.data else ""


class ConstraintMessagesFormMixin:
    """A form that reports a broken database constraint with its registered sentence (core.constraints),
    and shows help texts as the plain text they are: the admin marks them safe, so "HISCM.<year>.<serial>"
    would otherwise lose "<year>" as an unknown tag."""

    def __init__(self, *args, **kwargs):
        if kwargs.get("error_class", ErrorList) is ErrorList:
            kwargs["error_class"] = QuietErrorList
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.help_text and not isinstance(field.help_text, SafeData):
                field.help_text = escape(field.help_text)

    def _update_errors(self, errors):
        super()._update_errors(explain_constraint_errors(self._meta.model, errors))


def explaining_constraints(form_class):
    if issubclass(form_class, ConstraintMessagesFormMixin):
        return form_class
    return type(form_class.__name__, (ConstraintMessagesFormMixin, form_class), {})


class InlineRowsFormSetMixin:
    """An inline's rows read the records they point to in one query per field, however many rows there are.

    Each row's own link to the record being edited is that record (Django reads it again per row whenever a
    row names it, as "Niigata – Harbin Trade Fair" does), and each foreign key the rows' form shows is read
    for all rows at once; the autocomplete boxes then name their selected record from it
    (core.widgets.PrefetchedAutocompleteSelect) instead of asking the database per box.
    """

    def get_queryset(self):
        if hasattr(self, "_queryset"):
            return self._queryset
        rows = super().get_queryset()
        if self.instance.pk is None:
            return rows
        for row in rows:  # fills the queryset's cache: the formset's rows are these objects
            setattr(row, self.fk.name, self.instance)
        prefetch_related_objects(list(rows), *self._shown_foreign_keys())
        return rows

    @cached_property
    def empty_form(self):
        # The template for a new row: the admin asks for it about five times per inline (column headers, media,
        # the row itself), and Django builds a new form each time.
        return super().empty_form

    def _shown_foreign_keys(self):
        return [
            field.name
            for field in self.model._meta.concrete_fields
            if field.many_to_one and field != self.fk and field.name in self.form.base_fields
        ]

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name in self._shown_foreign_keys():
            if name not in form.fields:
                continue
            widget = getattr(form.fields[name].widget, "widget", form.fields[name].widget)
            field = self.model._meta.get_field(name)
            if isinstance(widget, PrefetchedAutocompleteSelect) and field.is_cached(form.instance):
                widget.selected = field.get_cached_value(form.instance)
        return form


def reading_rows_together(formset_class):
    """The inline formset class with InlineRowsFormSetMixin, its autocomplete boxes told what their row read."""
    if not issubclass(formset_class, InlineRowsFormSetMixin):
        formset_class = type(formset_class.__name__, (InlineRowsFormSetMixin, formset_class), {})
    for field in formset_class.form.base_fields.values():
        wrapper = field.widget
        widget = getattr(wrapper, "widget", wrapper)
        if type(widget) is AutocompleteSelect:
            replacement = PrefetchedAutocompleteSelect.replacing(widget)
            if widget is wrapper:
                field.widget = replacement
            else:
                wrapper.widget = replacement
    return formset_class


@functools.cache
def _explaining_constraints_once(form_class):
    return explaining_constraints(form_class)


class ConstraintMessagesAdminMixin:
    """The change form and its inlines say which rule a save broke, in words, and an inline's rows read what they
    point to together (the admin site mixes this into every registered admin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The base forms carry the mixin, so a request builds each form class once: a subclass made per request
        # runs the model form machinery again for every field (a fifth of the event page's time).
        self.form = _explaining_constraints_once(self.form)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            inline.form = _explaining_constraints_once(inline.form)
        return inlines

    def get_form(self, request, obj=None, change=False, **kwargs):
        return explaining_constraints(super().get_form(request, obj, change=change, **kwargs))

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.form = explaining_constraints(formset.form)
            yield reading_rows_together(formset), inline


class HistoryAdmin(SimpleHistoryAdmin):
    """History page with who, when and a field-by-field diff per version; reverting needs change permission."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history only hides the Revert button from view-only staff; refuse the POST too.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        # The admin's search box: planned for the words typed (core/planning.py).
        return plans_each_search(super().changelist_view)(request, extra_context)

    def history_diff_excluded_fields(self):
        """A translated field's plain column repeats its `_en` twin, so the diff leaves it out."""
        try:
            return set(translator.get_options_for_model(self.model).fields)
        except NotRegistered:
            return set()

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        excluded = self.history_diff_excluded_fields()
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=excluded, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current


class ImportExportAdminMixin(ImportExportMixin):
    """CSV and XLSX import (with the preview step) and export of the filtered list.

    Importing needs add and change permission, exporting view permission: by default
    django-import-export lets anyone who reaches the list import.
    """

    formats = [SafeCSV, SafeXLSX]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_export_form_class(self):
        # XLSX is chosen unless staff pick CSV: spreadsheet programs open it with every script intact.
        form_class = super().get_export_form_class()
        xlsx = next((str(i) for i, f in enumerate(self.get_export_formats()) if issubclass(f, SafeXLSX)), None)

        class ExportForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if xlsx is not None:
                    self.fields["format"].initial = xlsx

        return ExportForm

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_queryset(self, request):
        # The export reads the list's filters from the address; one the list does not have (a hand-made
        # ?format=0) is a bad request, not a server error.
        try:
            return super().get_export_queryset(request)
        except (IncorrectLookupParameters, FieldError) as error:
            raise BadRequest(
                _("This list cannot be filtered by: %(params)s.") % {"params": ", ".join(sorted(request.GET))}
            ) from error

    # --- Imports on the task queue (core.imports): upload → progress → preview → confirm → progress → result ---

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("import/<int:job_id>/", view(self.import_job_view), name=f"{prefix}_import_job"),
            path(
                "import/<int:job_id>/progress.json",
                view(self.import_progress_view),
                name=f"{prefix}_import_progress",
            ),
            path("import/<int:job_id>/confirm/", view(self.import_confirm_view), name=f"{prefix}_import_confirm"),
            path("import/<int:job_id>/cancel/", view(self.import_cancel_view), name=f"{prefix}_import_cancel"),
            *super().get_urls(),
        ]

    def import_action(self, request, **kwargs):
        """The upload: the file is kept and its check queued; staff follow it on the job's page."""
        if request.method != "POST":
            return super().import_action(request, **kwargs)
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if not form.is_valid():
            return super().import_action(request, **kwargs)  # the form again, with what is wrong
        job = import_job_start(
            user=request.user,
            model=self.model,
            resource_class=self.choose_import_resource_class(form, request),
            format_class=self.get_import_formats()[int(form.cleaned_data["format"])],
            upload=form.cleaned_data["import_file"],
        )
        return HttpResponseRedirect(self._import_url("import_job", job.pk))

    def process_import(self, request, **kwargs):
        # The confirmation is a job's own address now (import_confirm_view); an old form's hidden file name is refused.
        return HttpResponseBadRequest(gettext("This import cannot be confirmed; upload the file again."))

    def _import_job(self, request, job_id):
        """The import `job_id`, if the person asking started it and may still import here; 404 otherwise (another
        person's import is not theirs to see, nor to know of)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        return get_object_or_404(ImportJob.objects.owned_by(request.user), pk=job_id, model_label=self.opts.label_lower)

    def import_job_view(self, request, job_id):
        job = self._import_job(request, job_id)
        done, total = import_progress(job)
        summary = job.summary or {}
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import %(file)s") % {"file": job.original_name},
            "opts": self.opts,
            "job": job,
            "done": done,
            "total": total,
            "summary": summary,
            "rows": [
                {**row, "cells": [(mark_safe(html), changed) for html, changed in row["cells"]]}  # noqa: S308
                for row in summary.get("rows", [])
            ],
            "progress_url": self._import_url("import_progress", job.pk),
            "confirm_url": self._import_url("import_confirm", job.pk),
            "cancel_url": self._import_url("import_cancel", job.pk),
            "import_url": self._import_url("import"),
            "list_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist", current_app=self.admin_site.name
            ),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/core/import_job.html", context)

    def import_progress_view(self, request, job_id):
        job = self._import_job(request, job_id)
        done, total = import_progress(job)
        return JsonResponse(
            {"status": job.status, "running": job.is_running, "done": done, "total": total},
            headers={"Cache-Control": "no-store"},
        )

    @method_decorator(require_POST)
    def import_confirm_view(self, request, job_id):
        job = self._import_job(request, job_id)
        if job.status != ImportJob.Status.PREVIEW or not job.file_name:
            messages.error(request, gettext("This import cannot be confirmed; upload the file again."))
            return HttpResponseRedirect(self._import_url("import_job", job.pk))
        import_job_confirm(job=job)
        return HttpResponseRedirect(self._import_url("import_job", job.pk))

    @method_decorator(require_POST)
    def import_cancel_view(self, request, job_id):
        job = self._import_job(request, job_id)
        if job.status in (ImportJob.Status.PREVIEW, ImportJob.Status.CHECKING):
            import_job_cancel(job=job)
            messages.info(request, gettext("Import cancelled; its file was deleted and nothing was written."))
        return HttpResponseRedirect(self._import_url("import"))

    def _import_url(self, view="import", job_id=None):
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}"
        return reverse(name, args=[job_id] if job_id else [], current_app=self.admin_site.name)


class PublicRecordAdmin(HistoryAdmin):
    """For models built on PublicRecord: history, publish actions, status filter and column."""

    actions = [publish, unpublish]
    list_filter = ["status"]
    readonly_fields = ["created", "updated"]
    save_on_top = True


# --- Two people editing the same record ------------------------------------------------------------

EDIT_VERSION_FIELD = "_edit_version"


class ConcurrentEditMixin:
    """A save that would overwrite a change someone else saved after this form was opened is refused,
    naming who changed which fields and when (from simple_history); saving again keeps this version.

    The form carries the id of the record's latest history entry when it was opened (EDIT_VERSION_FIELD).
    For admins of models with `history = HistoricalRecords()`.
    """

    change_form_template = "admin/core/concurrent_change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Rendered again after a conflict, the form carries the newest version: a second save is deliberate.
        extra_context = {**(extra_context or {}), "edit_version": self._edit_version(unquote(object_id))}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        opened = request.POST.get(EDIT_VERSION_FIELD, "") if request.method == "POST" else ""
        if obj is None or not opened.isdigit():
            return form_class
        model_admin = self

        class ConflictCheckingForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                later = model_admin._changes_since(obj, int(opened))
                if later:
                    raise ValidationError(
                        gettext(
                            "Someone saved this record after you opened it, so your changes were not saved. "
                            "Since then: %(changes)s. Check the fields below and save again to keep your version."
                        )
                        % {"changes": "; ".join(later)},
                        code="edit_conflict",
                    )
                return cleaned_data

        return ConflictCheckingForm

    def _history(self, object_id):
        return self.model.history.filter(**{self.model._meta.pk.attname: object_id})

    def _edit_version(self, object_id):
        try:
            latest = self._history(object_id).order_by("-history_id").values_list("history_id", flat=True).first()
        except (ValueError, ValidationError):
            latest = None  # a malformed id: the admin answers that itself
        return latest or 0

    def _changes_since(self, obj, version):
        """["Bob Chen, 27 Nov 2026 12:55: name, population", …] for the saves after `version`, oldest first."""
        excluded = self.history_diff_excluded_fields() if hasattr(self, "history_diff_excluded_fields") else set()
        changes = []
        records = self._history(obj.pk).filter(history_id__gt=version).select_related("history_user")
        for record in records.order_by("history_id"):
            previous = record.prev_record
            if previous is None:
                fields = [gettext("created")]
            else:
                delta = record.diff_against(previous, excluded_fields=excluded)
                fields = [str(self.model._meta.get_field(name).verbose_name) for name in delta.changed_fields]
            user = record.history_user
            who = (user.get_full_name() or user.get_username()) if user else gettext("someone")
            when = formats.date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
            changes.append(
                gettext("%(who)s, %(when)s: %(fields)s")
                % {"who": who, "when": when, "fields": ", ".join(fields) or gettext("no field changed")}
            )
        return changes
