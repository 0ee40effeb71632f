"""The OAI-PMH repository's records: published exhibits, and exhibits once published and no longer (deleted).

A record's datestamp is its latest history entry (django-simple-history), or `updated` for rows loaded
without history. Records are listed in id order, so a resumption token only needs the last id sent.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.conf import settings
from django.db.models import DateTimeField, Exists, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from core.publishing import Status
from museum.models import Exhibit, ObjectType, Room

MUSEUM_REPOSITORY_NAME = "Harbin International Sister Cities Museum"


def repository_identifier():
    return settings.OAI_REPOSITORY_IDENTIFIER


def identifier_for(exhibit):
    return identifier_of(exhibit.accession_number)


def identifier_of(accession_number):
    return f"oai:{repository_identifier()}:{accession_number}"


def accession_from(identifier):
    prefix = f"oai:{repository_identifier()}:"
    return identifier[len(prefix) :] if identifier.startswith(prefix) else None


@cache
def _history_model():
    # Read once: `Exhibit.history` builds a new manager class on every access (0.8 ms of a harvest's page).
    return Exhibit.history.model


def _history():
    return _history_model().objects


def _latest_history_date():
    latest = (_history().filter(id=OuterRef("pk")).order_by().values("id").annotate(latest=Max("history_date"))).values(
        "latest"
    )
    return Coalesce(Subquery(latest, output_field=DateTimeField()), "updated")


@dataclass(frozen=True)
class Record:
    pk: int
    identifier: str
    datestamp: datetime
    deleted: bool
    sets: tuple
    exhibit: Exhibit | None = None


def set_specs(exhibit_room_slug, type_slug):
    specs = []
    if exhibit_room_slug:
        specs.append(f"room:{exhibit_room_slug}")
    if type_slug:
        specs.append(f"type:{type_slug}")
    return tuple(specs)


def all_sets():
    """[(setSpec, name)] of the rooms and object types with published exhibits."""
    rooms = Room.objects.published().order_by("order", "pk")
    types = ObjectType.objects.order_by("order", "pk")
    return [(f"room:{room.slug}", room) for room in rooms] + [(f"type:{kind.slug}", kind) for kind in types]


def _set_filter(spec):
    """(field lookups for the live table, for the history table) of a setSpec; None for an unknown set."""
    kind, _sep, slug = (spec or "").partition(":")
    if kind == "room":
        room = Room.objects.published().filter(slug=slug).first()
        return ({"room": room}, {"room_id": room.pk}) if room else None
    if kind == "type":
        object_type = ObjectType.objects.filter(slug=slug).first()
        return ({"object_type": object_type}, {"object_type_id": object_type.pk}) if object_type else None
    return None


def is_known_set(spec):
    return _set_filter(spec) is not None


def _gone(history_lookup=None):
    """Exhibits once published and now unpublished or deleted: id, latest history date, accession number."""
    # EXISTS, not IN: PostgreSQL can answer NOT EXISTS with an anti-join, while NOT IN (subquery) is a hashed
    # subplan only while the exhibits' keys fit in work_mem, and a subquery run again for every row beyond that.
    once_published = _history().filter(id=OuterRef("id"), status=Status.PUBLISHED, **(history_lookup or {}))
    still_published = Exhibit.objects.published().filter(pk=OuterRef("id"))
    return (
        _history()
        .filter(Exists(once_published), ~Exists(still_published))
        .order_by()
        .values("id")
        .annotate(datestamp=Max("history_date"), accession_number=Max("accession_number"))
    )


def live_exhibits():
    return (
        Exhibit.objects.published()
        .select_related("object_type", "room", "origin_city", "donor", "presented_at")
        .annotate(datestamp=_latest_history_date())
    )


def records(*, after=0, limit, date_from=None, date_until=None, set_spec=None):
    """Up to `limit` records with id > `after`, in id order, and whether more follow.

    Only what a header needs is read (identifier, datestamp, sets): a list's metadata is kept per record, and
    whole exhibits are loaded (`exhibits`) only for the records whose metadata has to be built."""
    live = Exhibit.objects.published().annotate(datestamp=_latest_history_date()).filter(pk__gt=after)
    history_lookup = None
    if set_spec:
        live_lookup, history_lookup = _set_filter(set_spec)
        live = live.filter(**live_lookup)
    gone = _gone(history_lookup).filter(id__gt=after)
    if date_from:
        live = live.filter(datestamp__gte=date_from)
        gone = gone.filter(datestamp__gte=date_from)
    if date_until:
        live = live.filter(datestamp__lte=date_until)
        gone = gone.filter(datestamp__lte=date_until)
    header = live.order_by("pk").values_list("pk", "accession_number", "datestamp", "room__slug", "object_type__slug")
    rows = [
        Record(
            pk=pk,
            identifier=identifier_of(accession_number),
            datestamp=datestamp,
            deleted=False,
            sets=set_specs(room_slug or "", type_slug or ""),
        )
        for pk, accession_number, datestamp, room_slug, type_slug in header[: limit + 1]
    ]
    rows += [
        Record(
            pk=row["id"],
            identifier=identifier_of(row["accession_number"]),
            datestamp=row["datestamp"],
            deleted=True,
            sets=(),
        )
        for row in gone.order_by("id")[: limit + 1]
    ]
    rows.sort(key=lambda record: record.pk)
    return rows[:limit], len(rows) > limit


def exhibits(pks):
    """{pk: exhibit} with everything a record's metadata shows, for the published exhibits among `pks`."""
    return live_exhibits().prefetch_related("images").in_bulk(pks)


def count(*, date_from=None, date_until=None, set_spec=None):
    """The size of the complete list (for completeListSize)."""
    live = Exhibit.objects.published()
    if set_spec:
        live = live.filter(**_set_filter(set_spec)[0])
    if date_from or date_until:
        live = live.annotate(datestamp=_latest_history_date())
        if date_from:
            live = live.filter(datestamp__gte=date_from)
        if date_until:
            live = live.filter(datestamp__lte=date_until)
    gone = _gone(_set_filter(set_spec)[1] if set_spec else None)
    if date_from:
        gone = gone.filter(datestamp__gte=date_from)
    if date_until:
        gone = gone.filter(datestamp__lte=date_until)
    return live.count() + gone.count()


def record_for(identifier):
    """The record of an identifier (live or deleted), or None when the repository never had it."""
    accession = accession_from(identifier)
    if not accession:
        return None
    exhibit = live_exhibits().prefetch_related("images").filter(accession_number=accession).first()
    if exhibit is not None:
        return Record(
            pk=exhibit.pk,
            identifier=identifier,
            datestamp=exhibit.datestamp,
            deleted=False,
            sets=set_specs(exhibit.room.slug if exhibit.room_id else "", getattr(exhibit.object_type, "slug", "")),
            exhibit=exhibit,
        )
    gone = _gone({"accession_number": accession}).order_by("id").first()
    if gone is None:
        return None
    return Record(pk=gone["id"], identifier=identifier, datestamp=gone["datestamp"], deleted=True, sets=())


def earliest_datestamp():
    first = _history().order_by("history_date").values_list("history_date", flat=True).first()
    oldest_row = Exhibit.objects.order_by("updated").values_list("updated", flat=True).first()
    candidates = [value for value in (first, oldest_row) if value is not None]
    return min(candidates) if candidates else None
