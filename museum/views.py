from functools import partial

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from core.cache import cached_for_content, kept_for_visitors, typed_key
from core.cards import Keyed
from core.pagination import page_of_named
from core.planning import plans_each_search
from core.publishing import sees_drafts, visible

from .filters import ExhibitFilter
from .models import Exhibit, ExitStatus, ObjectType, Room
from .sections import exhibit_page
from .selectors import the_museum
from .seo import exhibit_json_ld, museum_json_ld

PAGE_SIZE = 24
HIGHLIGHTS = 6


def _page(request, name, exhibits, chosen):
    """The page of the exhibits `chosen()` gives (of `exhibits`, in their order) that `?page=` asks for, its rows kept
    under `name` (what chose them) for visitors: (pk, accession number) rows, whose cards are kept per exhibit; whole
    exhibits are loaded (`for_list`) only for the cards that are not kept."""

    def rows():
        return chosen().values_list("pk", "accession_number")

    page_obj = page_of_named(request, f"exhibits:{name}", rows, PAGE_SIZE)
    page_obj.object_list = Keyed.named(page_obj.object_list, Exhibit, exhibits.for_list)
    return page_obj


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


def _highlights():
    on_display = Exhibit.objects.published().filter(on_display=True).in_accession_order()
    return list(on_display.values_list("pk", "accession_number")[:HIGHLIGHTS])


def _published_for_list():
    return Exhibit.objects.published().for_list()


def _room_cards_markup(user):
    rooms = cached_for_content(f"museum-rooms:{sees_drafts(user)}", lambda: _room_cards(user))
    return render_to_string("museum/includes/room_cards.html", {"rooms": rooms})


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
        # Rendered once per content version and language for visitors (28 rooms, a count each).
        "room_cards": kept_for_visitors(request.user, "museum-room-cards", partial(_room_cards_markup, request.user)),
        "object_types": cached_for_content("museum-object-types", _object_types),
        # Cards shared with the exhibit list (render_cards), and their keys, kept until the content changes.
        "highlights": Keyed.named(cached_for_content("museum-highlights", _highlights), Exhibit, _published_for_list),
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
    exhibits = room.exhibits.visible_to(request.user)
    page_obj = _page(request, f"room:{room.pk}", exhibits, exhibits.in_accession_order)
    ctx = {"room": room, "object": room, "page_obj": page_obj}
    if not page_obj.paginator.count:
        # An empty room says what the museum as a whole holds (its own published counts), not "0 exhibits".
        ctx["museum"] = the_museum()
    return render(request, "museum/room_detail.html", ctx)


@require_safe
@plans_each_search
def exhibit_list(request):
    exhibits = Exhibit.objects.visible_to(request.user)
    exhibit_filter = ExhibitFilter(request.GET, queryset=exhibits.in_accession_order(), request=request)
    page_obj = _page(request, f"chosen:{exhibit_filter.chosen()}", exhibits, lambda: exhibit_filter.qs)
    ctx = {"filter": exhibit_filter, "page_obj": page_obj}
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
