from django.urls import path

from . import views
from .feeds import EventFeed

app_name = "events"

# Included at the site's root (under the language prefix), so the whole calendar can sit beside the list.
urlpatterns = [
    path("events.ics", views.calendar_all, name="calendar"),
    path("events/", views.event_list, name="list"),
    # Before the detail pattern, so that "feed" is never read as an event's slug.
    path("events/feed/", EventFeed(), name="feed"),
    path("events/<slug:slug>.ics", views.event_ics, name="ics"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
]
