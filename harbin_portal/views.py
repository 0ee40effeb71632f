from django.contrib.sessions.models import Session
from django.db.models import F, Prefetch, Q
from django.db.utils import DatabaseError
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cities.models import City
from cities.services import public_partner_counts, published_home
from core.cache import cached_for_content
from core.cards import Keyed
from core.dates import site_time_zone
from core.planning import plans_each_search
from events.apps import READS as EVENT_READS
from events.models import Event
from museum.models import Exhibit, ExhibitImage, Room
from museum.selectors import the_museum

from .templatetags.staff_admin import is_admin_path


@require_safe
def home(request):
    harbin = published_home()
    partners = City.objects.public_partners()
    counts = public_partner_counts()
    ctx = {
        "harbin": harbin,
        "partner_count": counts["partners"],
        "country_count": counts["countries"],
        # Evaluated by the {% world_map %} tag (which keeps the drawn map until the content changes); only what a
        # marker shows.
        "map_cities": partners.only("name", "slug", "country", "latitude", "longitude", "is_home"),
        # Kept until the content changes, and for the day only (what is upcoming depends on the date).
        "latest_events": cached_for_content(
            f"home-latest-events:{timezone.localdate(timezone=site_time_zone())}", _latest_events, reads=EVENT_READS
        ),
        "museum": the_museum(),
    }
    return render(request, "harbin_portal/home.html", ctx)


def _latest_events(size=4):
    """The next upcoming events (soonest first), then the most recent past ones: never the furthest future first.

    The order of the events list, in the short indexed queries of `Event.objects.list_parts`, each asked only
    while the list is not full.
    """
    today = timezone.localdate(timezone=site_time_zone())
    found = []
    for part in Event.objects.published().select_related("host_city").list_parts(today):
        if len(found) < size:
            found += part[: size - len(found)]
    return found


@require_safe
def accessibility(request):
    """The accessibility statement (EU Web Accessibility Directive, EN 301 549), in every language."""
    return render(request, "harbin_portal/accessibility.html")


SEARCH_GROUP_SIZE = 20


@require_safe
@plans_each_search
def search(request):
    q = request.GET.get("q", "").strip()[:100]
    ctx = {"q": q, "groups": []}
    if q:
        user = request.user
        exhibits = (
            Exhibit.objects.visible_to(user)
            .search(q)
            .select_related("origin_city")
            .prefetch_related(Prefetch("images", ExhibitImage.objects.filter(is_primary=True), to_attr="primary"))
            .order_by("accession_sort")
        )
        ctx["groups"] = [
            _search_group("cities", _("Cities"), City.objects.visible_to(user).search(q).order_by("name")),
            _search_group(
                "events",
                _("Events"),
                Event.objects.visible_to(user).search(q).select_related("host_city").order_by("-starts_on"),
            ),
            _search_group("rooms", _("Museum rooms"), _rooms_matching(user, q)),
            _search_group("exhibits", _("Exhibits"), exhibits),
        ]
        ctx["total"] = sum(group["count"] for group in ctx["groups"])
    return render(request, "harbin_portal/search.html", ctx)


def _rooms_matching(user, q):
    """Museum rooms by their name in any language or by their city's name ("Niigata room", "新潟", "Ниигата")."""
    by_name = Q(name_en__icontains=q) | Q(name_zh_hans__icontains=q) | Q(name_ru__icontains=q)
    return (
        Room.objects.visible_to(user)
        .filter(by_name | Q(city__in=City.objects.visible_to(user).search(q).values("pk")))
        .select_related("city")
        .order_by("order", "number", "name")
    )


def _search_group(kind, title, queryset):
    # One narrow query for the keys (and one more, to know whether there are more); whole records are loaded
    # only for the result cards not already kept ({% render_cards %}).
    pks = list(queryset.values_list("pk", flat=True)[: SEARCH_GROUP_SIZE + 1])
    return {
        "kind": kind,
        "title": title,
        "results": Keyed(pks[:SEARCH_GROUP_SIZE], queryset),
        "count": min(len(pks), SEARCH_GROUP_SIZE),
        "has_more": len(pks) > SEARCH_GROUP_SIZE,
    }


@never_cache
@require_safe
def healthz(request):
    """200 only when pages can be served: a content table reads and the database accepts a write.

    `SELECT 1` passed while SQLite was locked by a writer and every sign-in and save answered 503.
    """
    try:
        City.objects.only("pk").first()
        # Matches no row, so it changes nothing, but it needs the write lock that sessions and saves need.
        Session.objects.filter(session_key="").update(expire_date=F("expire_date"))
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def permission_denied(request, exception=None):
    """403: under /admin/ the admin's page, which says what role the page needs; elsewhere the portal's page."""
    name = "admin/403.html" if is_admin_path(request.path) else "403_public.html"
    return HttpResponseForbidden(render_to_string(name, request=request))
