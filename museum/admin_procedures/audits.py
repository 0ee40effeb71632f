"""Audits: the phone page (scan or type), closing, the result PDF."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import (
    Audit,
)
from ..reports import pdf_response, render_pdf
from ..services import (
    audit_close,
    audit_scan,
    audit_summary,
)
from .common import messages_of

# --- Audits ------------------------------------------------------------------------------------


class AuditForm(forms.ModelForm):
    class Meta:
        model = Audit
        fields = ["room", "in_store", "notes"]

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("room")) == bool(cleaned.get("in_store")):
            raise ValidationError(gettext("Audit one location: choose a room, or tick “the store”."))
        return cleaned


@admin.register(Audit)
class AuditAdmin(admin.ModelAdmin):
    form = AuditForm
    list_display = ["__str__", "status", "opened_by", "opened_at", "closed_by", "closed_at", "scan_link"]
    list_filter = ["status", "room"]
    list_select_related = ["room", "opened_by", "closed_by"]
    readonly_fields = ["status", "opened_by", "opened_at", "closed_by", "closed_at", "scan_link", "report_link"]
    fields = ["room", "in_store", "notes", *readonly_fields]
    autocomplete_fields = ["room"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [*self.readonly_fields, "room", "in_store"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.opened_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # Straight to the scanning page: that is why the audit was opened.
        return redirect("admin:museum_audit_scan", obj.pk)

    @admin.display(description=_("scan"))
    def scan_link(self, obj):
        if obj is None or not obj.pk:
            return "—"
        url = reverse("admin:museum_audit_scan", args=[obj.pk])
        label = gettext("Scan with a phone") if obj.is_open else gettext("Result")
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("report"))
    def report_link(self, obj):
        if obj is None or not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:museum_audit_report", args=[obj.pk]), gettext("Audit result (PDF)")
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/scan/", wrap(self.scan_view), name="museum_audit_scan"),
            path("<int:pk>/close/", wrap(self.close_view), name="museum_audit_close"),
            path("<int:pk>/report/", wrap(self.report_view), name="museum_audit_report"),
            *super().get_urls(),
        ]

    def _audit_for(self, request, pk, *, change):
        audit = get_object_or_404(Audit.objects.select_related("room"), pk=pk)
        allowed = self.has_change_permission(request, audit) if change else self.has_view_permission(request, audit)
        if not allowed:
            raise PermissionDenied
        return audit

    def scan_view(self, request, pk):
        """The phone page: scan or type a number (POST), see found / elsewhere / missing; JSON for the scanner."""
        audit = self._audit_for(request, pk, change=request.method == "POST")
        wants_json = request.headers.get("Accept", "").startswith("application/json")
        if request.method == "POST":
            code = request.POST.get("code", "")
            try:
                entry = audit_scan(audit=audit, code=code, by=request.user)
            except ValidationError as error:
                if wants_json:
                    return JsonResponse({"ok": False, "message": messages_of(error)}, status=400)
                messages.error(request, messages_of(error))
            else:
                note = _scan_message(entry)
                if wants_json:
                    return JsonResponse(
                        {
                            "ok": True,
                            "number": entry.exhibit.accession_number,
                            "outcome": entry.outcome,
                            "message": note,
                            "counts": _counts(audit_summary(audit)),
                        }
                    )
                messages.success(request, note)
            return redirect("admin:museum_audit_scan", audit.pk)
        summary = audit_summary(audit)
        ctx = {
            "audit": audit,
            "summary": summary,
            "counts": _counts(summary),
            "may_scan": audit.is_open and self.has_change_permission(request, audit),
            "title": gettext("Audit: %(location)s") % {"location": audit.location_display},
            "messages_list": list(messages.get_messages(request)),
        }
        response = TemplateResponse(request, "museum/admin/audit_scan.html", ctx)
        # The one page allowed to use the camera (every other answer refuses it: PERMISSIONS_POLICY).
        response.headers["Permissions-Policy"] = _policy_with_camera()
        return response

    def close_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        audit = self._audit_for(request, pk, change=True)
        try:
            audit_close(audit=audit, by=request.user, move=request.POST.getlist("move"))
        except ValidationError as error:
            messages.error(request, messages_of(error))
        else:
            messages.success(request, gettext("Audit closed: locations confirmed."))
        return redirect("admin:museum_audit_scan", audit.pk)

    def report_view(self, request, pk):
        audit = self._audit_for(request, pk, change=False)
        ctx = {"audit": audit, "summary": audit_summary(audit)}
        pdf = render_pdf("museum/reports/audit.html", ctx, request=request)
        return pdf_response(pdf, f"audit-{audit.pk}.pdf")


def _counts(summary):
    return {key: len(value) for key, value in summary.items()}


def _scan_message(entry):
    number = entry.exhibit.accession_number
    if entry.outcome == "found":
        return gettext("%(number)s found here.") % {"number": number}
    return gettext("%(number)s is here, but recorded at %(where)s.") % {
        "number": number,
        "where": entry.recorded_location,
    }


def _policy_with_camera():
    from django.conf import settings

    policy = {**getattr(settings, "PERMISSIONS_POLICY", {}), "camera": ["self"]}
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())
