"""Admin for the SPECTRUM procedures beyond the inventory: loans, condition checks, valuations, audits, exits.

Imported by museum/admin.py. Each step (agree a loan, send it out, close an audit, approve an exit) is a
service call in museum/services/; the admin only collects the input and reports the outcome.
"""

import os

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cities.models import City
from core.admin import HistoryAdmin

from .models import (
    APPROVE_EXITS,
    Audit,
    Condition,
    ConditionCheck,
    ConditionPartNote,
    ConditionPhoto,
    Deaccession,
    Exhibit,
    ExitStatus,
    Loan,
    LoanDirection,
    LoanObject,
    LoanStatus,
    Valuation,
    may_view_valuations,
)
from .reports import pdf_response, render_pdf
from .services import (
    audit_close,
    audit_scan,
    audit_summary,
    condition_sync_exhibit,
    exit_approve,
    exit_reject,
    loan_agree,
    loan_cancel,
    loan_return,
    loan_send_out,
)


class PrivateFileInput(forms.FileInput):
    """A file input that never renders the stored file's address: private files have none."""


def _private_file_response(field_file):
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=os.path.basename(field_file.name))
    response["Cache-Control"] = "private, no-store"
    return response


def _messages_of(error):
    return " ".join(error.messages) if hasattr(error, "messages") else str(error)


# --- Loans -------------------------------------------------------------------------------------

EDITABLE_LOAN = (LoanStatus.REQUESTED, LoanStatus.AGREED)


class LoanObjectForm(forms.ModelForm):
    class Meta:
        model = LoanObject
        fields = ["exhibit", "description"]

    def clean(self):
        cleaned = super().clean()
        exhibit = cleaned.get("exhibit")
        if exhibit is not None and exhibit.exited_on:
            self.add_error(
                "exhibit", gettext("%(number)s has left the collection.") % {"number": exhibit.accession_number}
            )
        if exhibit is None and not cleaned.get("description"):
            self.add_error("description", gettext("Choose one of our objects, or describe the lender's object."))
        return cleaned


class LoanObjectInline(admin.TabularInline):
    model = LoanObject
    form = LoanObjectForm
    fields = ["exhibit", "description", "last_check"]
    readonly_fields = ["last_check"]
    autocomplete_fields = ["exhibit"]
    extra = 1
    verbose_name_plural = _("objects")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("exhibit")

    @admin.display(description=_("last condition check"))
    def last_check(self, obj):
        if not obj.exhibit_id:
            return "—"
        latest = obj.exhibit.condition_checks.latest_first().first()
        return f"{latest.checked_on:%Y-%m-%d} · {latest.get_condition_display()}" if latest else gettext("none")

    def _editable(self, obj):
        return obj is None or obj.status in EDITABLE_LOAN

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class LoanForm(forms.ModelForm):
    class Meta:
        model = Loan
        fields = [
            *["direction", "partner_name", "partner_city", "purpose", "requested_on", "start_on", "end_on"],
            *["conditions", "insurance_value", "insurance_currency", "agreement_document", "notes"],
        ]
        widgets = {"agreement_document": PrivateFileInput}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_on"), cleaned.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", gettext("A loan cannot be due back before it begins."))
        requested = cleaned.get("requested_on")
        if requested and requested > timezone.localdate():
            self.add_error("requested_on", gettext("The request date cannot be in the future."))
        return cleaned


@admin.register(Loan)
class LoanAdmin(HistoryAdmin):
    form = LoanForm
    change_form_template = "museum/admin/loan_change_form.html"
    change_list_template = "museum/admin/loan_change_list.html"
    inlines = [LoanObjectInline]
    list_display = ["number", "direction", "partner_name", "partner_city", "status", "start_on", "end_on"]
    list_filter = ["status", "direction"]
    list_select_related = ["partner_city"]
    search_fields = ["number", "partner_name", "purpose", "partner_city__name_en"]
    autocomplete_fields = ["partner_city"]
    ordering = ["-number_sort"]
    date_hierarchy = "end_on"
    readonly_fields = ["number", "status", "agreed_on", "out_on", "returned_on", "agreement_link"]
    fieldsets = [
        (None, {"fields": ["number", "direction", "status", "partner_name", "partner_city", "purpose"]}),
        (
            _("Dates"),
            {"fields": [("requested_on", "agreed_on"), ("start_on", "end_on"), ("out_on", "returned_on")]},
        ),
        (
            _("Terms"),
            {
                "fields": [
                    "conditions",
                    ("insurance_value", "insurance_currency"),
                    "agreement_document",
                    "agreement_link",
                    "notes",
                ]
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        """Values (the insurance) only for those who may view valuations; the form then leaves them out too."""
        if may_view_valuations(request.user):
            return self.fieldsets
        hidden = ("insurance_value", "insurance_currency")
        return [
            (title, {**options, "fields": [f for f in options["fields"] if f != hidden]})
            for title, options in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("direction")  # the number says it
        return readonly

    def get_changeform_initial_data(self, request):
        return {"requested_on": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.number = Loan.objects.next_number(obj.direction, obj.requested_on.year)
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("agreement"))
    def agreement_link(self, obj):
        if obj is None or not obj.pk or not obj.agreement_document:
            return "—"
        url = reverse("admin:museum_loan_agreement", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, os.path.basename(obj.agreement_document.name))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("report/", wrap(self.report_view), name="museum_loan_report"),
            path("<int:pk>/agreement/", wrap(self.agreement_view), name="museum_loan_agreement"),
            path("<int:pk>/step/<slug:step>/", wrap(self.step_view), name="museum_loan_step"),
            path("<int:pk>/return/", wrap(self.return_view), name="museum_loan_return"),
            *super().get_urls(),
        ]

    def _loan_for(self, request, pk, *, change):
        loan = get_object_or_404(Loan, pk=pk)
        allowed = self.has_change_permission(request, loan) if change else self.has_view_permission(request, loan)
        if not allowed:
            raise PermissionDenied
        return loan

    def agreement_view(self, request, pk):
        return _private_file_response(self._loan_for(request, pk, change=False).agreement_document)

    def step_view(self, request, pk, step):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        loan = self._loan_for(request, pk, change=True)
        steps = {
            "agree": (loan_agree, _("Loan %(number)s agreed.")),
            "send-out": (loan_send_out, _("Loan %(number)s is out: its objects' movements are recorded.")),
            "cancel": (loan_cancel, _("Loan %(number)s cancelled.")),
        }
        if step not in steps:
            raise Http404
        service, done = steps[step]
        try:
            service(loan=loan, by=request.user)
        except ValidationError as error:
            self.message_user(request, _messages_of(error), messages.ERROR)
        else:
            self.message_user(request, done % {"number": loan.number}, messages.SUCCESS)
        return redirect("admin:museum_loan_change", loan.pk)

    def return_view(self, request, pk):
        loan = self._loan_for(request, pk, change=True)
        form = LoanReturnForm(request.POST or None, initial={"returned_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                loan_return(
                    loan=loan,
                    by=request.user,
                    on=form.cleaned_data["returned_on"],
                    condition=form.cleaned_data["condition"],
                    notes=form.cleaned_data["notes"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    gettext("Loan %(number)s returned; a condition check was recorded for each object.")
                    % {"number": loan.number},
                    messages.SUCCESS,
                )
                return redirect("admin:museum_loan_change", loan.pk)
        ctx = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "loan": loan,
            "form": form,
            "title": gettext("Return of loan %(number)s") % {"number": loan.number},
        }
        return TemplateResponse(request, "museum/admin/loan_return.html", ctx)

    def report_view(self, request):
        """The loan list with objects and values: for those who may view valuations only."""
        if not (self.has_view_permission(request) and may_view_valuations(request.user)):
            raise PermissionDenied
        loans = (
            Loan.objects.exclude(status=LoanStatus.CANCELLED)
            .select_related("partner_city")
            .prefetch_related(
                models.Prefetch(
                    "items",
                    queryset=LoanObject.objects.select_related("exhibit").prefetch_related(
                        models.Prefetch(
                            "exhibit__valuations",
                            queryset=Valuation.objects.order_by("-valued_on", "-pk"),
                            to_attr="latest_valuations",
                        )
                    ),
                )
            )
            .order_by("-number_sort")
        )
        pdf = render_pdf("museum/reports/loan_list.html", {"loans": loans}, request=request)
        return pdf_response(pdf, f"loans-{timezone.localdate():%Y-%m-%d}.pdf")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["steps"] = _loan_steps(obj) if obj is not None and self.has_change_permission(request, obj) else []
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_view_valuations": may_view_valuations(request.user)}
        return super().changelist_view(request, extra_context)


def _loan_steps(loan):
    """The buttons a loan's page offers in its status: (label, url, method)."""
    step = lambda name: reverse("admin:museum_loan_step", args=[loan.pk, name])  # noqa: E731
    return {
        LoanStatus.REQUESTED: [(_("Agree"), step("agree"), "post"), (_("Cancel the loan"), step("cancel"), "post")],
        LoanStatus.AGREED: [
            (_("Send out") if loan.direction == LoanDirection.OUT else _("Received"), step("send-out"), "post"),
            (_("Cancel the loan"), step("cancel"), "post"),
        ],
        LoanStatus.OUT: [(_("Record the return"), reverse("admin:museum_loan_return", args=[loan.pk]), "get")],
    }.get(loan.status, [])


class LoanReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("returned on"), widget=forms.DateInput(attrs={"type": "date"}))
    condition = forms.ChoiceField(label=_("condition on return"), choices=Condition.choices)
    notes = forms.CharField(label=_("condition notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_returned_on(self):
        day = self.cleaned_data["returned_on"]
        if day > timezone.localdate():
            raise ValidationError(gettext("The return date cannot be in the future."))
        return day


class CityLoansInline(admin.TabularInline):
    """A city's loans, read-only, on its admin page: registered onto CityAdmin from here (cities imports no museum)."""

    model = Loan
    fk_name = "partner_city"
    fields = ["number", "direction", "status", "purpose", "start_on", "end_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("museum loans with this city")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def register_city_loans_inline(site=admin.site):
    """Add the loans inline to the City admin instance already registered by cities (explicit, once)."""
    city_admin = site.get_model_admin(City)
    if CityLoansInline not in city_admin.inlines:
        city_admin.inlines = [*city_admin.inlines, CityLoansInline]


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
        return _private_file_response(get_object_or_404(ConditionPhoto, pk=pk).image)

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
                    return JsonResponse({"ok": False, "message": _messages_of(error)}, status=400)
                messages.error(request, _messages_of(error))
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
            messages.error(request, _messages_of(error))
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
                request, f"{proposal.exhibit.accession_number}: {_messages_of(error)}", messages.ERROR
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
