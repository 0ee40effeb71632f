"""What higher apps add to a city's page, without this app naming them (see core/sections.py)."""

from core.sections import Slot

# Sections under the partnership: providers give a core.sections.Section (events, the museum room and gifts).
city_page = Slot("city page")
# Entries of the partnership's timeline beside its milestones: providers give a list of TimelineEntry.
city_timeline = Slot("city timeline")
