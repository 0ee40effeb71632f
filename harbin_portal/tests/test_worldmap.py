import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.template import engines
from django.urls import reverse

from cities.models import City, Partnership
from core import worldmap
from core.publishing import Status

HARBIN = (Decimal("45.756967"), Decimal("126.642464"))
EDMONTON = (Decimal("53.546125"), Decimal("-113.493823"))
SALVADOR = (Decimal("-12.977749"), Decimal("-38.501630"))


def make_city(name, coords=None, *, country="CA", partner=True, status=Status.PUBLISHED, is_home=False):
    latitude, longitude = coords or (None, None)
    city = City.objects.create(
        name=name,
        slug=re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "city",
        country=country,
        latitude=latitude,
        longitude=longitude,
        status=status,
        is_home=is_home,
    )
    if partner:
        Partnership.objects.create(city=city, status=Status.PUBLISHED)
    return city


def render_map(cities, home=None):
    template = engines["jinja2"].from_string("{{ world_map(cities, home=home) }}")
    return template.render({"cities": cities, "home": home})


# Projection


def test_harbin_is_east_of_edmonton_and_north_of_salvador():
    harbin_x, harbin_y = worldmap.project(*HARBIN)
    edmonton_x, _ = worldmap.project(*EDMONTON)
    _, salvador_y = worldmap.project(*SALVADOR)
    assert harbin_x > edmonton_x
    assert harbin_y < salvador_y  # SVG y grows downwards


def test_antimeridian_is_the_left_and_right_edge():
    left_x, left_y = worldmap.project(0, -180)
    right_x, right_y = worldmap.project(0, 180)
    assert left_x == pytest.approx(0)
    assert right_x == pytest.approx(worldmap.WIDTH)
    assert left_y == pytest.approx(right_y)
    assert worldmap.project(0, 0)[0] == pytest.approx(worldmap.WIDTH / 2)


def test_frame_north_and_south_are_the_top_and_bottom_edges():
    assert worldmap.project(worldmap.NORTH, 0)[1] == pytest.approx(0)
    assert worldmap.project(worldmap.SOUTH, 0)[1] == pytest.approx(worldmap.HEIGHT, abs=0.1)


def test_equal_earth_keeps_parallels_straight_and_bends_meridians():
    assert worldmap.project(60, -100)[1] == pytest.approx(worldmap.project(60, 100)[1])
    assert worldmap.project(60, 180)[0] < worldmap.project(0, 180)[0]


def test_arc_bows_towards_the_north():
    arc = worldmap.arc_path((100.0, 200.0), (300.0, 200.0))
    control_y = float(arc.split("Q")[1].split()[1])
    assert control_y < 200


# Land asset


def test_land_asset_exists_and_has_many_points():
    asset = json.loads(worldmap.LAND_ASSET.read_text(encoding="utf-8"))
    assert asset["projection"] == "Equal Earth"
    assert asset["width"] == worldmap.WIDTH
    assert asset["height"] == worldmap.HEIGHT
    assert asset["points"] > 2000
    assert asset["d"].count("M") > 100  # continents and islands
    assert len(asset["d"]) < 60_000


def path_segments(d):
    """Absolute (x1, y1, x2, y2) segments of the "M x y l dx dy … z" path data the build writes."""
    segments = []
    for ring in re.findall(r"M([^l]+)l([^z]+)z", d):
        numbers = [float(n) for n in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", " ".join(ring))]
        x, y = numbers[0], numbers[1]
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
            segments.append((x, y, x + dx, y + dy))
            x, y = x + dx, y + dy
    return segments


def test_land_asset_has_no_edge_streaking_across_the_map():
    segments = path_segments(worldmap.land_asset()["d"])
    assert len(segments) > 2000
    assert max(abs(x2 - x1) for x1, _y1, x2, _y2 in segments) < worldmap.WIDTH / 10


def test_ring_crossing_the_antimeridian_is_cut_at_both_edges():
    ring = [(170, 10), (-170, 10), (-170, 20), (170, 20), (170, 10)]
    east, west = worldmap.split_at_antimeridian(ring)
    assert east == [(170, 10), (180, 10), (180, 20), (170, 20), (170, 10)]
    assert west == [(-180, 10), (-170, 10), (-170, 20), (-180, 20), (-180, 10)]


def test_ring_not_crossing_the_antimeridian_is_kept_whole():
    ring = [(10, 10), (20, 10), (20, 20), (10, 10)]
    assert worldmap.split_at_antimeridian(ring) == [ring]


def tiny_topology():
    """Two quantized arcs: a square made of both, and a triangle drawn with one arc reversed."""
    return {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [-10, -10]},
        "objects": {
            "land": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]]},
                    {"type": "MultiPolygon", "arcs": [[[~2]]]},
                    {"type": "Polygon", "arcs": [[3]]},  # Antarctica: wholly south of the frame
                ],
            }
        },
        # Square (lon, lat): (-10,-10) (10,-10) (10,10) then back (-10,10) (-10,-10); deltas after the first.
        "arcs": [
            [[0, 0], [20, 0], [0, 20]],
            [[20, 20], [-20, 0], [0, -20]],
            [[40, 40], [10, 0], [-5, 10], [-5, -10]],
            [[0, -70], [20, 0], [0, -5], [-20, 0], [0, 5]],
        ],
    }


def test_topology_arcs_are_decoded_and_reversed():
    polygons = worldmap.topology_polygons(tiny_topology(), "land")
    square, triangle, antarctic = (polygon[0] for polygon in polygons)
    assert square == [(-10, -10), (10, -10), (10, 10), (-10, 10), (-10, -10)]
    assert triangle == [(30, 30), (35, 40), (40, 30), (30, 30)]
    assert antarctic[0] == (-10, -80)


def test_build_command_reproduces_the_land_path_from_topojson(tmp_path):
    source = tmp_path / "land.json"
    source.write_text(json.dumps(tiny_topology()))
    output = tmp_path / "world_land.json"

    call_command("build_world_map", str(source), output=str(output), tolerance=0, precision=1)

    asset = json.loads(output.read_text())
    square = [worldmap.project(lat, lon) for lon, lat in [(-10, -10), (10, -10), (10, 10), (-10, 10)]]
    triangle = [worldmap.project(lat, lon) for lon, lat in [(30, 30), (35, 40), (40, 30)]]
    expected, points = worldmap.encode_rings([square, triangle], precision=1)
    assert asset["d"] == expected
    assert asset["points"] == points == 7
    assert asset["d"].count("M") == 2  # the Antarctic polygon was left out
    assert asset["width"] == worldmap.WIDTH


def test_build_command_refuses_a_file_that_is_not_topojson(tmp_path):
    source = tmp_path / "bad.json"
    source.write_text('{"type": "FeatureCollection"}')
    with pytest.raises(Exception, match="not a TopoJSON topology"):
        call_command("build_world_map", str(source), output=str(tmp_path / "out.json"))


def test_encoded_path_is_relative_and_compact():
    path, points = worldmap.encode_rings([[(0, 0), (10, 0), (10, 10.04), (0, 10)]], precision=1)
    assert path == "M0 0l10 0 0 10-10 0z"
    assert points == 4


# Rendering


@pytest.mark.django_db
def test_map_has_one_named_link_and_one_arc_per_partner_with_coordinates():
    harbin = make_city("Harbin", HARBIN, country="CN", partner=False, is_home=True)
    make_city("Edmonton", EDMONTON)
    make_city("Salvador", SALVADOR, country="BR")

    html = render_map(City.objects.partners(), home=harbin)

    assert html.count('class="map-marker"') == 2
    assert html.count('class="map-arc"') == 2
    assert 'aria-label="Edmonton, Canada"' in html
    assert 'aria-label="Salvador, Brazil"' in html
    assert f'href="{reverse("cities:detail", kwargs={"slug": "edmonton"})}"' in html
    assert 'class="map-marker map-home"' in html
    assert 'aria-label="Harbin, China"' in html
    assert 'role="img"' not in html  # would hide the links from assistive technology


@pytest.mark.django_db
def test_cities_without_coordinates_are_listed_not_drawn():
    harbin = make_city("Harbin", HARBIN, country="CN", partner=False, is_home=True)
    make_city("Edmonton", EDMONTON)
    make_city("Yichuan", country="CN")

    html = render_map(list(City.objects.partners()), home=harbin)

    assert html.count('class="map-marker"') == 1
    assert 'aria-label="Yichuan' not in html
    unplaced = html.split('class="map-unplaced"')[1]
    assert f'<a href="{reverse("cities:detail", kwargs={"slug": "yichuan"})}">Yichuan</a>' in unplaced


@pytest.mark.django_db
def test_map_without_home_draws_markers_but_no_arcs():
    make_city("Edmonton", EDMONTON)
    html = render_map(City.objects.all())
    assert html.count('class="map-marker"') == 1
    assert "map-arc" not in html


@pytest.mark.django_db
def test_city_names_are_escaped_in_labels_and_titles():
    make_city("<script>alert(1)</script>", EDMONTON)
    html = render_map(City.objects.all())
    assert "<script>" not in html
    assert 'aria-label="&lt;script&gt;alert(1)&lt;/script&gt;, Canada"' in html
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;, Canada</title>" in html


@pytest.mark.django_db
def test_tag_runs_only_the_query_of_the_queryset_it_is_given(django_assert_num_queries):
    harbin = make_city("Harbin", HARBIN, country="CN", partner=False, is_home=True)
    for index in range(5):
        make_city(f"Partner {index}", (Decimal(10 * index), Decimal(-20 * index)))
    make_city("Unplaced", country="FR")
    cities = City.objects.partners().only("name", "slug", "country", "latitude", "longitude", "is_home")
    with django_assert_num_queries(1):
        html = render_map(cities, home=harbin)
    assert html.count('class="map-marker"') == 5


@pytest.mark.django_db
def test_home_page_shows_the_map_with_published_partner_markers(client):
    make_city("Harbin", HARBIN, country="CN", partner=False, is_home=True)
    make_city("Edmonton", EDMONTON)
    make_city("Salvador", SALVADOR, country="BR")
    make_city("Secret Draft", (Decimal("10"), Decimal("10")), status=Status.DRAFT)

    response = client.get(reverse("home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="map-svg"' in html
    assert 'aria-label="Edmonton, Canada"' in html
    assert 'aria-label="Salvador, Brazil"' in html
    assert "Secret Draft" not in html
    assert html.count('class="map-arc"') == 2
    assert len(response.content) < 120_000


@pytest.mark.django_db
def test_home_page_map_query_count_does_not_grow_with_partners(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    make_city("Harbin", HARBIN, country="CN", partner=False, is_home=True)
    make_city("Edmonton", EDMONTON)
    with django_assert_max_num_queries(50) as few:
        client.get(reverse("home"))
    with django_capture_on_commit_callbacks(execute=True):  # the cache is told once the writes commit
        for index in range(20):
            make_city(f"Partner {index}", (Decimal(index), Decimal(index)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("home"))
    assert response.content.decode().count('class="map-marker"') == 21


def test_map_numbers_are_not_localised_in_russian(client, db):
    from cities.models import City, Partnership
    from core.publishing import Status

    City.objects.create(name="Harbin", slug="harbin", country="CN", is_home=True, latitude=45.8, longitude=126.5)
    edmonton = City.objects.create(
        name="Edmonton", slug="edmonton", country="CA", latitude=53.5461, longitude=-113.4938, status=Status.PUBLISHED
    )
    Partnership.objects.create(city=edmonton, status=Status.PUBLISHED)
    html = client.get("/ru/cities/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "," not in svg.split('viewBox="')[1].split('"')[0]
    assert 'cx="' in svg and not any(ch == "," for ch in svg.split('cx="')[1].split('"')[0])


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_a_queryset_and_a_list_of_the_same_cities_draw_the_same_map(language):
    from django.utils import translation

    harbin = make_city("Harbin", HARBIN, country="CN", partner=False, is_home=True)
    make_city("Edmonton", EDMONTON)
    make_city("Salvador", SALVADOR, country="BR")
    lyon = make_city('Lyon & "Villeurbanne" <l\'agglo>', (Decimal("45.76"), Decimal("4.83")), country="FR")
    lyon.name_zh_hans, lyon.name_ru = "里昂", "Лион"
    lyon.save()
    make_city("Gomel", (Decimal("52.44"), Decimal("30.98")), country="BY")  # no name but English: falls back
    make_city("Unplaced <b>", country="FR")
    with translation.override(language):
        from_queryset = render_map(City.objects.partners().order_by("pk"), home=harbin)
        from_list = render_map(list(City.objects.partners().order_by("pk")), home=harbin)
    assert from_queryset == from_list
    assert "<l'agglo>" not in from_queryset
    assert "Gomel" in from_queryset
    if language == "zh-hans":
        assert "里昂" in from_queryset
