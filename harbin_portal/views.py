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
from core.cache import cached_for_content, kept_for_visitors, typed_key
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
    counts = public_partner_counts()
    ctx = {
        "harbin": harbin,
        "partner_count": counts["partners"],
        "country_count": counts["countries"],
        # Called by world_map() only when the drawing it keeps until the content changes is not kept; only what a
        # marker shows.
        "map_cities": _map_cities,
        # Kept until the content changes, and for the day only (what is upcoming depends on the date).
        "latest_events": cached_for_content(
            f"home-latest-events:{timezone.localdate(timezone=site_time_zone())}", _latest_events, reads=EVENT_READS
        ),
        "museum": the_museum(),
    }
    return render(request, "harbin_portal/home.html", ctx)


def _map_cities():
    return City.objects.public_partners().only("name", "slug", "country", "latitude", "longitude", "is_home")


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
    # PostgreSQL cannot hold a NUL in text; the words around one still count.
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    ctx = {"q": q, "groups": []}
    if q:
        user = request.user
        # The keys of what matches, kept until the content changes: a repeat search asks nothing.
        matches = kept_for_visitors(user, f"search:{typed_key(q)}", lambda: _matching_keys(user, q))
        titles = {"cities": _("Cities"), "events": _("Events"), "rooms": _("Museum rooms"), "exhibits": _("Exhibits")}
        ctx["groups"] = [
            {
                "kind": kind,
                "title": titles[kind],
                # Whole records are loaded only for the result cards not already kept ({% render_cards %}).
                "results": Keyed(pks[:SEARCH_GROUP_SIZE], _cards_of(kind, user)),
                "count": min(len(pks), SEARCH_GROUP_SIZE),
                "has_more": len(pks) > SEARCH_GROUP_SIZE,
            }
            for kind, pks in matches
        ]
        ctx["total"] = sum(group["count"] for group in ctx["groups"])
    return render(request, "harbin_portal/search.html", ctx)


def _matching_keys(user, q):
    """[(kind, keys)] of what matches `q`, in the order the page shows the groups; one more key than a group
    shows, to know whether there are more. One narrow query each."""
    matching = [
        ("cities", City.objects.visible_to(user).search(q).order_by("name")),
        ("events", Event.objects.visible_to(user).search(q).order_by("-starts_on")),
        ("rooms", _rooms_matching(user, q)),
        ("exhibits", Exhibit.objects.visible_to(user).search(q).order_by("accession_sort")),
    ]
    return [(kind, list(queryset.values_list("pk", flat=True)[: SEARCH_GROUP_SIZE + 1])) for kind, queryset in matching]


def _cards_of(kind, user):
    """The records a result card of `kind` reads, with what it shows of related records."""
    if kind == "cities":
        return City.objects.visible_to(user)
    if kind == "events":
        return Event.objects.visible_to(user).select_related("host_city")
    if kind == "rooms":
        return Room.objects.visible_to(user).select_related("city")
    primary = Prefetch("images", ExhibitImage.objects.filter(is_primary=True), to_attr="primary")
    return Exhibit.objects.visible_to(user).select_related("origin_city").prefetch_related(primary)


def _rooms_matching(user, q):
    """Museum rooms by their name in any language or by their city's name ("Niigata room", "新潟", "Ниигата")."""
    by_name = Q(name_en__icontains=q) | Q(name_zh_hans__icontains=q) | Q(name_ru__icontains=q)
    return (
        Room.objects.visible_to(user)
        .filter(by_name | Q(city__in=City.objects.visible_to(user).search(q).values("pk")))
        .order_by("order", "number", "name")
    )


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
