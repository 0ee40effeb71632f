"""The partner map: `{% world_map cities home=harbin %}` draws an inline SVG rendered on the server."""

import hashlib

from django import template
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from core import worldmap
from core.cache import cached_for_content

register = template.Library()


@register.simple_tag
def world_map(cities, home=None, title="", map_id="world-map"):
    """Render the map of `cities` (a list or a QuerySet of City) with arcs from `home`.

    Runs no query of its own: it iterates `cities` once, and reads only the fields a City row
    carries (name, slug, country, latitude, longitude). Give `map_id` when a page shows two maps.
    For a QuerySet the drawn map is cached until the content changes, keyed by its SQL, so a
    visit costs neither the query nor the drawing.
    """

    def render():
        return render_to_string("cities/includes/world_map.html", map_context(cities, home, title, map_id))

    if isinstance(cities, QuerySet):
        try:
            sql = str(cities.query)
        except EmptyResultSet:
            sql = "empty"
        key = hashlib.sha256(f"{sql}|{getattr(home, 'pk', '')}|{title}|{map_id}".encode()).hexdigest()
        return mark_safe(cached_for_content(f"world-map:{key}", render))  # noqa: S308 - rendered by our template
    return mark_safe(render())  # noqa: S308 - rendered by our template


REGION_LABELS = {
    "europe": _lazy("Europe"),
    "east-asia": _lazy("East Asia"),
    "north-america": _lazy("North America"),
}


def map_context(cities, home=None, title="", map_id="world-map"):
    markers, unplaced = worldmap.map_layout(cities, home)
    land = worldmap.land_asset()
    # Hundreds of markers: one reverse() and string building here instead of a template loop per city
    # keeps the map a few milliseconds even with 500 partners.
    url_pattern = reverse("cities:detail", kwargs={"slug": "__slug__"})
    rows = [(url_pattern.replace("__slug__", m.city.slug), _marker_label(m.city), m.x, m.y, m.arc) for m in markers]
    # Where cities crowd (Europe, East Asia, North America) the world view shows plain dots and one large link to a
    # closer view of the region below it, whose targets are 24 px even on a phone: no JavaScript needed.
    regions_of_rows = [worldmap.region_of(m.city.latitude, m.city.longitude) for m in markers]
    open_rows = [row for row, region in zip(rows, regions_of_rows, strict=True) if region is None]
    crowded = [row for row, region in zip(rows, regions_of_rows, strict=True) if region is not None]
    home_point = worldmap.home_point(home)
    home_region = worldmap.region_of(home.latitude, home.longitude) if home_point else None
    regions = []
    for name, *_bounds in worldmap.REGIONS:
        members = [row for row, region in zip(rows, regions_of_rows, strict=True) if region == name]
        if not members:
            continue
        regions.append(_region_view(name, members, map_id, home if home_region == name else None, home_point))
    return {
        "arcs_svg": format_html_join("", '<path class="map-arc" d="{}"/>', ((row[4],) for row in rows)),
        "markers_svg": format_html_join(
            "\n",
            '<a class="map-marker" href="{0}" aria-label="{1}"><title>{1}</title>'
            '<circle class="map-hit" cx="{2}" cy="{3}" r="9"/><circle class="map-dot" cx="{2}" cy="{3}" r="4.5"/></a>',
            (row[:4] for row in open_rows),
        ),
        "crowded_svg": format_html_join(
            "", '<circle class="map-dot map-dot-crowded" cx="{}" cy="{}" r="4.5"/>', ((r[2], r[3]) for r in crowded)
        ),
        "region_links_svg": format_html_join(
            "\n",
            '<a class="map-region" href="#{0}" aria-label="{1}"><title>{1}</title>'
            '<rect x="{2}" y="{3}" width="{4}" height="{5}" rx="6"/></a>',
            ((r["id"], r["link_label"], *r["box"]) for r in regions),
        ),
        "regions": regions,
        "markers_list": format_html_join("", '<li><a href="{}">{}</a></li>', ((row[0], row[1]) for row in rows)),
        "marker_count": len(rows),
        "map_id": map_id,
        "title": title or _("Harbin's partner cities on the world map"),
        "width": land["width"],
        "height": land["height"],
        "land_path": land["d"],
        "markers": markers,
        "unplaced": unplaced,
        "home": home if worldmap.has_coordinates(home) else None,
        "home_point": home_point,
        # Harbin in a crowded region is linked from its closer view; here it is a dot inside the region's link.
        "home_region": home_region if any(r["id"] == f"{map_id}-{home_region}" for r in regions) else None,
    }


def _region_view(name, members, map_id, home, home_point):
    """A closer view: the same land (an SVG <use>), cropped; tap targets spread apart, joined to the true place."""
    box = worldmap.region_box(name)
    radius = worldmap.target_radius(box[2])
    places = [(row[2], row[3]) for row in members]
    if home is not None:
        places.append(home_point)
    targets = worldmap.spread(places, radius)
    parts = []
    for row, (tx, ty) in zip(members, targets, strict=False):
        parts.append(
            format_html(
                '<a class="map-marker" href="{0}" aria-label="{1}"><title>{1}</title>'
                '<line class="map-leader" x1="{2}" y1="{3}" x2="{4}" y2="{5}"/>'
                '<circle class="map-hit" cx="{4}" cy="{5}" r="{6}"/>'
                '<circle class="map-dot" cx="{4}" cy="{5}" r="{7}"/></a>',
                row[0],
                row[1],
                row[2],
                row[3],
                tx,
                ty,
                radius,
                round(radius * 0.45, 1),
            )
        )
    if home is not None:
        tx, ty = targets[-1]
        label = _marker_label(home)
        parts.append(
            format_html(
                '<a class="map-marker map-home" href="{0}" aria-label="{1}"><title>{1}</title>'
                '<circle class="map-hit" cx="{2}" cy="{3}" r="{4}"/>'
                '<circle class="map-dot" cx="{2}" cy="{3}" r="{5}"/></a>',
                home.get_absolute_url(),
                label,
                tx,
                ty,
                radius,
                round(radius * 0.55, 1),
            )
        )
    region_label = REGION_LABELS[name]
    return {
        "id": f"{map_id}-{name}",
        "name": region_label,
        "title": _("Closer view: %(region)s") % {"region": region_label},
        "link_label": ngettext(
            "%(region)s: closer view (%(count)d city)", "%(region)s: closer view (%(count)d cities)", len(members)
        )
        % {"region": region_label, "count": len(members)},
        "box": box,
        "viewbox": " ".join(str(v) for v in box),
        "markers_svg": mark_safe("\n".join(parts)),  # noqa: S308 - each part built by format_html
    }


def _marker_label(city):
    return f"{city.name}, {city.country.name}" if city.country else city.name
