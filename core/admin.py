"""Admin building blocks every app shares: status column, publish/unpublish actions, history, import/export."""

import re

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest, FieldError, PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from modeltranslation.translator import NotRegistered, translator
from simple_history.admin import SimpleHistoryAdmin

from .publishing import Status
from .resources import SafeCSV, SafeXLSX, import_problems

# The name the preview gives the file waiting for confirmation (a uuid4 in hex); anything else is refused,
# since the confirm form is a hidden field that could otherwise name (and delete) another stored file.
WAITING_FILE_NAME = re.compile(r"[0-9a-f]{32}")


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


class HistoryAdmin(SimpleHistoryAdmin):
    """History page with who, when and a field-by-field diff per version; reverting needs change permission."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history only hides the Revert button from view-only staff; refuse the POST too.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

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

    def process_import(self, request, **kwargs):
        """The confirm step: the file waiting for it is read from shared storage (IMPORT_EXPORT_TMP_STORAGE_CLASS)."""
        if not WAITING_FILE_NAME.fullmatch(request.POST.get("import_file_name", "")):
            return HttpResponseBadRequest(gettext("This import cannot be confirmed; upload the file again."))
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            messages.error(request, gettext("The file waiting for confirmation is no longer there; upload it again."))
            return HttpResponseRedirect(self._import_url())

    def process_result(self, result, request):
        # The data can change between preview and confirm; then everything was rolled back, and staff must hear so.
        if result.has_errors() or result.has_validation_errors():
            problems = "; ".join(
                gettext("row %(number)s: %(problems)s") % {"number": number, "problems": " ".join(texts)}
                for number, texts in import_problems(result).items()
            )
            messages.error(
                request,
                gettext(
                    "Nothing was imported: the records changed since the preview (%(problems)s). Upload the file again."
                )
                % {"problems": problems},
            )
            return HttpResponseRedirect(self._import_url())
        return super().process_result(result, request)

    def _import_url(self):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import", current_app=self.admin_site.name)


class PublicRecordAdmin(HistoryAdmin):
    """For models built on PublicRecord: history, publish actions, status filter and column."""

    actions = [publish, unpublish]
    list_filter = ["status"]
    readonly_fields = ["created", "updated"]
    save_on_top = True
