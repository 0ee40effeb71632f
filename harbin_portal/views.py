from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cities.models import City
from events.models import Event
from museum.models import Museum, Room


@require_GET
def home(request):
    harbin = City.objects.home().prefetch_related("figures").first()
    partners = City.objects.published().partners()
    ctx = {
        "harbin": harbin,
        "partner_count": partners.count(),
        "country_count": partners.values("country").distinct().count(),
        "latest_events": Event.objects.published().select_related("host_city").order_by("-starts_on")[:4],
        "museum": Museum.objects.first(),
        "room_count": Room.objects.published().count(),
    }
    return render(request, "harbin_portal/home.html", ctx)


@require_GET
def harbin(request):
    city = get_object_or_404(City.objects.home().prefetch_related("figures"))
    partners = City.objects.published().partners()
    ctx = {
        "city": city,
        "figures": city.figures.all(),
        "partner_count": partners.count(),
        "country_count": partners.values("country").distinct().count(),
    }
    return render(request, "harbin_portal/harbin.html", ctx)


@require_GET
def search(request):
    q = request.GET.get("q", "").strip()[:100]
    ctx = {"q": q, "cities": [], "events": [], "exhibits": []}
    if q:
        ctx["cities"] = City.objects.visible_to(request.user).search(q)[:20]
    return render(request, "harbin_portal/search.html", ctx)


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
