from django.urls import path

from . import views
from .feeds import EventFeed

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    # Before the detail pattern, so that "feed" is never read as an event's slug.
    path("feed/", EventFeed(), name="feed"),
    path("<slug:slug>.ics", views.event_ics, name="ics"),
    path("<slug:slug>/", views.event_detail, name="detail"),
]
