from django.urls import path  # noqa: F401

# Paths outside the language prefix: /api/, /oai/, /iiif/.
app_name = "opendata_root"

urlpatterns = []
