"""What the cities app gives the pages' templates (core/jinja.py): citations and the partner map."""

from cities.citations import cite, sources_of
from cities.worldmap import world_map

globals = {"cite": cite, "sources_of": sources_of, "world_map": world_map}  # noqa: A001 - the name core/jinja.py reads
