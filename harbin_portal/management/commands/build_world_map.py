"""Build the partner map's land outline from Natural Earth TopoJSON.

The committed asset `core/data/world_land.json` was made once, outside the repository, with:

    npm install --prefix /tmp/wa world-atlas@2
    .venv/bin/python manage.py build_world_map /tmp/wa/node_modules/world-atlas/land-110m.json

world-atlas 2.0.2 carries Natural Earth 1:110m land (public domain). Nothing is downloaded when the
site runs: the map reads the committed JSON. Re-run the command only to change the land data or the
projection frame in `harbin_portal/worldmap.py`.
"""

import json
from pathlib import Path

from django.core.management import BaseCommand, CommandError

from core.worldmap import LAND_ASSET, build_land_asset


class Command(BaseCommand):
    help = "Project a TopoJSON land file (world-atlas land-110m.json) into the map's committed land outline."
    requires_system_checks = []  # a file-to-file build step: it needs neither the database nor the URLs

    def add_arguments(self, parser):
        parser.add_argument("topojson", help="Path to a TopoJSON file such as world-atlas/land-110m.json.")
        parser.add_argument("--object", default="land", help="Name of the TopoJSON object to draw (default: land).")
        parser.add_argument("--output", default=str(LAND_ASSET), help=f"Where to write (default: {LAND_ASSET.name}).")
        parser.add_argument(
            "--tolerance", type=float, default=0.3, help="Simplification tolerance in map units (map is 1000 wide)."
        )
        parser.add_argument("--precision", type=int, default=1, help="Decimals kept in the path data.")

    def handle(self, *args, topojson, object, output, tolerance, precision, **options):
        try:
            topology = json.loads(Path(topojson).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read TopoJSON from {topojson}: {error}") from error
        if topology.get("type") != "Topology" or object not in topology.get("objects", {}):
            raise CommandError(f"{topojson} is not a TopoJSON topology with an object named {object!r}.")
        asset = build_land_asset(topology, object_name=object, tolerance=tolerance, precision=precision)
        Path(output).write_text(json.dumps(asset, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(f"Wrote {output}: {asset['points']} points, {len(asset['d'])} characters of path data.")
