"""The partner map. A placeholder until the server-rendered SVG map lands."""

from django import template

register = template.Library()


@register.inclusion_tag("includes/world_map.html")
def world_map(cities, home=None, title=""):
    """Render the map of `cities` (objects with latitude, longitude, name, get_absolute_url)."""
    return {"cities": [c for c in cities if c.latitude is not None], "home": home, "title": title}
