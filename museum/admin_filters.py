"""Admin list filters of the museum: the cataloguing gaps, which the staff dashboard counts and links to."""

from django.contrib import admin
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .models import Exhibit, ExhibitImage


def _has_primary_image():
    return Exists(ExhibitImage.objects.filter(exhibit=OuterRef("pk"), is_primary=True))


CATALOGUING_GAPS = {
    # parameter value: (label, condition on an Exhibit QuerySet annotated with has_primary_image)
    "no_primary_image": (_("without a primary image"), Q(has_primary_image=False)),
    "no_location": (_("without a location (no room, not in store)"), Q(room__isnull=True, in_store=False)),
    "no_origin_city": (_("without a giving city"), Q(origin_city__isnull=True)),
    "no_object_type": (_("without an object type"), Q(object_type__isnull=True)),
}


class CataloguingGapFilter(admin.SimpleListFilter):
    """Exhibits whose record is incomplete; the dashboard's gap counts link here."""

    title = _("cataloguing gap")
    parameter_name = "gap"

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _condition) in CATALOGUING_GAPS.items()]

    def queryset(self, request, queryset):
        gap = CATALOGUING_GAPS.get(self.value())
        if gap is None:
            return queryset
        return queryset.annotate(has_primary_image=_has_primary_image()).filter(gap[1])


def cataloguing_gaps():
    """[{key, label, count, url}] for each gap, from one aggregate query."""
    counts = Exhibit.objects.annotate(has_primary_image=_has_primary_image()).aggregate(
        **{key: Count("pk", filter=condition) for key, (_label, condition) in CATALOGUING_GAPS.items()}
    )
    changelist = reverse("admin:museum_exhibit_changelist")
    return [
        {"key": key, "label": label, "count": counts[key], "url": f"{changelist}?{urlencode({'gap': key})}"}
        for key, (label, _condition) in CATALOGUING_GAPS.items()
    ]
