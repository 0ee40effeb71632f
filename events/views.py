import itertools
from functools import partial

from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.cache import cached_for_content, kept_for_visitors
from core.cards import Keyed
from core.dates import DatePrecision, site_time_zone
from core.pagination import Chain, Whole, page_of_named
from core.planning import plans_each_search
from core.publishing import visible

from .apps import READS
from .calendars import event_calendar, events_calendar
from .filters import EventFilter
from .models import Event, Participant, ParticipationRole
from .sections import event_page

EVENTS_PER_PAGE = 20
WHEN_CHOICES = ("upcoming", "past")


@require_safe
@plans_each_search
def event_list(request):
    when = request.GET.get("when", "")
    if when not in WHEN_CHOICES:
        when = ""
    events = Event.objects.visible_to(request.user).for_list()
    filterset = EventFilter(request.GET or None, queryset=events)
    # The page's keys, kept under what chose them (the filters, the tab and today's date, which splits upcoming
    # from past); whole events are loaded only for the cards not kept.
    today = timezone.localdate()
    kept_as = f"events:{when}:{today.isoformat()}:{filterset.chosen()}"
    sections = None
    if when:
        page_obj = page_of_named(request, kept_as, partial(_in_order, filterset, when, today), EVENTS_PER_PAGE, READS)
        page_obj.object_list = Keyed(page_obj.object_list, events)
    else:
        # Each row is (pk, whether upcoming), for the list in its parts.
        rows = partial(_in_parts, filterset, today)
        page_obj = page_of_named(request, kept_as, rows, EVENTS_PER_PAGE, READS)
        sections = _sections(page_obj.object_list, events)
    ctx = {
        "filter": filterset,
        "page_obj": page_obj,
        "events": page_obj.object_list,
        # Upcoming, then past: (whether upcoming, the page's events in it), for the list in its three parts.
        "sections": sections,
        "when": when,
        "is_filtered": any(request.GET.get(name) for name in filterset.filters),
    }
    return render(request, "events/event_list.html", ctx)


def _in_order(filterset, when, today):
    """The keys of the events the filters choose, upcoming (soonest first) or past (latest first)."""
    if when == "upcoming":
        ordered = filterset.qs.upcoming(today).order_by("starts_on", "title", "pk")
    else:
        ordered = filterset.qs.past(today).order_by("-starts_on", "title", "pk")
    return ordered.values_list("pk", flat=True)


def _in_parts(filterset, today):
    """The events the filters choose, as (pk, is_upcoming) rows, in the list's parts (`Event.list_parts`)."""
    return Chain([_keys(part) for part in filterset.qs.list_parts(today)])


def _keys(part):
    """A part of the events list as (pk, is_upcoming) rows."""
    if isinstance(part, Whole):
        return Whole(part.queryset.values_list("pk", "is_upcoming"))
    return part.values_list("pk", "is_upcoming")


def _sections(rows, events):
    """[(whether upcoming, the events in that part of the page)]; the parts load their events together."""
    groups = [(is_upcoming, [pk for pk, _ in group]) for is_upcoming, group in itertools.groupby(rows, lambda r: r[1])]
    parts = Keyed([pk for pk, _ in rows], events).parts([pks for _, pks in groups])
    return [(is_upcoming, part) for (is_upcoming, _), part in zip(groups, parts, strict=True)]


def _event_for(request, slug):
    """The event at `slug` with its host city and series, or 404; kept until the events or the cities change (a
    slug has no character a cache key may not hold)."""
    events = Event.objects.visible_to(request.user).select_related("host_city", "series")
    event = kept_for_visitors(request.user, f"event-record:{slug}", lambda: events.filter(slug=slug).first(), READS)
    if event is None:
        raise Http404
    return event


def _programme_by_day(sessions):
    """[(day, [sessions])] with days and times in Harbin's time zone, whatever the server's."""
    return [
        (day, list(group))
        for day, group in itertools.groupby(
            sessions, key=lambda session: timezone.localtime(session.starts_at, site_time_zone()).date()
        )
    ]


_ROLE_ORDER = Case(
    *(When(role=role, then=Value(rank)) for rank, role in enumerate(ParticipationRole.values)),
    output_field=IntegerField(),
)


def _event_lists(event):
    """The event's participations (hosts first, then by city), participants, programme sessions and photos."""
    return (
        list(
            event.participations.select_related("city")
            .annotate(role_rank=_ROLE_ORDER)
            .order_by("role_rank", "city__name")
        ),
        list(Participant.objects.filter(event=event).select_related("city")),
        list(event.sessions.order_by("starts_at", "pk")),
        list(event.photos.all()),
    )


@require_safe
def event_detail(request, slug):
    event = _event_for(request, slug)
    user = request.user
    # What the page lists of the event is kept until the content changes (drafts are left out per visitor below).
    every_participation, participants, sessions, photos = cached_for_content(
        f"event-page:{event.pk}", lambda: _event_lists(event), reads=READS
    )
    participations = [participation for participation in every_participation if visible(participation.city, user)]
    ctx = {
        "event": event,
        "object": event,
        "series": visible(event.series, user),
        "host_city": visible(event.host_city, user),
        "participations": participations,
        "participants": participants,
        "programme": _programme_by_day(sessions),
        "programme_time_zone": site_time_zone().key,
        "photos": photos,
        "sections": event_page.collect(request, event),
        "json_ld": _event_json_ld(request, event, visible(event.host_city, user), participations),
    }
    return render(request, "events/event_detail.html", ctx)


def _schema_date(day, precision):
    if precision == DatePrecision.YEAR:
        return f"{day.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _event_json_ld(request, event, host_city, participations):
    """schema.org Event for search engines; dates known only to the month are given as YYYY-MM."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": _schema_date(event.starts_on, event.date_precision),
        "endDate": _schema_date(event.last_day, event.date_precision),
        "url": request.build_absolute_uri(event.get_absolute_url()),
    }
    if event.summary:
        data["description"] = event.summary
    if host_city or event.venue:
        place = {"@type": "Place", "name": event.venue or host_city.name}
        if host_city:
            place["address"] = {
                "@type": "PostalAddress",
                "addressLocality": host_city.name,
                "addressCountry": host_city.country.code,
            }
        data["location"] = place
    if event.organiser_list:
        data["organizer"] = [{"@type": "Organization", "name": name} for name in event.organiser_list]
    if participations:
        data["attendee"] = [_city_json_ld(request, participation.city) for participation in participations]
    if event.cover_large:
        data["image"] = request.build_absolute_uri(event.cover_large.url)
    return data


def _city_json_ld(request, city):
    return {"@type": "City", "name": city.name, "url": request.build_absolute_uri(city.get_absolute_url())}


def _ics_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def event_ics(request, slug):
    event = _event_for(request, slug)
    sessions = event.sessions.order_by("starts_at", "pk")
    return _ics_response(event_calendar(request, event, sessions), f"{event.slug}.ics")


@require_safe
def calendar_all(request):
    events = Event.objects.published().select_related("host_city").order_by("starts_on", "pk")
    return _ics_response(events_calendar(request, events), "harbin-events.ics")
