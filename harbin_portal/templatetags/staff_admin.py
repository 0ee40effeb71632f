"""What the admin's 'access denied' page tells a member of staff: which role the page needs and who grants it."""

from django import template
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import Resolver404, resolve

from harbin_portal.roles import ADMINISTRATORS, ROLES, allowed_actions

register = template.Library()

ADMIN_PREFIX = "/admin/"

# The permission an admin page needs, by the end of its URL name.
ACTION_BY_VIEW = {
    "changelist": "view",
    "change": "view",
    "history": "view",
    "export": "view",
    "add": "add",
    "import": "add",
    "process_import": "add",
    "delete": "delete",
}


@register.filter
def is_admin_path(path):
    return isinstance(path, str) and path.startswith(ADMIN_PREFIX)


@register.simple_tag(takes_context=True)
def admin_access_help(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "roles": _roles_for(request.path) if request else [],
        "your_roles": list(user.groups.values_list("name", flat=True)) if user and user.is_authenticated else [],
        "granters": _granters(),
    }


def _roles_for(path):
    """The roles whose permissions open the model admin page at `path` (Administrators last)."""
    try:
        match = resolve(path)
    except Resolver404:
        return []
    model_admin = getattr(match.func, "model_admin", None)
    if model_admin is None or not match.url_name:
        return []
    action = ACTION_BY_VIEW.get(match.url_name.rsplit("_", 1)[-1], "view")
    label = model_admin.opts.label_lower
    return [role for role in ROLES if action in allowed_actions(role, label)]


def _granters():
    people = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__name=ADMINISTRATORS))
        .distinct()
        .order_by("last_name", "username")[:5]
    )
    return [{"name": person.get_full_name() or person.get_username(), "email": person.email} for person in people]
