"""Staff accounts as administrators keep them: the role picked in the same form, role and last sign-in in the
list, and a locked sign-in (django-axes) unlocked from the user's page."""

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .roles import ROLES

User = get_user_model()


def role_field():
    return forms.ChoiceField(
        label=_("role"),
        required=False,
        choices=[("", _("No role (cannot use the staff pages)"))] + [(name, name) for name in ROLES],
        help_text=_("What this person may do in the staff pages; picking a role lets them sign in here."),
    )


class RoleFormMixin:
    """Puts the user in exactly one role group (other groups are left alone) and makes them staff with it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["role"].initial = (
                self.instance.groups.filter(name__in=ROLES).values_list("name", flat=True).first() or ""
            )

    def save_role(self, user):
        role = self.cleaned_data.get("role")
        user.groups.remove(*Group.objects.filter(name__in=ROLES))
        if role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])


class PortalUserCreationForm(RoleFormMixin, AdminUserCreationForm):
    role = role_field()


class PortalUserChangeForm(RoleFormMixin, UserChangeForm):
    role = role_field()


class PortalUserAdminMixin:
    """Mixed into Django's UserAdmin by the admin site when django.contrib.auth registers it (importing UserAdmin
    here would import django.contrib.auth.admin while the admin site is being built)."""

    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "role", "usable_password", "password1", "password2"),
            },
        ),
    )
    fieldsets = (
        (None, {"fields": ("username", "password", "sign_in_lock")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Role"), {"fields": ("role", "is_active", "is_staff", "is_superuser")}),
        (_("Groups and single permissions"), {"classes": ("collapse",), "fields": ("groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["sign_in_lock", "last_login", "date_joined"]
    list_display = ["username", "full_name", "email", "roles", "last_login", "is_active"]
    list_filter = ["groups", "is_active", "is_superuser"]
    ordering = ["username"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the groups field (if shown) is saved, so the role picked wins.
        form.save_role(form.instance)
        if form.cleaned_data.get("role") and not form.instance.is_staff:
            form.instance.is_staff = True
            form.instance.save(update_fields=["is_staff"])

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, user):
        return user.get_full_name()

    @admin.display(description=_("role"))
    def roles(self, user):
        names = [group.name for group in user.groups.all() if group.name in ROLES]
        if user.is_superuser:
            names.append(gettext("superuser"))
        return ", ".join(names) or "—"

    @admin.display(description=_("sign-in lock"))
    def sign_in_lock(self, user):
        if user.pk is None:
            return "—"
        failures = AccessAttempt.objects.filter(username=user.get_username()).aggregate(n=Max("failures_since_start"))
        if not failures["n"]:
            return gettext("Not locked.")
        if failures["n"] >= settings.AXES_FAILURE_LIMIT:
            state = gettext("Locked after %(count)d failed sign-ins.") % {"count": failures["n"]}
        else:
            state = gettext("%(count)d failed sign-ins recorded; not locked yet.") % {"count": failures["n"]}
        # The button submits this form to the unlock address (no form may sit inside the change form).
        return format_html(
            '{} <button type="submit" class="button" formaction="{}" formnovalidate>{}</button>',
            state,
            reverse("admin:auth_user_unlock", args=[user.pk]),
            gettext("Unlock sign-in"),
        )

    def get_urls(self):
        unlock = self.admin_site.admin_view(require_POST(self.unlock_view))
        return [path("<int:object_id>/unlock/", unlock, name="auth_user_unlock"), *super().get_urls()]

    def unlock_view(self, request, object_id):
        user = get_object_or_404(User, pk=object_id)
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        axes_reset(username=user.get_username())
        messages.success(request, gettext("%(user)s can sign in again.") % {"user": user.get_username()})
        return HttpResponseRedirect(reverse("admin:auth_user_change", args=[user.pk]))
