"""iCalendar (RFC 5545) files for one event with its programme, and for all published events."""

import datetime

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import is_exact, site_time_zone
from core.publishing import visible

PRODID = "-//Harbin Sister Cities Portal//Events//EN"
UID_DOMAIN = "harbin-sister-cities"


def event_days(event):
    """(first day, exclusive end day) of an event as an all-day calendar entry, or None when the day is not known.

    A calendar can only say "these days": an event known to the month, the year or as "before 25 January" would
    become a block claiming days the source never gave, so calendars leave it out (its page still shows it).
    """
    if not is_exact(event.date_precision):
        return None
    return event.starts_on, event.last_day + datetime.timedelta(days=1)


def _new_calendar(name):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _dtstamp(record):
    return (record.updated or timezone.now()).astimezone(datetime.UTC)


def _location(request, place, event):
    """The place and the host city, when the calendar's reader may see the city."""
    host_city = visible(event.host_city, request.user)
    return ", ".join(part for part in (place, host_city.name if host_city else "") if part)


def _event_component(request, event):
    first, end = event_days(event)
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{UID_DOMAIN}")
    component.add("dtstamp", _dtstamp(event))
    component.add("dtstart", first)
    component.add("dtend", end)
    component.add("summary", event.title)
    if event.summary:
        component.add("description", event.summary)
    location = _location(request, event.venue, event)
    if location:
        component.add("location", location)
    component.add("url", request.build_absolute_uri(event.get_absolute_url()))
    component.add("categories", [event.get_kind_display()])
    return component


def _session_component(request, event, session):
    component = icalendar.Event()
    component.add("uid", f"session-{session.pk}@{UID_DOMAIN}")
    component.add("dtstamp", _dtstamp(event))
    component.add("dtstart", timezone.localtime(session.starts_at, site_time_zone()))
    if session.ends_at:
        component.add("dtend", timezone.localtime(session.ends_at, site_time_zone()))
    component.add("summary", f"{session.title} ({event.title})")
    if session.speakers:
        component.add("description", _("Speakers: %(names)s") % {"names": ", ".join(session.speakers.splitlines())})
    location = _location(request, session.place, event)
    if location:
        component.add("location", location)
    component.add("url", request.build_absolute_uri(event.get_absolute_url()))
    component.add("related-to", f"event-{event.pk}@{UID_DOMAIN}")
    return component


def event_calendar(request, event, sessions):
    """The event as an all-day entry, and each programme session as its own timed entry."""
    cal = _new_calendar(event.title)
    sessions = list(sessions)
    if sessions:
        days = [timezone.localtime(s.starts_at, site_time_zone()).date() for s in sessions]
        cal.add_component(
            icalendar.Timezone.from_tzid(
                site_time_zone().key,
                first_date=min(days) - datetime.timedelta(days=1),
                last_date=max(days) + datetime.timedelta(days=366),
            )
        )
    if event_days(event):
        cal.add_component(_event_component(request, event))
    for session in sessions:
        cal.add_component(_session_component(request, event, session))
    return cal


def events_calendar(request, events):
    cal = _new_calendar(_("Harbin Sister Cities: events"))
    for event in events:
        if event_days(event):
            cal.add_component(_event_component(request, event))
    return cal
