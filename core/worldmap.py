"""The partner map: the Equal Earth projection, the committed land outline, and where markers go.

Pure Python, no database: the `world_map` template tag hands in cities it already has, and the
`build_world_map` command uses the same projection to turn Natural Earth TopoJSON into the land
asset, so markers and coastlines always agree.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LAND_ASSET = Path(__file__).parent / "data" / "world_land.json"

WIDTH = 1000  # SVG user units from the antimeridian (left edge) to the antimeridian (right edge)
NORTH = 86.0  # top of the frame: a margin above the northernmost land (83.6°, Greenland)
SOUTH = -58.0  # bottom of the frame: below Cape Horn; Antarctica is left out, no partner city lies there

# Equal Earth (Šavrič, Patterson & Jenny, 2018): an equal-area projection with straight parallels.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lat, lon):
    """Project degrees onto the unit-sphere Equal Earth plane: (x, y), x east, y north."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


_X_EDGE = equal_earth(0, 180)[0]
_SCALE = WIDTH / (2 * _X_EDGE)
_Y_TOP = equal_earth(NORTH, 0)[1]
HEIGHT = round((_Y_TOP - equal_earth(SOUTH, 0)[1]) * _SCALE, 1)


def project(lat, lon):
    """SVG coordinates (x right, y down) of a latitude and longitude in degrees (floats or Decimals)."""
    x, y = equal_earth(float(lat), float(lon))
    return (x + _X_EDGE) * _SCALE, (_Y_TOP - y) * _SCALE


# Markers ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    city: object
    x: float
    y: float
    arc: str  # path data of the curve from home, "" without a home on the map


def arc_path(start, end, bend=0.2):
    """A quadratic curve from `start` to `end` bowed towards the north, like a flight route."""
    (x1, y1), (x2, y2) = start, end
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    if ny > 0:  # take the normal that points up the map
        nx, ny = -nx, -ny
    cx = (x1 + x2) / 2 + nx * length * bend
    cy = max((y1 + y2) / 2 + ny * length * bend, 0.0)  # long arcs stay inside the frame
    return f"M{x1:.1f} {y1:.1f}Q{cx:.1f} {cy:.1f} {x2:.1f} {y2:.1f}"


def has_coordinates(city):
    return city is not None and city.latitude is not None and city.longitude is not None


def home_point(home):
    """Where `home` (Harbin) sits on the map, or None when it has no coordinates."""
    if not has_coordinates(home):
        return None
    x, y = project(home.latitude, home.longitude)
    return round(x, 1), round(y, 1)


def map_layout(cities, home=None):
    """Split `cities` into markers (projected, with an arc from home) and the cities with no coordinates.

    Iterates `cities` once, so a QuerySet costs exactly its own query; `home` is skipped if present.
    """
    origin = home_point(home)
    markers, unplaced = [], []
    for city in cities:
        if home is not None and city.pk == home.pk:
            continue
        if not has_coordinates(city):
            unplaced.append(city)
            continue
        x, y = project(city.latitude, city.longitude)
        arc = arc_path(origin, (x, y)) if origin else ""
        markers.append(Marker(city=city, x=round(x, 1), y=round(y, 1), arc=arc))
    return markers, unplaced


@lru_cache(maxsize=1)
def land_asset():
    """The committed land outline (see `build_world_map`), read once per process."""
    return json.loads(LAND_ASSET.read_text(encoding="utf-8"))


# Building the land asset from TopoJSON --------------------------------------------------------------


def topology_arcs(topology):
    """Decode the arcs of a TopoJSON topology into lists of (lon, lat).

    Quantized topologies store each arc as a first position followed by deltas; `transform`
    turns the integers back into degrees.
    """
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        qx = qy = 0
        points = []
        for p in arc:
            qx, qy = qx + p[0], qy + p[1]
            points.append((qx * sx + tx, qy * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes, arcs):
    """Join the arcs of one ring; a negative index ~i means arc i reversed."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)  # consecutive arcs share their end point
    return points


def topology_polygons(topology, object_name):
    """Every polygon of a TopoJSON object as a list of rings of (lon, lat); the first ring is the outline."""
    arcs = topology_arcs(topology)
    polygons = []

    def walk(geometry):
        kind = geometry.get("type")
        if kind == "GeometryCollection":
            for child in geometry["geometries"]:
                walk(child)
        elif kind == "Polygon":
            polygons.append([_ring(ring, arcs) for ring in geometry["arcs"]])
        elif kind == "MultiPolygon":
            polygons.extend([_ring(ring, arcs) for ring in polygon] for polygon in geometry["arcs"])

    walk(topology["objects"][object_name])
    return polygons


def _crosses_antimeridian(ring):
    return any(abs(b[0] - a[0]) > 180 for a, b in zip(ring, ring[1:], strict=False))


def _clip_half(ring, inside):
    """Sutherland–Hodgman clip of a closed ring to the side of the 180° meridian where `inside(lon)` holds."""
    points = ring[:-1] if ring[0] == ring[-1] else ring
    out = []
    for index, current in enumerate(points):
        previous = points[index - 1]
        if inside(current[0]) != inside(previous[0]):
            (lon1, lat1), (lon2, lat2) = previous, current
            out.append((180.0, lat1 + (lat2 - lat1) * (180.0 - lon1) / (lon2 - lon1)))
        if inside(current[0]):
            out.append(current)
    return out + out[:1]


def split_at_antimeridian(ring):
    """Cut a ring that crosses ±180° into one ring per edge of the map.

    TopoJSON keeps such rings whole on the sphere (Chukotka, Wrangel Island, Fiji); drawn flat they
    would streak across the whole map.
    """
    if not _crosses_antimeridian(ring):
        return [ring]
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        lon += 360 * round((unwrapped[-1][0] - lon) / 360)  # keep each step shorter than half a turn
        unwrapped.append((lon, lat))
    if abs(unwrapped[-1][0] - unwrapped[0][0]) > 180:
        return [ring]  # circles a pole: only Antarctica does, and it lies outside the frame
    if min(lon for lon, _lat in unwrapped) < -180:
        unwrapped = [(lon + 360, lat) for lon, lat in unwrapped]  # straddle +180 rather than -180
    east = _clip_half(unwrapped, lambda lon: lon <= 180)
    west = [(lon - 360, lat) for lon, lat in _clip_half(unwrapped, lambda lon: lon >= 180)]
    return [part for part in (east, west) if len(part) >= 4]


def _densify_antimeridian(ring, step=1.0):
    """Add points along edges that run down the ±180° meridian, which Equal Earth draws curved."""
    out = []
    for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:], strict=False):
        out.append((lon1, lat1))
        if abs(lon1) == 180 and lon1 == lon2 and abs(lat2 - lat1) > step:
            count = int(abs(lat2 - lat1) / step)
            out.extend((lon1, lat1 + (lat2 - lat1) * i / (count + 1)) for i in range(1, count + 1))
    out.extend(ring[-1:])
    return out


def simplify(points, tolerance):
    """Douglas–Peucker: drop points closer than `tolerance` to the line their neighbours keep."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        worst, worst_at = -1.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            # A closed ring's first and last points coincide: measure from that point instead.
            distance = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else math.hypot(px - ax, py - ay)
            if distance > worst:
                worst, worst_at = distance, i
        if worst_at is not None and worst > tolerance:
            keep[worst_at] = True
            stack.extend([(first, worst_at), (worst_at, last)])
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _formatter(precision):
    """Shortest text for a number rounded to `precision` decimals ("3", "-.5", ".5", never "-0")."""

    def fmt(value):
        text = f"{value:.{precision}f}"
        if precision:
            text = text.rstrip("0").rstrip(".")
        if text in ("-0", ""):
            return "0"
        return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text

    return fmt


def encode_rings(rings, precision=1):
    """Compact SVG path data and its point count: an absolute move, then relative steps between rounded points.

    Deltas are taken between already rounded points, so rounding errors never accumulate.
    """
    fmt, factor = _formatter(precision), 10**precision
    parts, points = [], 0
    for ring in rings:
        rounded = []
        for x, y in ring:
            point = (round(x * factor), round(y * factor))
            if not rounded or point != rounded[-1]:
                rounded.append(point)
        if len(rounded) > 1 and rounded[0] == rounded[-1]:
            rounded.pop()  # "z" closes the ring
        if len(set(rounded)) < 3:
            continue  # an island smaller than the rounding step
        points += len(rounded)
        steps = []
        for (xa, ya), (xb, yb) in zip(rounded, rounded[1:], strict=False):
            steps.extend((fmt((xb - xa) / factor), fmt((yb - ya) / factor)))
        text = steps[0]
        for step in steps[1:]:
            text += step if step.startswith("-") else " " + step  # a minus sign separates by itself
        x0, y0 = rounded[0]
        parts.append(f"M{fmt(x0 / factor)} {fmt(y0 / factor)}l{text}z")
    return "".join(parts), points


def build_land_asset(topology, object_name="land", tolerance=0.5, precision=1):
    """Project, clip to the frame, simplify and encode a TopoJSON land object as the map's asset dict."""
    rings = []
    for polygon in topology_polygons(topology, object_name):
        if max(lat for _lon, lat in polygon[0]) < SOUTH:
            continue  # wholly below the frame (Antarctica)
        for ring in polygon:
            for part in split_at_antimeridian(ring):
                projected = [project(lat, lon) for lon, lat in _densify_antimeridian(part)]
                rings.append(simplify(projected, tolerance))
    path, points = encode_rings(rings, precision)
    return {
        "source": "Natural Earth land (public domain), via the world-atlas TopoJSON",
        "projection": "Equal Earth",
        "width": WIDTH,
        "height": HEIGHT,
        "north": NORTH,
        "south": SOUTH,
        "tolerance": tolerance,
        "points": points,
        "d": path,
    }


# Closer views ---------------------------------------------------------------------------------------

# Where partner cities crowd on a world map a phone shows 330 px wide: (name, south, north, west, east) in degrees.
# Each becomes its own map (a cropped viewBox of the same drawing), so its dots can be tapped without JavaScript.
REGIONS = (
    ("europe", 33.0, 71.0, -12.0, 45.0),
    ("east-asia", 30.0, 64.0, 112.0, 148.0),
    ("north-america", 25.0, 62.0, -130.0, -65.0),
)
# A target is at least 24 CSS px (WCAG 2.2, 2.5.8) on a map drawn this wide (a 320 px phone, less the margins).
NARROWEST_MAP_PX = 270
TARGET_PX = 24


def region_of(lat, lon):
    """The name of the closer view a place falls in, or None."""
    lat, lon = float(lat), float(lon)
    for name, south, north, west, east in REGIONS:
        if south <= lat <= north and west <= lon <= east:
            return name
    return None


def region_box(name, margin=6.0):
    """(x, y, width, height) in SVG units of a region, from its projected edges."""
    _name, south, north, west, east = next(r for r in REGIONS if r[0] == name)
    points = [project(lat, lon) for lat in (south, north) for lon in (west, east)]
    points += [project(lat, (west + east) / 2) for lat in (south, north)]  # parallels are straight; meridians bend
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x, y = min(xs) - margin, min(ys) - margin
    return round(x, 1), round(y, 1), round(max(xs) - x + margin, 1), round(max(ys) - y + margin, 1)


def target_radius(view_width):
    """The hit radius, in SVG units, that is TARGET_PX/2 CSS px when a view `view_width` units wide is drawn narrow."""
    return round(TARGET_PX / 2 * view_width / NARROWEST_MAP_PX, 1)


def spread(points, radius, rounds=200):
    """Move points apart until no two hit circles overlap (a small gap between); the first stays where it is.

    Returns the new positions in the same order. Dots keep their true place; the tap target moves, joined to it.
    """
    moved = [list(p) for p in points]
    gap = 2 * radius + radius * 0.15
    for _ in range(rounds):
        clash = False
        for i in range(len(moved)):
            for j in range(i + 1, len(moved)):
                dx, dy = moved[j][0] - moved[i][0], moved[j][1] - moved[i][1]
                if not (-gap < dx < gap and -gap < dy < gap):
                    continue  # farther apart than the gap along one axis: no need for the distance
                distance = math.hypot(dx, dy)
                if distance >= gap:
                    continue
                clash = True
                if distance == 0:
                    dx, dy, distance = 1.0, 0.0, 1.0
                push = (gap - distance) / 2 + 0.01
                ux, uy = dx / distance, dy / distance
                moved[i][0] -= ux * push
                moved[i][1] -= uy * push
                moved[j][0] += ux * push
                moved[j][1] += uy * push
        if not clash:
            break
    return [(round(x, 1), round(y, 1)) for x, y in moved]
