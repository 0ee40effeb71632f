"""The admin site: a home page that tells each member of staff what needs attention, and the anniversary calendar."""

import datetime

from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from core.admin import ConstraintMessagesAdminMixin

from . import dashboard, user_admin
from .services import calendar_feed_reset, calendar_feed_token, calendar_feed_user


class PortalAdminSite(admin.AdminSite):
    """Django's admin site plus the staff dashboard; installed through `PortalAdminConfig`, so `admin.site` is it."""

    site_header = gettext_lazy("Harbin Sister Cities Portal")
    site_title = gettext_lazy("Harbin portal staff")
    index_title = gettext_lazy("Staff dashboard")

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every admin's forms name a broken database constraint in words (core.constraints), not by its name.
        admin_class = admin_class or admin.ModelAdmin
        if (admin_class.__module__, admin_class.__name__) == ("django.contrib.auth.admin", "UserAdmin"):
            # Django's own User admin, with the role in the form and an unlock button (harbin_portal/user_admin.py).
            admin_class = type(
                "PortalUserAdmin", (user_admin.PortalUserAdminMixin, admin_class), {"__module__": __name__}
            )
        if not issubclass(admin_class, ConstraintMessagesAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (ConstraintMessagesAdminMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def index(self, request, extra_context=None):
        ctx = dashboard.dashboard_for(request.user)
        if request.user.has_perm("cities.view_partnership"):
            token = calendar_feed_token(user=request.user)
            ctx["calendar_feed_url"] = request.build_absolute_uri(reverse("admin:anniversaries_feed", args=[token]))
        ctx.update(extra_context or {})
        return super().index(request, ctx)

    def get_urls(self):
        # Password reset by email for staff who forgot theirs (signed out, so outside admin_view).
        reset = {"extra_context": {"site_header": self.site_header, "site_title": self.site_title}}
        urls = [
            path(
                "password-reset/",
                auth_views.PasswordResetView.as_view(
                    success_url=reverse_lazy("admin:password_reset_done"),
                    email_template_name="admin/password_reset_email.txt",
                    subject_template_name="admin/password_reset_subject.txt",
                    **reset,
                ),
                name="password_reset",
            ),
            path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(**reset), name="password_reset_done"),
            path(
                "password-reset/<uidb64>/<token>/",
                auth_views.PasswordResetConfirmView.as_view(
                    success_url=reverse_lazy("admin:password_reset_complete"), **reset
                ),
                name="password_reset_confirm",
            ),
            path(
                "password-reset/done/",
                auth_views.PasswordResetCompleteView.as_view(**reset),
                name="password_reset_complete",
            ),
            path("anniversaries.ics", self.admin_view(self.anniversaries_ics), name="anniversaries_ics"),
            # No admin_view: calendar apps hold no session; the signed, revocable token is the credential.
            path("anniversaries/<str:token>.ics", self.anniversaries_feed, name="anniversaries_feed"),
            path(
                "anniversaries/reset-address/",
                self.admin_view(self.anniversaries_feed_reset),
                name="anniversaries_feed_reset",
            ),
        ]
        return urls + super().get_urls()

    def anniversaries_ics(self, request):
        """Round-number partnership anniversaries of the next five years, for staff calendars."""
        if not request.user.has_perm("cities.view_partnership"):
            raise PermissionDenied
        return _anniversary_calendar(request)

    @staticmethod
    @require_safe
    def anniversaries_feed(request, token):
        """The same calendar at a staff member's secret address; 404 for a wrong, reset or revoked one."""
        if calendar_feed_user(token=token) is None:
            raise Http404
        response = _anniversary_calendar(request)
        add_never_cache_headers(response)
        return response

    @staticmethod
    @require_POST
    def anniversaries_feed_reset(request):
        if not request.user.has_perm("cities.view_partnership"):
            raise PermissionDenied
        calendar_feed_reset(user=request.user)
        messages.success(
            request,
            _("Your calendar has a new address; the old one no longer works. Subscribe again with the new one."),
        )
        return HttpResponseRedirect(reverse("admin:index"))


def _anniversary_calendar(request):
    """Round-number partnership anniversaries of the next five years, as iCalendar."""
    calendar = Calendar()
    calendar.add("prodid", "-//Harbin Sister Cities Portal//anniversaries//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Partnership anniversaries"))
    host = request.get_host()
    for item in dashboard.anniversaries_ahead(years=5):
        partnership = item["partnership"]
        entry = CalendarEvent()
        entry.add("uid", f"anniversary-{partnership.pk}-{item['years']}@{host}")
        entry.add(
            "summary",
            _("%(years)d years: Harbin – %(city)s") % {"years": item["years"], "city": partnership.city.name},
        )
        entry.add("dtstart", item["date"])
        entry.add("dtend", item["date"] + datetime.timedelta(days=1))
        entry.add("dtstamp", datetime.datetime.now(tz=datetime.UTC))
        entry.add("description", _("Established %(date)s.") % {"date": partnership.established_display})
        calendar.add_component(entry)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="harbin-anniversaries.ics"'
    return response
