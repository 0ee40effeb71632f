from django.contrib import admin
from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("data/", views.data_page, name="data"),
    path("data/catalogue.jsonld", views.catalogue, name="catalogue"),
    path("data/<slug:dataset>.<str:fmt>", views.download, name="download"),
    # Staff only (admin login, the admin's look): not an open dataset.
    path("data/wikidata/", admin.site.admin_view(views.wikidata_report), name="wikidata_report"),
]
