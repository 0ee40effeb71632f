"""The partner map: `{% world_map cities home=harbin %}` draws an inline SVG rendered on the server."""

from django import template
from django.utils.translation import gettext as _

from harbin_portal import worldmap

register = template.Library()


@register.inclusion_tag("includes/world_map.html")
def world_map(cities, home=None, title="", map_id="world-map"):
    """Render the map of `cities` (a list or a QuerySet of City) with arcs from `home`.

    Runs no query of its own: it iterates `cities` once, and reads only the fields a City row
    carries (name, slug, country, latitude, longitude). Give `map_id` when a page shows two maps.
    """
    markers, unplaced = worldmap.map_layout(cities, home)
    land = worldmap.land_asset()
    return {
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
