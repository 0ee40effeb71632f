"""The partner map: `{{ world_map(cities, home=harbin) }}` draws an inline SVG rendered on the server."""

import hashlib
from html import escape
from typing import NamedTuple

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cities.models import City
from core import worldmap
from core.cache import cached_for_content, rows_key


def world_map(cities, home=None, title="", map_id="world-map", named=None):
    """Render the map of `cities` (a list or a QuerySet of City) with arcs from `home`.

    Runs no query of its own: it iterates `cities` once, and reads only the fields a City row
    carries (name, slug, country, latitude, longitude). Give `map_id` when a page shows two maps.
    For a QuerySet the drawn map is cached until the content changes, keyed by its SQL or by `named`
    (a name for what chose the cities, given by the view), so a visit costs neither the query nor the drawing;
    with `named`, `cities` may be a function giving them, called only when the drawing is not kept.
    """

    def render():
        places = cities() if callable(cities) else cities
        return render_to_string("cities/includes/world_map.html", map_context(places, home, title, map_id))

    if isinstance(cities, QuerySet) or (named and callable(cities)):
        # A marker reads the same fields of every City, so the rows name the drawing.
        rows = named or rows_key(cities)
        key = hashlib.sha256(f"{rows}|{getattr(home, 'pk', '')}|{title}|{map_id}".encode()).hexdigest()
        return mark_safe(cached_for_content(f"world-map:{key}", render))  # noqa: S308 - rendered by our template
    return mark_safe(render())  # noqa: S308 - rendered by our template


def _join(separator, markup, rows):
    """format_html_join for rows whose strings are already escaped (URLs and labels, once per city) and whose other
    values are numbers or path data: a map of 500 partners formats some 2,000 pieces of markup."""
    return mark_safe(separator.join(markup.format(*row) for row in rows))  # noqa: S308 - see above


REGION_LABELS = {
    "europe": _lazy("Europe"),
    "east-asia": _lazy("East Asia"),
    "north-america": _lazy("North America"),
}


class Place(NamedTuple):
    """What a marker shows of a city, read as plain values: a map of 500 partners builds no City."""

    pk: int
    slug: str
    name: str
    country: str  # ISO code
    latitude: object
    longitude: object
    is_home: bool

    def get_absolute_url(self):
        return reverse("cities:harbin") if self.is_home else reverse("cities:detail", kwargs={"slug": self.slug})


def _places(cities):
    """`cities` as Places when it is a QuerySet (one query of seven columns, in its order), else as given."""
    if not isinstance(cities, QuerySet):
        return cities
    column = {"zh-hans": "name_zh_hans", "ru": "name_ru"}.get(get_language(), "name_en")
    # The name shown in the active language, English where it has none (as City.name falls back).
    rows = cities.values_list(
        "pk", "slug", "country", "latitude", "longitude", "is_home", *dict.fromkeys(("name_en", column))
    )
    return [Place(row[0], row[1], row[-1] or row[6], *row[2:6]) for row in rows]


def map_context(cities, home=None, title="", map_id="world-map"):
    markers, unplaced = worldmap.map_layout(_places(cities), home)
    label = _labeller()
    land = worldmap.land_asset()
    # Hundreds of markers: one reverse() and string building here instead of a template loop per city
    # keeps the map a few milliseconds even with 500 partners.
    # Each row's URL and label are escaped here, once; the markup below formats them with numbers and path data.
    url_pattern = reverse("cities:detail", kwargs={"slug": "__slug__"})
    rows = [
        (escape(url_pattern.replace("__slug__", m.city.slug)), escape(label(m.city)), m.x, m.y, m.arc) for m in markers
    ]
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
        "arcs_svg": _join("", '<path class="map-arc" d="{}"/>', ((row[4],) for row in rows)),
        "markers_svg": _join(
            "\n",
            '<a class="map-marker" href="{0}" aria-label="{1}"><title>{1}</title>'
            '<circle class="map-hit" cx="{2}" cy="{3}" r="9"/><circle class="map-dot" cx="{2}" cy="{3}" r="4.5"/></a>',
            (row[:4] for row in open_rows),
        ),
        "crowded_svg": _join(
            "", '<circle class="map-dot map-dot-crowded" cx="{}" cy="{}" r="4.5"/>', ((r[2], r[3]) for r in crowded)
        ),
        "region_links_svg": _join(
            "\n",
            '<a class="map-region" href="#{0}" aria-label="{1}"><title>{1}</title>'
            '<rect x="{2}" y="{3}" width="{4}" height="{5}" rx="6"/></a>',
            ((escape(r["id"]), escape(r["link_label"]), *r["box"]) for r in regions),
        ),
        "regions": regions,
        "markers_list": _join("", '<li><a href="{}">{}</a></li>', ((row[0], row[1]) for row in rows)),
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
    dot = round(radius * 0.45, 1)
    for (url, label, x, y, _arc), (tx, ty) in zip(members, targets, strict=False):  # url and label escaped
        parts.append(
            f'<a class="map-marker" href="{url}" aria-label="{label}"><title>{label}</title>'
            f'<line class="map-leader" x1="{x}" y1="{y}" x2="{tx}" y2="{ty}"/>'
            f'<circle class="map-hit" cx="{tx}" cy="{ty}" r="{radius}"/>'
            f'<circle class="map-dot" cx="{tx}" cy="{ty}" r="{dot}"/></a>'
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
        "markers_svg": mark_safe("\n".join(parts)),  # noqa: S308 - URLs and labels escaped, the rest numbers or format_html
    }


_COUNTRY_NAMES = City._meta.get_field("country").countries


def _labeller():
    """A marker's label ("Niigata, Japan"), naming each country once per map (a translated lookup each)."""
    names = {}

    def label(city):
        code = getattr(city.country, "code", city.country)
        if not code:
            return city.name
        if code not in names:
            names[code] = _COUNTRY_NAMES.name(code)
        return f"{city.name}, {names[code]}"

    return label


def _marker_label(city):
    return _labeller()(city)
