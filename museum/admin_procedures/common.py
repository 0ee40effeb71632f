"""Shared pieces of the procedures' admin: private file answers, error messages."""

import os

from django import forms
from django.http import FileResponse, Http404


class PrivateFileInput(forms.FileInput):
    """A file input that never renders the stored file's address: private files have none."""


def private_file_response(field_file):
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=os.path.basename(field_file.name))
    response["Cache-Control"] = "private, no-store"
    return response


def messages_of(error):
    return " ".join(error.messages) if hasattr(error, "messages") else str(error)
