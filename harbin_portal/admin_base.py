"""Admin building blocks every app shares: status column, publish/unpublish actions, history."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .publishing import Status


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


class PublicRecordAdmin(SimpleHistoryAdmin):
    """For models built on PublicRecord: history, publish actions, status filter and column."""

    actions = [publish, unpublish]
    list_filter = ["status"]
    readonly_fields = ["created", "updated"]
    save_on_top = True
