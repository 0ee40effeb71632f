"""What delegations adds to an event's page: the registration link and livestream/recording links."""

from core.cache import cached_for_content
from core.sections import Section
from events.sections import event_page

from .models import RegistrationWindow, StreamLink


def _window_and_streams(event):
    return RegistrationWindow.objects.filter(event=event).first(), list(StreamLink.objects.filter(event=event))


def registration_on_event_page(request, event):
    # Kept until the events' content changes, which a save of a window or a link raises (apps.py): two queries an
    # event page saved. Whether the window still accepts registrations is asked on each visit.
    window, streams = cached_for_content(
        f"event-delegations:{event.pk}", lambda: _window_and_streams(event), reads=("events",)
    )
    if window is None and not streams:
        return None
    return Section(
        "delegations/sections/event_registration.html",
        {"registration_window": window if window and window.accepts() else None, "stream_links": streams},
    )


def register():
    event_page.register(registration_on_event_page, order=5)
