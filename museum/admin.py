from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ChangeList
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from cities.models import City
from core.admin import ConcurrentEditMixin, HistoryAdmin, ImportExportAdminMixin, PublicRecordAdmin, count_of, unpublish
from core.admin import publish as core_publish
from core.cache import cached_for_content
from core.pagination import CountCachingPaginator
from core.publishing import Status

from .admin_filters import CataloguingGapFilter
from .forms import LOCATION_FIELDS, ExhibitAdminForm, ExhibitImageForm, ExhibitImageFormSet
from .labels import build_labels, label_languages
from .models import Donor, Exhibit, ExhibitImage, Movement, Museum, ObjectType, Room
from .resources import ExhibitResource
from .services import exhibit_first_placement, exhibit_move


def _thumbnail(image, size=80, alt=""):
    if image is None or not image.image_small:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" loading="lazy">', image.image_small.url, image.caption or alt, size
    )


def _location(room, case, in_store, loan=None):
    if room is None:
        if in_store:
            return _("In store")
        return gettext("On loan %(number)s") % {"number": loan.number} if loan else "—"
    return f"{room}, {case}" if case else str(room)


class ExhibitImageInline(TranslationTabularInline):
    model = ExhibitImage
    form = ExhibitImageForm
    formset = ExhibitImageFormSet
    fields = ["image", "preview", "is_primary", "caption", "credit", "order"]
    readonly_fields = ["preview"]
    extra = 1

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return _thumbnail(obj, size=120)


class MovementColumns:
    """The from/to columns of a movement, for the exhibit's location history and the movement list."""

    @admin.display(description=_("from"))
    def from_location(self, obj):
        return _location(obj.from_room, obj.from_case, obj.from_store, obj.loan)

    @admin.display(description=_("to"))
    def to_location(self, obj):
        return _location(obj.to_room, obj.to_case, obj.to_store, obj.loan)


class MovementInline(MovementColumns, admin.TabularInline):
    """The location history, read-only: movements are recorded by changing the location above."""

    model = Movement
    fields = ["moved_at", "from_location", "to_location", "moved_by", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("location history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_room", "to_room", "moved_by", "loan")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OriginCountryFilter(admin.SimpleListFilter):
    title = _("giving country")
    parameter_name = "origin_country"

    def lookups(self, request, model_admin):
        return cached_for_content("admin-exhibit-filter:origin-country", _giving_countries)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(origin_city__country=self.value())
        return queryset


def _giving_countries():
    """[(code, name)] of the countries whose cities gave exhibits, by name in the active language."""
    gifts = Exhibit.objects.filter(origin_city=OuterRef("pk"))
    return City.objects.filter(Exists(gifts)).country_choices()


class CachedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """Rooms and object types to filter by, read once per content version and language."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        return cached_for_content(
            f"admin-filter:{field.model._meta.label_lower}.{field.name}",
            lambda: field.get_choices(include_blank=False, ordering=ordering),
        )


# What a row of the exhibit list reads: the rest of each record stays in the database.
LIST_COLUMNS = [
    "accession_number",
    "object_name",
    "title",
    "on_display",
    "status",
    "object_type__name",
    "origin_city__name",
    "room__name",
]


class ExhibitChangeList(ChangeList):
    """The exhibit list's page: only the columns it shows, and each row's address reversed once."""

    def __init__(self, *args, **kwargs):
        self._result_urls = {}
        super().__init__(*args, **kwargs)

    def get_results(self, request):
        # Descriptions and provenance, and the related records' long texts, stay in the database.
        self.queryset = self.queryset.only(*LIST_COLUMNS).with_primary_image()
        super().get_results(request)

    def url_for_result(self, result):
        # Two columns link to the exhibit (thumbnail and accession number).
        if result.pk not in self._result_urls:
            self._result_urls[result.pk] = super().url_for_result(result)
        return self._result_urls[result.pk]


@admin.action(description=_("Publish selected records"), permissions=["change"])
def publish(modeladmin, request, queryset):
    """Publish, except objects that left the collection: they stay out of the public catalogue for good."""
    exited = queryset.filter(exited_on__isnull=False).count()
    if exited:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d object has left the collection and stays unpublished.",
                "%(count)d objects have left the collection and stay unpublished.",
                exited,
            )
            % {"count": exited},
            messages.WARNING,
        )
    return core_publish(modeladmin, request, queryset.filter(exited_on__isnull=True))


@admin.action(description=_("Print labels for the selected exhibits"), permissions=["view"])
def print_labels(modeladmin, request, queryset):
    """Labels for the published exhibits selected, in the language chosen on the sheet; drafts are named only."""
    exhibits = list(queryset.select_related("origin_city").order_by("accession_sort"))
    drafts = [exhibit.accession_number for exhibit in exhibits if exhibit.status != Status.PUBLISHED]
    if drafts and len(drafts) == len(exhibits):
        modeladmin.message_user(
            request,
            gettext("No labels printed: drafts get none, as their QR code leads to a page not found (%(numbers)s).")
            % {"numbers": ", ".join(drafts)},
            messages.ERROR,
        )
        return None
    choice = request.POST.get("label_language") or get_language()
    ctx = {
        **modeladmin.admin_site.each_context(request),
        "labels": build_labels(request, [e for e in exhibits if e.status == Status.PUBLISHED], choice),
        "drafts": drafts,
        "label_languages": label_languages(),
        "label_language": choice,
    }
    return TemplateResponse(request, "museum/admin/labels.html", ctx)


@admin.register(Exhibit)
class ExhibitAdmin(ConcurrentEditMixin, ImportExportAdminMixin, TranslationAdmin, PublicRecordAdmin):
    resource_classes = [ExhibitResource]
    # MRO: TranslationAdmin's form and fieldset patching, then PublicRecordAdmin's history and actions.
    form = ExhibitAdminForm
    inlines = [ExhibitImageInline, MovementInline]
    actions = [publish, unpublish, print_labels]
    fieldsets = [
        (
            _("Inventory core"),
            {
                "fields": [
                    "accession_number",
                    "object_name",
                    "object_type",
                    "number_of_objects",
                    "brief_description",
                    ("room", "case", "in_store"),
                    "reason_for_move",
                    "current_owner",
                    ("recorder", "recording_date"),
                ]
            },
        ),
        (
            _("Description"),
            {
                "fields": [
                    "title",
                    "maker",
                    "date_made",
                    "materials",
                    "dimensions",
                    "inscription",
                    "condition",
                    "condition_note",
                ]
            },
        ),
        (
            _("Acquisition"),
            {
                "fields": [
                    "origin_city",
                    "donor",
                    "acquisition_method",
                    "acquisition_date",
                    "presented_at",
                    "received_by",
                    "provenance",
                ]
            },
        ),
        (_("Display"), {"fields": ["on_display", "status", "source", "created", "updated"]}),
    ]
    autocomplete_fields = ["origin_city", "presented_at", "donor", "object_type", "room"]
    list_display = [
        "thumbnail",
        "accession",
        "object_name",
        "object_type",
        "origin_city",
        "room",
        "on_display",
        "status",
    ]
    list_display_links = ["thumbnail", "accession"]
    list_filter = [
        "status",
        ("object_type", CachedRelatedFieldListFilter),
        ("room", CachedRelatedFieldListFilter),
        "on_display",
        "acquisition_method",
        OriginCountryFilter,
        CataloguingGapFilter,
    ]
    list_select_related = ["object_type", "origin_city", "room"]
    search_fields = [
        "accession_number",
        "object_name_en",
        "object_name_zh_hans",
        "object_name_ru",
        "title_en",
        "title_zh_hans",
        "title_ru",
    ]
    ordering = ["accession_sort"]
    show_full_result_count = False
    list_per_page = 50
    # Counting 100,000 exhibits costs more than showing 50: each list's count is kept until the content changes.
    paginator = CountCachingPaginator

    def get_changelist(self, request, **kwargs):
        return ExhibitChangeList

    def get_inline_instances(self, request, obj=None):
        # The location history exists only once the exhibit does.
        return [i for i in super().get_inline_instances(request, obj) if obj or not isinstance(i, MovementInline)]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        today = timezone.localdate()
        initial.setdefault("accession_number", Exhibit.objects.next_accession_number(today.year))
        initial.setdefault("recorder", request.user.get_full_name() or request.user.get_username())
        initial.setdefault("recording_date", today)
        return initial

    def save_model(self, request, obj, form, change):
        if change and LOCATION_FIELDS & set(form.changed_data):
            obj._history_user = request.user
            exhibit_move(
                exhibit=obj,
                to_room=obj.room,
                to_case=obj.case,
                to_store=obj.in_store,
                by=request.user,
                reason=form.cleaned_data.get("reason_for_move", ""),
            )
        else:
            super().save_model(request, obj, form, change)
            if not change:
                exhibit_first_placement(
                    exhibit=obj, by=request.user, reason=form.cleaned_data.get("reason_for_move", "")
                )

    def action_checkbox(self, obj):
        # Django's own markup, without a widget template render per row (a third of the list's CPU time).
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        # The thumbnail is a link to the exhibit, so its image needs a text alternative (axe: link-name).
        return _thumbnail(obj.primary_image, alt=obj.display_title)

    @admin.display(description=_("accession number"), ordering="accession_sort")
    def accession(self, obj):
        return obj.accession_number


@admin.register(Museum)
class MuseumAdmin(TranslationAdmin, HistoryAdmin):
    """One museum: it can be edited, never added twice or deleted."""

    list_display = ["name", "address", "opening_hours", "updated"]
    readonly_fields = ["updated"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Museum.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Room)
class RoomAdmin(TranslationAdmin, PublicRecordAdmin):
    list_display = ["name", "number", "city", "floor", "order", "exhibit_count", "status"]
    list_select_related = ["city"]
    list_filter = ["status", "floor"]
    search_fields = ["name_en", "name_zh_hans", "name_ru", "city__name_en"]
    autocomplete_fields = ["city"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["order", "number", "name_en"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(exhibit_total=count_of(Exhibit, "room"))

    @admin.display(description=_("exhibits"), ordering="exhibit_total")
    def exhibit_count(self, obj):
        return obj.exhibit_total


@admin.register(ObjectType)
class ObjectTypeAdmin(TranslationAdmin, HistoryAdmin):
    list_display = ["name", "slug", "order", "exhibit_count"]
    search_fields = ["name_en", "name_zh_hans", "name_ru"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(exhibit_total=count_of(Exhibit, "object_type"))

    @admin.display(description=_("exhibits"), ordering="exhibit_total")
    def exhibit_count(self, obj):
        return obj.exhibit_total


@admin.register(Donor)
class DonorAdmin(HistoryAdmin):
    list_display = ["name", "kind", "city", "show_publicly"]
    list_filter = ["show_publicly", "kind"]
    list_select_related = ["city"]
    search_fields = ["name"]
    autocomplete_fields = ["city"]


@admin.register(Movement)
class MovementAdmin(MovementColumns, admin.ModelAdmin):
    """Read-only: movements are recorded when an exhibit's location changes."""

    list_display = ["moved_at", "exhibit", "from_location", "to_location", "moved_by", "reason"]
    list_select_related = ["exhibit", "from_room", "to_room", "moved_by", "loan"]
    search_fields = ["exhibit__accession_number", "reason"]
    date_hierarchy = "moved_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Loans, condition checks, valuations, audits and exits (SPECTRUM procedures beyond the inventory).
from . import admin_procedures  # noqa: E402

# The City admin (registered by cities, which knows nothing of the museum) shows the city's loans.
admin_procedures.register_city_loans_inline()
