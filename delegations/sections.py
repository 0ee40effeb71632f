"""What delegations adds to an event's page: the registration link and livestream/recording links."""

from core.sections import Section
from events.sections import event_page

from .models import RegistrationWindow, StreamLink


def registration_on_event_page(request, event):
    window = RegistrationWindow.objects.filter(event=event).first()
    streams = list(StreamLink.objects.filter(event=event))
    if window is None and not streams:
        return None
    return Section(
        "delegations/sections/event_registration.html",
        {"registration_window": window if window and window.accepts() else None, "stream_links": streams},
    )


def register():
    event_page.register(registration_on_event_page, order=5)
