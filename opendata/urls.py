from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("data/", views.data_page, name="data"),
    path("data/catalogue.jsonld", views.catalogue, name="catalogue"),
    path("data/<slug:dataset>.<str:fmt>", views.download, name="download"),
]
