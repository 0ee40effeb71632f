"""The foundation's own addresses: private files, served after a permission check (core.files)."""

from django.urls import path

from . import files

app_name = "core"

urlpatterns = [
    path("files/<path:name>", files.private_file, name="private_file"),
]
