"""Valuations: seen, recorded and corrected only with "view valuations"."""

from django.contrib import admin

from core.admin import HistoryAdmin

from ..models import (
    Valuation,
    may_view_valuations,
)

# --- Valuations --------------------------------------------------------------------------------


@admin.register(Valuation)
class ValuationAdmin(HistoryAdmin):
    """Seen only with "view valuations"; recording or correcting one needs it too (no value entered blind)."""

    list_display = ["exhibit", "value", "currency", "valued_on", "source", "reason", "valuer"]
    list_filter = ["source", "reason", "currency"]
    list_select_related = ["exhibit"]
    search_fields = ["exhibit__accession_number", "valuer"]
    autocomplete_fields = ["exhibit"]
    date_hierarchy = "valued_on"

    def has_add_permission(self, request):
        return may_view_valuations(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return may_view_valuations(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return may_view_valuations(request.user) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        obj._history_user = request.user
        super().save_model(request, obj, form, change)
