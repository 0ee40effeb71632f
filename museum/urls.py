from django.urls import path

from . import views

app_name = "museum"

urlpatterns = [
    path("", views.museum_index, name="index"),
    path("rooms/<slug:slug>/", views.room_detail, name="room"),
    path("exhibits/", views.exhibit_list, name="exhibits"),
    path("exhibits/<str:accession_number>/", views.exhibit_detail, name="exhibit"),
]
