"""The partner map: `{% world_map cities home=harbin %}` draws an inline SVG rendered on the server."""

import hashlib

from django import template
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


def map_context(cities, home=None, title="", map_id="world-map"):
    markers, unplaced = worldmap.map_layout(cities, home)
    land = worldmap.land_asset()
    # Hundreds of markers: one reverse() and string building here instead of a template loop per city
    # keeps the map a few milliseconds even with 500 partners.
    url_pattern = reverse("cities:detail", kwargs={"slug": "__slug__"})
    rows = [(url_pattern.replace("__slug__", m.city.slug), _marker_label(m.city), m.x, m.y, m.arc) for m in markers]
    return {
        "arcs_svg": format_html_join("", '<path class="map-arc" d="{}"/>', ((row[4],) for row in rows)),
        "markers_svg": format_html_join(
            "\n",
            '<a class="map-marker" href="{0}" aria-label="{1}"><title>{1}</title>'
            '<circle class="map-hit" cx="{2}" cy="{3}" r="9"/><circle class="map-dot" cx="{2}" cy="{3}" r="4.5"/></a>',
            (row[:4] for row in rows),
        ),
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
        "home_point": worldmap.home_point(home),
    }


def _marker_label(city):
    return f"{city.name}, {city.country.name}" if city.country else city.name
