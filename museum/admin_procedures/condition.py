"""Condition checks: part notes, private photos, the condition report PDF."""

import os

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin

from ..models import (
    ConditionCheck,
    ConditionPartNote,
    ConditionPhoto,
    Exhibit,
)
from ..reports import pdf_response, render_pdf
from ..services import (
    condition_sync_exhibit,
)
from .common import PrivateFileInput, private_file_response

# --- Condition checks --------------------------------------------------------------------------


class ConditionPartNoteInline(admin.TabularInline):
    model = ConditionPartNote
    fields = ["part", "note"]
    extra = 1
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


class ConditionPhotoInline(admin.TabularInline):
    model = ConditionPhoto
    fields = ["image", "photo_link", "caption"]
    readonly_fields = ["photo_link"]
    extra = 1
    formfield_overrides = {models.ImageField: {"widget": PrivateFileInput}}

    @admin.display(description=_("stored photo"))
    def photo_link(self, obj):
        if obj is None or not obj.pk:
            return "—"
        url = reverse("admin:museum_conditioncheck_photo", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, os.path.basename(obj.image.name))


class ConditionCheckForm(forms.ModelForm):
    class Meta:
        model = ConditionCheck
        fields = [
            *["exhibit", "checked_on", "checked_by", "reason", "loan", "condition", "completeness"],
            *["hazards", "notes", "recommendations", "next_check_on"],
        ]

    def clean(self):
        cleaned = super().clean()
        checked, following = cleaned.get("checked_on"), cleaned.get("next_check_on")
        if checked and checked > timezone.localdate():
            self.add_error("checked_on", gettext("A check cannot be dated in the future."))
        if checked and following and following <= checked:
            self.add_error("next_check_on", gettext("The next check comes after this one."))
        return cleaned


@admin.register(ConditionCheck)
class ConditionCheckAdmin(HistoryAdmin):
    form = ConditionCheckForm
    inlines = [ConditionPartNoteInline, ConditionPhotoInline]
    list_display = ["exhibit", "checked_on", "reason", "condition", "completeness", "next_check_on", "checked_by"]
    list_filter = ["reason", "condition", "completeness"]
    list_select_related = ["exhibit", "checked_by"]
    search_fields = ["exhibit__accession_number", "exhibit__object_name_en"]
    autocomplete_fields = ["exhibit", "checked_by", "loan"]
    date_hierarchy = "checked_on"
    readonly_fields = ["report_link"]
    fields = [
        "exhibit",
        ("checked_on", "checked_by"),
        "reason",
        "loan",
        ("condition", "completeness"),
        "hazards",
        "notes",
        "recommendations",
        "next_check_on",
        "report_link",
    ]

    def get_changeform_initial_data(self, request):
        return {
            "checked_on": timezone.localdate(),
            "checked_by": request.user.pk,
            **super().get_changeform_initial_data(request),
        }

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)
        condition_sync_exhibit(exhibit=obj.exhibit, by=request.user)

    @admin.display(description=_("condition report"))
    def report_link(self, obj):
        if obj is None or not obj.pk:
            return "—"
        url = reverse("admin:museum_conditioncheck_report", args=[obj.exhibit_id])
        return format_html('<a href="{}">{}</a>', url, gettext("Condition report of the object (PDF)"))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("report/<int:exhibit_pk>/", wrap(self.report_view), name="museum_conditioncheck_report"),
            path("photo/<int:pk>/", wrap(self.photo_view), name="museum_conditioncheck_photo"),
            *super().get_urls(),
        ]

    def photo_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return private_file_response(get_object_or_404(ConditionPhoto, pk=pk).image)

    def report_view(self, request, exhibit_pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        exhibit = get_object_or_404(Exhibit.objects.select_related("room", "origin_city"), pk=exhibit_pk)
        checks = (
            exhibit.condition_checks.latest_first()
            .select_related("checked_by", "loan")
            .prefetch_related("part_notes", "photos")
        )
        ctx = {"exhibit": exhibit, "checks": checks}
        pdf = render_pdf("museum/reports/condition.html", ctx, request=request)
        return pdf_response(pdf, f"condition-{exhibit.accession_number}.pdf")
