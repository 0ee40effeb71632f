"""Exits: cataloguers propose, administrators approve or reject."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin

from ..models import (
    APPROVE_EXITS,
    Deaccession,
    ExitStatus,
)
from ..services import (
    exit_approve,
    exit_reject,
)
from .common import messages_of

# --- Exits -------------------------------------------------------------------------------------


class DeaccessionForm(forms.ModelForm):
    class Meta:
        model = Deaccession
        fields = ["exhibit", "method", "reason", "public_note"]

    def clean_exhibit(self):
        exhibit = self.cleaned_data["exhibit"]
        if exhibit.exited_on:
            raise ValidationError(
                gettext("%(number)s has already left the collection.") % {"number": exhibit.accession_number}
            )
        if exhibit.current_loan_id:
            raise ValidationError(gettext("%(number)s is out on loan.") % {"number": exhibit.accession_number})
        return exhibit


@admin.action(
    description=_("Approve the selected exits (the objects leave the public catalogue)"), permissions=["approve"]
)
def approve_exits(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, exit_approve)


@admin.action(description=_("Reject the selected exit proposals"), permissions=["approve"])
def reject_exits(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, exit_reject)


def _decide(modeladmin, request, queryset, service):
    done = 0
    for proposal in queryset.filter(status=ExitStatus.PROPOSED).select_related("exhibit"):
        try:
            service(proposal=proposal, by=request.user)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{proposal.exhibit.accession_number}: {messages_of(error)}", messages.ERROR
            )
        else:
            done += 1
    modeladmin.message_user(
        request, ngettext("%(count)d proposal decided.", "%(count)d proposals decided.", done) % {"count": done}
    )


@admin.register(Deaccession)
class DeaccessionAdmin(HistoryAdmin):
    form = DeaccessionForm
    actions = [approve_exits, reject_exits]
    list_display = ["exhibit", "method", "status", "proposed_by", "proposed_at", "decided_by", "decided_at"]
    list_filter = ["status", "method"]
    list_select_related = ["exhibit", "proposed_by", "decided_by"]
    search_fields = ["exhibit__accession_number", "reason"]
    autocomplete_fields = ["exhibit"]
    readonly_fields = ["status", "proposed_by", "proposed_at", "decided_by", "decided_at"]
    fields = ["exhibit", "method", "reason", "public_note", *readonly_fields]

    def has_approve_permission(self, request):
        return request.user.has_perm(APPROVE_EXITS)

    def has_change_permission(self, request, obj=None):
        # A decided proposal is the record of the decision: read-only from then on.
        if obj is not None and obj.status != ExitStatus.PROPOSED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != ExitStatus.PROPOSED:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.proposed_by = request.user
        obj._history_user = request.user
        super().save_model(request, obj, form, change)
