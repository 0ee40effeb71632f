"""The review queue: registrations by event and status, with approve / ask for changes / decline / revoke,
badges and invitation letters. Passport details only for staff with "Can see passport details"."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Category, InvitationLetter, Registration, RegistrationWindow, Status, StreamLink
from .pdf import image_data_uri
from .views import badges_pdf, letter_pdf

PASSPORT_PERMISSION = "delegations.view_passport_registration"
PASSPORT_FIELDS = (
    "consulate",
    "consulate_language",
    "passport_number",
    "passport_nationality",
    "passport_date_of_birth",
    "passport_expires_on",
    "passport_purged_at",
)


class RegistrationWindowForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("categories"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = RegistrationWindow
        fields = ["event", "is_open", "closes_at", "categories", "visa_letters", "instructions"]


@admin.register(RegistrationWindow)
class RegistrationWindowAdmin(admin.ModelAdmin):
    form = RegistrationWindowForm
    list_display = ["event", "is_open", "closes_at", "category_list", "visa_letters", "links"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]
    search_fields = ["event__title_en", "event__slug"]

    @admin.display(description=_("categories"))
    def category_list(self, window):
        return ", ".join(str(label) for _value, label in window.category_choices)

    @admin.display(description=_("pages"))
    def links(self, window):
        slug = window.event.slug
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("delegations:register", kwargs={"slug": slug}),
            _("form"),
            reverse("delegations:check_in", kwargs={"slug": slug}),
            _("check-in"),
        )


def _each(modeladmin, request, queryset, step, done_message):
    done = 0
    for registration in queryset.select_related("event", "city"):
        try:
            step(registration=registration, by=request.user)
        except services.ReviewError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)


@admin.action(description=_("Approve (and mail the registrant)"), permissions=["change"])
def approve(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        services.registration_approve,
        lambda n: ngettext("%(n)d registration approved.", "%(n)d registrations approved.", n) % {"n": n},
    )


@admin.action(description=_("Ask for changes (mails the note to the registrant)"), permissions=["change"])
def request_changes(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        services.registration_request_changes,
        lambda n: ngettext("Changes asked of %(n)d registrant.", "Changes asked of %(n)d registrants.", n) % {"n": n},
    )


@admin.action(description=_("Decline (and mail the registrant)"), permissions=["change"])
def decline(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        services.registration_decline,
        lambda n: ngettext("%(n)d registration declined.", "%(n)d registrations declined.", n) % {"n": n},
    )


@admin.action(
    description=_("Revoke approved registrations (badge and letter stop being valid)"), permissions=["change"]
)
def revoke(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset.filter(status=Status.APPROVED),
        services.registration_revoke,
        lambda n: ngettext("%(n)d registration revoked.", "%(n)d registrations revoked.", n) % {"n": n},
    )


def _print(modeladmin, request, queryset, layout):
    approved = list(queryset.approved().select_related("event", "city").order_by("event", "city_name", "name_latin"))
    if not approved:
        modeladmin.message_user(request, _("Badges are printed for approved registrations only."), messages.WARNING)
        return None
    return badges_pdf(request, approved, layout=layout)


@admin.action(description=_("Print badges, four per A4 sheet (PDF)"), permissions=["view"])
def print_badges(modeladmin, request, queryset):
    return _print(modeladmin, request, queryset, "a4")


@admin.action(description=_("Print badges, one per A6 card (PDF)"), permissions=["view"])
def print_badges_a6(modeladmin, request, queryset):
    return _print(modeladmin, request, queryset, "a6")


@admin.action(description=_("Issue invitation letters"), permissions=["passport"])
def issue_letters(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        services.letter_issue,
        lambda n: ngettext("%(n)d invitation letter ready.", "%(n)d invitation letters ready.", n) % {"n": n},
    )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "name_latin",
        "name_native",
        "category",
        "city_display",
        "event",
        "status",
        "submitted_at",
        "checked_in_at",
    ]
    # Only the events that have registrations (a handful, not every event ever recorded: 5,000 took 200 ms).
    list_filter = [
        "status",
        "category",
        ("event", admin.RelatedOnlyFieldListFilter),
        "visa_letter_requested",
        "consent_public_list",
        "consent_photos",
    ]
    list_select_related = ["event", "city"]
    search_fields = ["name_latin", "name_native", "email", "organisation", "city_name"]
    autocomplete_fields = ["event", "city"]
    raw_id_fields = ["head"]
    date_hierarchy = "submitted_at"
    # The photo is in private storage, which has no URL to link; the preview shows it instead.
    formfield_overrides = {models.ImageField: {"widget": forms.FileInput}}
    actions = [approve, request_changes, decline, revoke, print_badges, print_badges_a6, issue_letters]
    readonly_fields = [
        "status",
        "photo_preview",
        "submitted_at",
        "updated",
        "reviewed_at",
        "reviewed_by",
        "checked_in_at",
        "checked_in_by",
        "participant",
        "letter_link",
        "passport_purged_at",
    ]

    @admin.display(description=_("city"), ordering="city_name")
    def city_display(self, registration):
        return registration.city or format_html("{} <em>({})</em>", registration.city_name, _("no city record yet"))

    @admin.display(description=_("badge photo"))
    def photo_preview(self, registration):
        uri = image_data_uri(registration.photo_small)
        return format_html('<img src="{}" alt="" style="max-width:160px">', uri) if uri else "—"

    @admin.display(description=_("invitation letter"))
    def letter_link(self, registration):
        letter = InvitationLetter.objects.filter(registration=registration).first()
        if letter is None:
            return "—"
        state = _("valid") if letter.is_valid else _("revoked")
        return format_html(
            '<a href="{}">{}</a> ({})', reverse("admin:delegations_letter_pdf", args=[letter.pk]), letter.number, state
        )

    def has_passport_permission(self, request):
        return request.user.has_perm(PASSPORT_PERMISSION)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (_("Review"), {"fields": ["status", "review_note", "reviewed_at", "reviewed_by", "participant"]}),
            (
                _("Delegate"),
                {
                    "fields": [
                        "event",
                        "head",
                        "category",
                        "language",
                        ("name_latin", "name_native"),
                        ("email", "phone"),
                        "organisation",
                        ("city_name", "city"),
                        "position",
                        "working_languages",
                        ("media_outlet", "press_card_number"),
                        "accompanies",
                        "photo",
                        "photo_preview",
                    ]
                },
            ),
            (
                _("Travel and needs"),
                {
                    "fields": [
                        ("arrival_on", "departure_on"),
                        "languages_spoken",
                        "interpretation_needed",
                        "dietary_needs",
                        "access_needs",
                    ]
                },
            ),
            (_("Consent"), {"fields": ["consent_public_list", "consent_photos"]}),
            (_("Check-in"), {"fields": ["checked_in_at", "checked_in_by"]}),
        ]
        visa = ["visa_letter_requested"]
        if self.has_passport_permission(request):
            visa += [*PASSPORT_FIELDS, "letter_link"]
        fieldsets.append((_("Visa invitation letter"), {"fields": visa}))
        return fieldsets

    def get_urls(self):
        return [
            path("letter/<int:pk>.pdf", self.admin_site.admin_view(self.letter_view), name="delegations_letter_pdf"),
            *super().get_urls(),
        ]

    def letter_view(self, request, pk):
        if not self.has_passport_permission(request):
            raise PermissionDenied
        letter = get_object_or_404(InvitationLetter.objects.select_related("registration__event"), pk=pk)
        return letter_pdf(request, letter)


@admin.action(description=_("Revoke selected letters"), permissions=["change"])
def revoke_letters(modeladmin, request, queryset):
    count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    modeladmin.message_user(
        request, ngettext("%(n)d letter revoked.", "%(n)d letters revoked.", count) % {"n": count}, messages.SUCCESS
    )


@admin.register(InvitationLetter)
class InvitationLetterAdmin(admin.ModelAdmin):
    list_display = ["number", "registration", "language", "issued_at", "revoked_at", "pdf"]
    list_select_related = ["registration"]
    search_fields = ["number", "registration__name_latin"]
    readonly_fields = ["registration", "number", "issued_at", "issued_by", "pdf"]
    fields = ["registration", "number", "language", "purpose", "issued_at", "issued_by", "revoked_at", "pdf"]
    actions = [revoke_letters]

    def has_add_permission(self, request):
        # Letters are issued from the registration (action "Issue invitation letters").
        return False

    @admin.display(description=_("PDF"))
    def pdf(self, letter):
        return format_html('<a href="{}">{}</a>', reverse("admin:delegations_letter_pdf", args=[letter.pk]), _("PDF"))


@admin.register(StreamLink)
class StreamLinkAdmin(admin.ModelAdmin):
    list_display = ["event", "kind", "title", "language", "url", "order"]
    list_select_related = ["event"]
    list_filter = ["kind"]
    autocomplete_fields = ["event"]
    search_fields = ["event__title_en", "title"]
