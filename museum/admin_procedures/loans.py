"""Loans in and out: the loan page with its steps, the return form, the loan list PDF, the city's loans."""

import os

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cities.models import City
from core.admin import HistoryAdmin

from ..models import (
    Condition,
    ConditionCheck,
    Loan,
    LoanDirection,
    LoanObject,
    LoanStatus,
    Valuation,
    may_view_valuations,
)
from ..reports import pdf_response, render_pdf
from ..services import (
    loan_agree,
    loan_cancel,
    loan_return,
    loan_send_out,
)
from .common import PrivateFileInput, messages_of, private_file_response

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
        # Each object's latest check is read with the objects (one query for the loan, not one per object).
        latest = ConditionCheck.objects.filter(exhibit=models.OuterRef("exhibit")).latest_first()
        return (
            super()
            .get_queryset(request)
            .select_related("exhibit")
            .annotate(
                last_checked_on=models.Subquery(latest.values("checked_on")[:1]),
                last_condition=models.Subquery(latest.values("condition")[:1]),
            )
        )

    @admin.display(description=_("last condition check"))
    def last_check(self, obj):
        if not obj.exhibit_id:
            return "—"
        if hasattr(obj, "last_checked_on"):
            checked_on, condition = obj.last_checked_on, obj.last_condition
        else:  # a row added in a form sent back with errors
            latest = obj.exhibit.condition_checks.latest_first().values_list("checked_on", "condition").first()
            checked_on, condition = latest or (None, None)
        if checked_on is None:
            return gettext("none")
        return f"{checked_on:%Y-%m-%d} · {Condition(condition).label}"

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
        return private_file_response(self._loan_for(request, pk, change=False).agreement_document)

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
            self.message_user(request, messages_of(error), messages.ERROR)
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
