"""What the admin home shows each member of staff: what needs attention, within what they may view.

Every section runs a fixed number of queries whatever the number of records (one or two each).
"""

from django.apps import apps
from django.db.models import CharField, Count, F, Q, Value
from django.db.models.functions import Cast, ExtractYear
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext
from simple_history.utils import NotHistoricalModelError, get_history_model_for_model

from cities.models import City, Partnership, PartnershipState, add_years
from core.dates import format_partial_date
from events.models import Event
from events.selectors import with_last_activity
from museum.admin_filters import cataloguing_gaps
from museum.models import Exhibit, ObjectType, Room
from museum.selectors import loans_due

DOMAIN_APPS = ("cities", "events", "museum")
UPCOMING_EVENTS = 8
RECENT_CHANGES = 12
DORMANT_LISTED = 15
CHART_YEARS = 10


# --- Partnerships: anniversaries ahead and partners gone quiet ---------------------------------


def partnership_watch(today=None):
    """(anniversaries, dormant, unrecorded) from one query.

    anniversaries: [{partnership, years, date, when}] round-number anniversaries within the next 12 months, soonest
    first; `when` is the date as precisely as the founding date is known ("2026" rather than a past 1 January).
    dormant: [partnership] active partnerships whose last recorded activity is 24 months old or more, longest quiet
    first. unrecorded: active partnerships with no date at all (no founding date, no activity): not known to be
    dormant, just not recorded.
    """
    today = today or timezone.localdate()
    horizon = add_years(today, 1)
    anniversaries, dormant, unrecorded = [], [], []
    partnerships = with_last_activity(Partnership.objects.exclude(state=PartnershipState.ENDED)).select_related("city")
    for partnership in partnerships:
        upcoming = partnership.next_anniversary(today=today)
        if upcoming and upcoming[1] < horizon:
            anniversaries.append(
                {
                    "partnership": partnership,
                    "years": upcoming[0],
                    "date": upcoming[1],
                    "when": format_partial_date(upcoming[1], partnership.established_precision),
                }
            )
        if partnership.is_dormant(today=today):
            if partnership.established_on is None and getattr(partnership, "last_activity_on", None) is None:
                unrecorded.append(partnership)
            else:
                dormant.append(partnership)
    anniversaries.sort(key=lambda a: (a["date"], str(a["partnership"].city)))
    dormant.sort(key=lambda p: (p.last_activity_on or p.established_on, p.city.name))
    unrecorded.sort(key=lambda p: p.city.name)
    return anniversaries, dormant, unrecorded


def anniversaries_ahead(today=None, years=1):
    """Every round-number anniversary in the next `years` years, for the staff calendar (one query)."""
    today = today or timezone.localdate()
    horizon = add_years(today, years)
    found = []
    partnerships = Partnership.objects.exclude(state=PartnershipState.ENDED).select_related("city")
    for partnership in partnerships.filter(established_on__isnull=False):
        upcoming = partnership.next_anniversary(today=today)
        while upcoming and upcoming[1] < horizon:
            found.append({"partnership": partnership, "years": upcoming[0], "date": upcoming[1]})
            upcoming = (upcoming[0] + 5, add_years(partnership.established_on, upcoming[0] + 5))
    return sorted(found, key=lambda a: a["date"])


# --- Recent changes across every domain model -----------------------------------------------

# What names a historical row in the list, where the model has neither `title` nor `name`.
_LABEL_FIELDS = {
    "cities.partnership": "city__name",
    "cities.cityfigure": "label",
    "events.participation": "city__name",
    "events.eventphoto": "caption",
    "museum.exhibit": "accession_number",
    "museum.exhibitimage": "exhibit__accession_number",
    "museum.movement": "exhibit__accession_number",
    "museum.loan": "number",
    "museum.conditioncheck": "exhibit__accession_number",
    "museum.valuation": "exhibit__accession_number",
    "museum.deaccession": "exhibit__accession_number",
}


def _history_models():
    for app_label in DOMAIN_APPS:
        for model in apps.get_app_config(app_label).get_models():
            try:
                yield model, get_history_model_for_model(model)
            except NotHistoricalModelError:
                continue


def _label_field(model):
    label = model._meta.label_lower
    if label in _LABEL_FIELDS:
        return _LABEL_FIELDS[label]
    names = {f.name for f in model._meta.get_fields()}
    return next((n for n in ("title", "name") if n in names), "pk")


def recent_changes(user, limit=RECENT_CHANGES):
    """The latest history rows across the models `user` may view, newest first: one UNION query."""
    parts, models_by_label = [], {}
    for model, history_model in _history_models():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        models_by_label[opts.label_lower] = model
        parts.append(
            history_model.objects.order_by()
            .annotate(
                model_label=Value(opts.label_lower, output_field=CharField()),
                object_label=Cast(F(_label_field(model)), output_field=CharField()),
                username=F("history_user__username"),
                object_id=F("id"),
            )
            .values(
                "history_id", "history_date", "history_type", "object_id", "username", "model_label", "object_label"
            )
        )
    if not parts:
        return []
    rows = parts[0].union(*parts[1:], all=True).order_by("-history_date")[:limit]
    changes = []
    for row in rows:
        model = models_by_label[row["model_label"]]
        url = None
        if row["history_type"] != "-":
            try:
                url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[row["object_id"]])
            except NoReverseMatch:
                url = None
        changes.append(
            {
                "when": row["history_date"],
                "who": row["username"] or "",
                "what": {"+": _("added"), "~": _("changed"), "-": _("deleted")}.get(row["history_type"], ""),
                "model": model._meta.verbose_name,
                "object": row["object_label"] or "",
                "url": url,
            }
        )
    return changes


# --- Counts and a chart ------------------------------------------------------------------------


def bar_chart(rows, width=480, bar_area=150, label_height=74, left=60):
    """Geometry for a small SVG bar chart: rows are (label, value). The template only draws it.

    Labels are set at an angle under their bar so that ten names never overlap; `left` leaves room for the
    first one, which reaches down and to the left.
    """
    rows = list(rows)
    if not rows:
        return None
    top = max(value for _label, value in rows) or 1
    slot = width / len(rows)
    bars = []
    for i, (label, value) in enumerate(rows):
        height = round(bar_area * value / top, 1)
        bars.append(
            {
                "label": label,
                "value": value,
                "x": round(left + i * slot + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": round(20 + bar_area - height, 1),
                "height": height,
                "centre": round(left + i * slot + slot / 2, 1),
                "value_y": round(20 + bar_area - height - 4, 1),
            }
        )
    return {
        "width": left + width,
        "height": 20 + bar_area + label_height,
        "baseline": 20 + bar_area,
        "label_y": 20 + bar_area + 12,
        "bars": bars,
    }


def events_per_year(today=None):
    today = today or timezone.localdate()
    first = today.year - CHART_YEARS + 2
    counts = dict(
        Event.objects.filter(starts_on__year__gte=first)
        .order_by()
        .annotate(year=ExtractYear("starts_on"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    return bar_chart((str(year), counts.get(year, 0)) for year in range(first, today.year + 2))


def exhibits_per_object_type():
    types = ObjectType.objects.annotate(n=Count("exhibits")).filter(n__gt=0).order_by("-n", "name")[:10]
    return bar_chart((t.name, t.n) for t in types)


def counts(user):
    """[{label, count, url}] for the record kinds `user` may view (one COUNT each)."""
    kinds = [
        # Label with the number's plural form: Russian has three. The "count" context keeps these apart from the
        # same words used as labels (verbose names, the map legend): Chinese needs a measure word only after a number.
        (lambda n: npgettext("count", "partner city", "partner cities", n), City.objects.partners(), City),
        (lambda n: npgettext("count", "partnership", "partnerships", n), Partnership.objects.all(), Partnership),
        (lambda n: npgettext("count", "event", "events", n), Event.objects.all(), Event),
        (lambda n: npgettext("count", "room", "rooms", n), Room.objects.all(), Room),
        (lambda n: npgettext("count", "exhibit", "exhibits", n), Exhibit.objects.all(), Exhibit),
    ]
    found = []
    for label, queryset, model in kinds:
        opts = model._meta
        if user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            count = queryset.count()
            found.append({"label": label(count), "count": count, "url": url})
    return found


# Published records whose English text has no Chinese or Russian yet: (model, translated fields shown to visitors).
TRANSLATED_ON_PAGES = [
    (City, ("name", "description")),
    (Event, ("title", "summary", "body")),
    (Room, ("name", "description")),
    (Exhibit, ("object_name", "title", "brief_description")),
]
UNTRANSLATED_LISTED = 5


def _lacking(language, fields):
    """Q: some field has English text and nothing in `language` (the page then shows English, marked lang="en")."""
    condition = Q()
    for field in fields:
        empty = Q(**{f"{field}_{language}": ""}) | Q(**{f"{field}_{language}__isnull": True})
        condition |= Q(**{f"{field}_en__gt": ""}) & empty
    return condition


def untranslated(user):
    """[{label, zh, ru, records}] per kind `user` may change: how many published records lack Chinese or Russian."""
    found = []
    for model, fields in TRANSLATED_ON_PAGES:
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            continue
        published = model.objects.published()
        zh, ru = _lacking("zh_hans", fields), _lacking("ru", fields)
        missing = published.filter(zh | ru)
        records = [
            {"name": str(record), "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])}
            for record in missing.order_by("pk")[:UNTRANSLATED_LISTED]
        ]
        found.append(
            {
                "label": opts.verbose_name_plural,
                "zh": published.filter(zh).count(),
                "ru": published.filter(ru).count(),
                "records": records,
            }
        )
    return [item for item in found if item["zh"] or item["ru"]]


# --- Everything for one person -------------------------------------------------------------------


def dashboard_for(user, today=None):
    """The admin home's context for `user`: only sections about what they may view."""
    today = today or timezone.localdate()
    ctx = {
        "today": today,
        "counts": counts(user),
        "recent_changes": recent_changes(user),
        "untranslated": untranslated(user),
    }
    if user.has_perm("cities.view_partnership"):
        ctx["anniversaries"], dormant, ctx["unrecorded"] = partnership_watch(today)
        # The longest quiet first; the rest are counted, not listed, so the page stays short.
        ctx["dormant"], ctx["dormant_more"] = dormant[:DORMANT_LISTED], max(0, len(dormant) - DORMANT_LISTED)
        ctx["calendar_url"] = reverse("admin:anniversaries_ics")
    if user.has_perm("cities.view_city"):
        ctx["wikidata_report_url"] = reverse("opendata:wikidata_report")
    if user.has_perm("events.view_event"):
        ctx["upcoming_events"] = list(
            Event.objects.upcoming(today).select_related("host_city").order_by("starts_on", "title")[:UPCOMING_EVENTS]
        )
        ctx["events_chart"] = events_per_year(today)
    if user.has_perm("museum.view_loan"):
        ctx["loans_due"] = loans_due(today)
    if user.has_perm("museum.view_exhibit"):
        ctx["cataloguing_gaps"] = cataloguing_gaps()
        ctx["exhibits_chart"] = exhibits_per_object_type()
    return ctx
