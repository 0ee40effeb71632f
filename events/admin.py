from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.admin import ConcurrentEditMixin, ImportExportAdminMixin, PublicRecordAdmin, count_of

from .models import Event, EventPhoto, EventSeries, Participant, Participation, Session
from .resources import EventResource


@admin.register(EventSeries)
class EventSeriesAdmin(TranslationAdmin, PublicRecordAdmin):
    list_display = ["name", "slug", "status"]
    search_fields = ["name_en", "name_zh_hans", "name_ru", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["name", "slug", "description", "status", "source", "created", "updated"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["city"]
    fields = ["city", "role", "head_of_delegation", "note"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["city"]
    fields = ["name", "position", "city", "organisation", "role"]


class SessionInline(TranslationTabularInline):
    model = Session
    extra = 0
    fields = ["starts_at", "ends_at", "title", "place", "room", "speakers", "interpretation_languages"]


class EventPhotoInline(TranslationTabularInline):
    model = EventPhoto
    extra = 0
    fields = ["thumbnail", "image", "caption", "credit", "order"]
    readonly_fields = ["thumbnail"]

    @admin.display(description=_("preview"))
    def thumbnail(self, photo):
        if not photo.image_small:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-width:120px;height:auto">', photo.image_small.url, photo.caption
        )


@admin.register(Event)
class EventAdmin(ConcurrentEditMixin, ImportExportAdminMixin, TranslationAdmin, PublicRecordAdmin):
    resource_classes = [EventResource]
    list_display = ["title", "kind", "dates", "host_city", "series", "city_count", "status"]
    list_filter = ["status", "kind", "series", "starts_on"]
    list_select_related = ["host_city", "series"]
    date_hierarchy = "starts_on"
    # Translated titles and the slug; museum's Exhibit.presented_at autocomplete searches these too.
    search_fields = ["title_en", "title_zh_hans", "title_ru", "slug"]
    autocomplete_fields = ["host_city", "series"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [ParticipationInline, ParticipantInline, SessionInline, EventPhotoInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "series"]}),
        (_("When and where"), {"fields": [("starts_on", "ends_on", "date_precision"), "venue", "host_city"]}),
        (_("Content"), {"fields": ["theme", "summary", "body", "outcomes", "organisers", "cover"]}),
        (_("Record"), {"fields": ["status", "source", "created", "updated"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(city_count=count_of(Participation, "event"))

    @admin.display(description=_("dates"), ordering="starts_on")
    def dates(self, event):
        return event.dates_display

    @admin.display(description=_("cities"), ordering="city_count")
    def city_count(self, event):
        return event.city_count
