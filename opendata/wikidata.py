"""Compare the portal's partner list with the twinning statements (P190) of a Wikidata JSON snippet that staff
upload: in both, only in the portal, only on Wikidata. No network: the snippet is the whole input."""

import json
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cities.models import City

WIKIDATA_ID = re.compile(r"^Q\d+$")
TWINNED_WITH = "P190"


class SnippetError(ValueError):
    """The upload is not a Wikidata entity snippet we can read; the message says why."""


@dataclass
class Comparison:
    home_id: str
    in_both: list = field(default_factory=list)  # [(City, Q-id)]
    only_here: list = field(default_factory=list)  # [City]
    without_id: list = field(default_factory=list)  # [City] partners with no Wikidata ID
    only_there: list = field(default_factory=list)  # [(Q-id, label, City or None when the portal lacks it)]


def _entities(data):
    """The entities of a dump line, an API answer ({"entities": {...}}) or a list of entities."""
    if isinstance(data, dict) and isinstance(data.get("entities"), dict):
        return list(data["entities"].values())
    if isinstance(data, dict) and "id" in data:
        return [data]
    if isinstance(data, list):
        return [entity for entity in data if isinstance(entity, dict) and "id" in entity]
    raise SnippetError(_("The file holds no Wikidata entity (expected an object with “id” and “claims”)."))


def _label(entity):
    labels = entity.get("labels") or {}
    for language in ("en", "zh-hans", "zh", "ru"):
        value = (labels.get(language) or {}).get("value")
        if value:
            return value
    return ""


def twinned_ids(entity):
    """The Q-ids of the entity's twinning (P190) statements, in their order, deprecated ones left out."""
    ids = []
    for statement in (entity.get("claims") or {}).get(TWINNED_WITH, []):
        if statement.get("rank") == "deprecated":
            continue
        value = ((statement.get("mainsnak") or {}).get("datavalue") or {}).get("value") or {}
        target = value.get("id") if isinstance(value, dict) else None
        if target and WIKIDATA_ID.match(target):
            ids.append(target)
    return list(dict.fromkeys(ids))


def read_snippet(raw, home_id=""):
    """(home entity, {Q-id: label}) from the uploaded bytes; raises SnippetError with a message for staff."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        raise SnippetError(_("The file is not valid JSON.")) from None
    entities = _entities(data)
    if not entities:
        raise SnippetError(_("The file holds no Wikidata entity."))
    home = next((entity for entity in entities if entity.get("id") == home_id), None)
    if home is None:
        home = next((entity for entity in entities if twinned_ids(entity)), None)
    if home is None:
        raise SnippetError(_("No entity in the file has twinning statements (P190)."))
    labels = {entity["id"]: _label(entity) for entity in entities if isinstance(entity.get("id"), str)}
    return home, labels


def compare(raw):
    """Compare the uploaded snippet with every partner city (drafts included: this is a staff report)."""
    harbin = City.objects.home().first()
    home, labels = read_snippet(raw, harbin.wikidata_id if harbin else "")
    there = twinned_ids(home)
    partners = list(City.objects.partners().select_related("partnership").order_by("name"))
    by_id = {city.wikidata_id: city for city in partners if city.wikidata_id}
    comparison = Comparison(home_id=home.get("id", ""))
    for city in partners:
        if not city.wikidata_id:
            comparison.without_id.append(city)
        elif city.wikidata_id in there:
            comparison.in_both.append((city, city.wikidata_id))
        else:
            comparison.only_here.append(city)
    others = {city.wikidata_id: city for city in City.objects.filter(wikidata_id__in=there)}
    for qid in there:
        if qid not in by_id:
            comparison.only_there.append((qid, labels.get(qid, ""), others.get(qid)))
    return comparison
