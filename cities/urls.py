from django.urls import path

from . import views

app_name = "cities"

# Included at the site's root (under the language prefix): Harbin's own profile sits beside the directory.
urlpatterns = [
    path("harbin/", views.harbin, name="harbin"),
    path("cities/", views.city_list, name="list"),
    path("cities/<slug:slug>/", views.city_detail, name="detail"),
]
