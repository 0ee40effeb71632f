"""Private files: handed out only by this view, and only to whom the owning model allows.

Files in the private storage have no public address. Their `.url` is this view's address (core.storages),
named by the stored name, `<app>/<model>/<random>.<ext>`. The model says who may download which of its
private files, in a class attribute: `private_files = {"photo": staff_with_view_permission}` (a function of
user and record, or the name of a method taking the user). Anything else, or anyone else, is a 404.

In production the web server can send the bytes (PRIVATE_MEDIA_SERVE = "x-accel-redirect" for nginx and
Caddy, "x-sendfile" for Apache), or an S3 bucket can ("redirect", core.storages_s3), after this view has
checked; docs/operations.md shows the configuration.
"""

import mimetypes
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe


def staff_with_view_permission(user, obj):
    """Image originals and other staff-only files: staff who may view the record."""
    meta = obj._meta
    return user.is_active and user.is_staff and user.has_perm(f"{meta.app_label}.view_{meta.model_name}")


def find_private_file(name):
    """(record, field name, rule) for a stored private file name, or None."""
    parts = PurePosixPath(name).parts
    if len(parts) != 3 or ".." in parts:
        return None
    try:
        model = apps.get_model(parts[0], parts[1])
    except (LookupError, ValueError):
        return None
    for field, rule in getattr(model, "private_files", {}).items():
        obj = model._base_manager.filter(**{field: name}).first()
        if obj is not None:
            return obj, field, rule
    return None


def may_download(user, obj, rule):
    return rule(user, obj) if callable(rule) else getattr(obj, rule)(user)


@require_safe
def private_file(request, name):
    found = find_private_file(name)
    if found is None or not may_download(request.user, *found[::2]):
        raise Http404
    obj, field, _rule = found
    file = getattr(obj, field)
    suffix = PurePosixPath(file.name).suffix
    filename = f"{slugify(str(obj))[:80] or obj._meta.model_name}{suffix}"
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    mode = settings.PRIVATE_MEDIA_SERVE
    if mode == "redirect" and hasattr(file.storage, "signed_url"):
        # An object store (core.storages_s3): a short-lived signed address, with these same headers.
        response = HttpResponseRedirect(
            file.storage.signed_url(file.name, filename=filename, content_type=content_type)
        )
        add_never_cache_headers(response)
        return response
    if mode == "x-accel-redirect":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_INTERNAL_URL.rstrip("/") + "/" + file.name
    elif mode == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = file.path
    else:
        try:
            response = FileResponse(file.open("rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404 from None
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    # Opened in the browser despite the attachment header, it still runs nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response
