import itertools
from functools import partial

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from core.cache import cached_for_content, kept_for_visitors, rows_key
from core.cards import Keyed
from core.dates import format_partial_date
from core.pagination import page_of
from core.planning import plans_each_search
from core.publishing import sees_drafts, visible

from .apps import READS
from .filters import PartnerCityFilter
from .models import City
from .sections import city_page
from .sections import city_timeline as city_timeline_slot
from .services import city_json_ld, city_timeline, public_partner_counts, published_home

CITIES_PER_PAGE = 24
MAP_FIELDS = ["name", "slug", "country", "latitude", "longitude", "is_home"]


@require_safe
@plans_each_search
def city_list(request):
    # What the visitor's filters choose is named by their values, under which the order, the choices and the map
    # are kept (building and printing the queries to name them was a sixth of the page); visitors who see drafts
    # have them named by their SQL.
    visitor = not sees_drafts(request.user)
    base = City.objects.partners_visible_to(request.user).select_related("partnership")
    filterset = PartnerCityFilter(request.GET or None, queryset=base, named="partners" if visitor else None)
    named = f"partners:{filterset.chosen()}" if visitor else None
    cities = filterset.qs
    # Sorted as the visitor's language sorts (pinyin, the Russian alphabet), on any database; the page's cards are
    # rendered from the card cache, so only the cities whose cards are not kept are loaded.
    page_obj = page_of(request, Keyed(_pks_by_name(cities, named), base), CITIES_PER_PAGE)
    ctx = {
        "filter": filterset,
        "page_obj": page_obj,
        "cities": page_obj.object_list,
        # The whole filtered list, not the page: one query, only what a marker shows.
        "map_cities": cities.select_related(None).only(*MAP_FIELDS),
        "map_named": named,
        "harbin": published_home(),
        "is_filtered": filterset.is_bound and any(filterset.form.cleaned_data.values()),
    }
    return render(request, "cities/city_list.html", ctx)


def _pks_by_name(cities, named=None):
    """`cities.pks_by_name()`, kept until the content changes under `named` or their SQL: each filter combination's
    order (per language)."""
    key = named or rows_key(cities)
    return [] if key is None else cached_for_content(f"city-order:{key}", cities.pks_by_name, reads=READS)


def _city_for_its_page(user, slug):
    """(city, its partnership if `user` may see it, the public agreements, the milestones), or None."""
    try:
        city = City.objects.visible_to(user).select_related("partnership").get(slug=slug)
    except City.DoesNotExist:
        return None
    partnership = visible(getattr(city, "partnership", None), user)
    if partnership is None:
        return city, None, [], []
    return city, partnership, list(partnership.agreements.public()), list(partnership.milestones.all())


@require_safe
def city_detail(request, slug):
    # Kept until a city changes: a repeat visit asks nothing (three queries). A slug has no character a cache key
    # may not hold.
    found = kept_for_visitors(request.user, f"city-page:{slug}", partial(_city_for_its_page, request.user, slug), READS)
    if found is None:
        raise Http404
    city, partnership, agreements, milestones = found
    if city.is_home:
        return redirect("cities:harbin", permanent=True)
    ctx = {
        "city": city,
        "object": city,
        "partnership": partnership,
        "json_ld": city_json_ld(city=city, url=request.build_absolute_uri(city.get_absolute_url())),
        "sections": city_page.collect(request, city),
    }
    if partnership is not None:
        ctx.update(
            agreements=agreements,
            timeline=city_timeline(
                milestones=milestones,
                entries=itertools.chain.from_iterable(city_timeline_slot.collect(request, city)),
            ),
            years_of_partnership=partnership.years_of_partnership(),
            next_anniversary=_anniversary_display(partnership),
        )
    return render(request, "cities/city_detail.html", ctx)


def _anniversary_display(partnership):
    anniversary = partnership.next_anniversary()
    if anniversary is None:
        return None
    years, day = anniversary
    return {"years": years, "date": format_partial_date(day, partnership.established_precision)}


@require_safe
def harbin(request):
    # For visitors, both kept until a city changes, as on the home page: a repeat visit asks nothing.
    city = get_object_or_404(City.objects.home()) if sees_drafts(request.user) else published_home()
    if city is None:
        raise Http404
    figures = kept_for_visitors(request.user, "published-home-figures", lambda: list(city.figures.all()), READS)
    counts = public_partner_counts()
    ctx = {
        "city": city,
        "object": city,
        "figures": figures,
        "partner_count": counts["partners"],
        "country_count": counts["countries"],
        "json_ld": city_json_ld(city=city, url=request.build_absolute_uri(city.get_absolute_url())),
    }
    return render(request, "cities/harbin.html", ctx)
