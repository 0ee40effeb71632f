"""CSV/XLSX import and export of events with their participating cities, matched by the event's slug.

The participating cities travel in one column as `city-slug:role` pairs separated by semicolons,
e.g. "edmonton:guest;rovaniemi:guest"; importing creates, updates and removes Participation rows to match.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields

from cities.models import City
from core.resources import NaturalKeyResource, SlugWidget

from .models import Event, EventSeries, Participation, ParticipationRole

PARTICIPATIONS_COLUMN = "participating_cities"


def parse_participations(text):
    """'edmonton:guest;rovaniemi' -> {City: role}; a missing role means a delegation. Raises ValidationError."""
    wanted, errors = {}, []
    for item in (text or "").replace("\n", ";").split(";"):
        item = item.strip()
        if not item:
            continue
        slug, _sep, role = (part.strip() for part in item.partition(":"))
        role = role or ParticipationRole.DELEGATION
        if role not in ParticipationRole.values:
            errors.append(
                _("“%(role)s” is not a role (use %(roles)s).")
                % {"role": role, "roles": ", ".join(ParticipationRole.values)}
            )
        wanted[slug] = role
    cities = {city.slug: city for city in City.objects.filter(slug__in=wanted)}
    errors += [_("No city with slug “%(slug)s”.") % {"slug": slug} for slug in wanted if slug not in cities]
    if errors:
        raise ValidationError(errors)
    return {cities[slug]: role for slug, role in wanted.items()}


def format_participations(participations):
    return ";".join(f"{p.city.slug}:{p.role}" for p in participations)


class EventResource(NaturalKeyResource):
    series = fields.Field(attribute="series", column_name="series", widget=SlugWidget(EventSeries))
    host_city = fields.Field(attribute="host_city", column_name="host_city", widget=SlugWidget(City))
    # No attribute: read and written by the hooks below, not set on the Event.
    participating_cities = fields.Field(column_name=PARTICIPATIONS_COLUMN, readonly=False)

    class Meta(NaturalKeyResource.Meta):
        model = Event
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title_en",
            "title_zh_hans",
            "title_ru",
            "kind",
            "series",
            "starts_on",
            "date_precision",
            "ends_on",
            "venue_en",
            "venue_zh_hans",
            "venue_ru",
            "host_city",
            "participating_cities",
            "theme_en",
            "summary_en",
            "outcomes_en",
            "organisers_en",
            "status",
            "source",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("series", "host_city").prefetch_related("participations__city")

    def dehydrate_participating_cities(self, event):
        return format_participations(event.participations.all())

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if PARTICIPATIONS_COLUMN in row:
            try:
                instance._imported_participations = parse_participations(row[PARTICIPATIONS_COLUMN])
            except ValidationError as e:
                errors[PARTICIPATIONS_COLUMN] = e.messages
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        wanted = getattr(instance, "_imported_participations", None)
        if wanted is None or original.pk is None:
            return True
        current = {p.city_id: p.role for p in original.participations.all()}
        return current == {city.pk: role for city, role in wanted.items()}

    def after_save_instance(self, instance, row, **kwargs):
        wanted = getattr(instance, "_imported_participations", None)
        if wanted is None or (kwargs.get("dry_run") and not kwargs.get("using_transactions")):
            return
        instance.participations.exclude(city__in=list(wanted)).delete()
        existing = {p.city_id: p for p in instance.participations.all()}
        for city, role in wanted.items():
            participation = existing.get(city.pk)
            if participation is None:
                Participation.objects.create(event=instance, city=city, role=role)
            elif participation.role != role:
                participation.role = role
                participation.save(update_fields=["role"])
