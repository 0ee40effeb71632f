from functools import partial

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.cache import cached_for_content, kept_for_visitors, typed_key
from core.pagination import page_of
from core.planning import plans_each_search
from core.publishing import sees_drafts, visible

from .filters import ExhibitFilter
from .models import Exhibit, ExitStatus, ObjectType, Room
from .sections import exhibit_page
from .selectors import the_museum
from .seo import exhibit_json_ld, museum_json_ld

PAGE_SIZE = 24
HIGHLIGHTS = 6


def _page(request, queryset):
    return page_of(request, queryset, PAGE_SIZE)


def _room_cards(user):
    """What the museum page shows of each room: plain values, kept per content version (the counts run over
    the whole collection; plain values cost less to fetch from the cache than rooms with their cities)."""
    rooms = Room.objects.visible_to(user).select_related("city").with_exhibit_counts()
    return [
        {
            "name": room.name,
            "url": room.get_absolute_url(),
            "is_draft": room.is_draft,
            "city": {"name": city.name, "url": city.get_absolute_url()} if (city := visible(room.city, user)) else None,
            "exhibit_total": room.exhibit_total,
        }
        for room in rooms
    ]


def _object_types():
    # The types with no published exhibit are left out here, not by the query: filtered on, the count would run
    # twice per type (once to select, once to show), 21 ms instead of 11 at 100,000 exhibits.
    types = ObjectType.objects.with_exhibit_counts()
    return [{"name": str(t), "slug": t.slug, "exhibit_total": t.exhibit_total} for t in types if t.exhibit_total]


@require_safe
def museum_index(request):
    museum = the_museum()
    ctx = {
        "museum": museum,
        "rooms": cached_for_content(f"museum-rooms:{sees_drafts(request.user)}", lambda: _room_cards(request.user)),
        "object_types": cached_for_content("museum-object-types", _object_types),
        # Cards shared with the exhibit list (render_cards): usually only their keys are read.
        "highlights": Exhibit.objects.published().filter(on_display=True).for_list()[:HIGHLIGHTS],
        "json_ld": museum_json_ld(request, museum) if museum else None,
    }
    return render(request, "museum/index.html", ctx)


@require_safe
def room_detail(request, slug):
    rooms = Room.objects.visible_to(request.user).select_related("city")
    room = kept_for_visitors(
        request.user, f"room-record:{slug}", lambda: rooms.filter(slug=slug).first(), reads=("cities", "museum")
    )
    if room is None:
        raise Http404
    exhibits = room.exhibits.visible_to(request.user).for_list()
    page_obj = _page(request, exhibits)
    ctx = {"room": room, "object": room, "page_obj": page_obj}
    if not page_obj.paginator.count:
        # An empty room says what the museum as a whole holds (its own published counts), not "0 exhibits".
        ctx["museum"] = the_museum()
    return render(request, "museum/room_detail.html", ctx)


@require_safe
@plans_each_search
def exhibit_list(request):
    exhibits = Exhibit.objects.visible_to(request.user).for_list()
    exhibit_filter = ExhibitFilter(request.GET, queryset=exhibits, request=request)
    ctx = {"filter": exhibit_filter, "page_obj": _page(request, exhibit_filter.qs)}
    return render(request, "museum/exhibit_list.html", ctx)


def _exhibit_for_its_page(user, accession_number):
    """The exhibit with the records its page names and its images (one query for the images, which the page and
    the sections of higher apps, the deep zoom, share), or None."""
    try:
        return (
            Exhibit.objects.visible_to(user)
            .select_related("object_type", "origin_city", "room", "presented_at", "donor", "current_loan__partner_city")
            .prefetch_related("images")
            # get(), not first(): an accession number is unique, and first() would compile an ORDER BY over the
            # joins (1.5 ms of the page).
            .get(accession_number=accession_number)
        )
    except Exhibit.DoesNotExist:
        return None


@require_safe
def exhibit_detail(request, accession_number):
    # Kept until the content it shows changes (the exhibit, its city, its event): compiling the query over seven
    # joins and 220 columns was some 60 % of the page's own time.
    name = f"exhibit-page:{typed_key(accession_number)}"
    load = partial(_exhibit_for_its_page, request.user, accession_number)
    exhibit = kept_for_visitors(request.user, name, load, reads=("cities", "events", "museum"))
    if exhibit is None or (exhibit.exited_on and not sees_drafts(request.user)):
        return _exhibit_gone_or_404(request, accession_number)
    images = list(exhibit.images.all())
    primary = next((image for image in images if image.is_primary), images[0] if images else None)
    ctx = {
        "exhibit": exhibit,
        "object": exhibit,
        "primary": primary,
        "gallery": [image for image in images if image is not primary],
        "origin_city": visible(exhibit.origin_city, request.user),
        "presented_at": visible(exhibit.presented_at, request.user),
        "room": visible(exhibit.room, request.user),
        "loan": exhibit.current_loan,
        "loan_city": visible(exhibit.current_loan.partner_city, request.user) if exhibit.current_loan else None,
        "public_donor": exhibit.donor if exhibit.donor and exhibit.donor.show_publicly else None,
        "json_ld": exhibit_json_ld(request, exhibit, primary),
        # What higher apps add (opendata: the deep-zoom viewer and the IIIF manifest link).
        "sections": exhibit_page.collect(request, exhibit),
    }
    return render(request, "museum/exhibit_detail.html", ctx)


def _exhibit_gone_or_404(request, accession_number):
    """410 Gone with a short note for an object that left the collection (its number is never reused); else 404."""
    gone = Exhibit.objects.filter(accession_number=accession_number, exited_on__isnull=False).first()
    if gone is None:
        raise Http404
    proposal = gone.exits.filter(status=ExitStatus.APPROVED).first()
    ctx = {"exhibit": gone, "note": proposal.public_note if proposal else ""}
    return render(request, "museum/exhibit_gone.html", ctx, status=410)
