"""Cities that are probably the one being entered: same country, a name in any language or spelling that is
equal or nearly equal once case, accents, punctuation and a trailing "city"/"市" are set aside."""

import difflib
import re
import unicodedata

from .models import City

NAME_FIELDS = ("name_en", "name_zh_hans", "name_ru")
# "Niigata City", "新潟市", "Niigata-shi" name the same city as "Niigata".
SUFFIXES = ("city", "shi", "市", "город")
NEARLY = 0.85


def normalise(name):
    text = unicodedata.normalize("NFKD", name or "").casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"[\W_]+", "", text)
    for suffix in SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
            break
    return text


def names_of(values):
    """Every name in `values` (dict of field -> text): the translated names and one spelling per line."""
    names = [values.get(field) for field in NAME_FIELDS]
    for field in ("alternative_names", "source_spellings"):
        names.extend((values.get(field) or "").splitlines())
    return {normalise(name) for name in names if name and normalise(name)}


def _alike(a, b):
    if a == b:
        return True
    return min(len(a), len(b)) >= 4 and difflib.SequenceMatcher(None, a, b).ratio() >= NEARLY


def similar_cities(*, values, country, exclude_pk=None):
    """The cities of `country` with a name equal or close to one of `values`' names, by name."""
    wanted = names_of(values)
    if not wanted or not country:
        return []
    candidates = City.objects.filter(country=country).exclude(pk=exclude_pk).order_by("name_en")
    found = []
    for city in candidates:
        theirs = names_of({field: getattr(city, field, "") for field in (*NAME_FIELDS, "alternative_names")})
        if any(_alike(a, b) for a in wanted for b in theirs):
            found.append(city)
    return found
