from django.urls import path

from . import views

app_name = "delegations"

# Included at the site's root under the language prefix, beside events' own /events/<slug>/ paths.
urlpatterns = [
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("events/<slug:slug>/register/thanks/", views.thanks, name="thanks"),
    path("events/<slug:slug>/programme.pdf", views.programme_pdf, name="programme_pdf"),
    path("events/<slug:slug>/check-in/", views.check_in, name="check_in"),
    path("delegation/<str:token>/", views.register_members, name="members"),
    path("registration/<str:token>/", views.edit, name="edit"),
    path("letters/verify/<str:token>/", views.letter_verify, name="letter_verify"),
]
