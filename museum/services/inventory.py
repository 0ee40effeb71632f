"""Writing logic of the museum beyond a model method: moving exhibits."""

from django.db import transaction
from django.utils import timezone

from ..models import Exhibit, Movement


@transaction.atomic
def exhibit_move(*, exhibit, to_room=None, to_case="", to_store=False, by=None, reason="", when=None):
    """Put `exhibit` in a new location and record the Movement from where the database last had it.

    Saves the exhibit (with any other unsaved changes on the instance). Returns the Movement, or
    None when the location did not change.
    """
    previous = Exhibit.objects.filter(pk=exhibit.pk).values("room_id", "case", "in_store").first()
    exhibit.room = to_room
    exhibit.case = to_case or ""
    exhibit.in_store = to_store
    exhibit.save()
    if previous is None:
        return None
    to_room_id = to_room.pk if to_room else None
    if (previous["room_id"], previous["case"], previous["in_store"]) == (to_room_id, exhibit.case, to_store):
        return None
    return Movement.objects.create(
        exhibit=exhibit,
        from_room_id=previous["room_id"],
        from_case=previous["case"],
        from_store=previous["in_store"],
        to_room=to_room,
        to_case=exhibit.case,
        to_store=to_store,
        moved_at=when or timezone.now(),
        moved_by=by if by is not None and by.is_authenticated else None,
        reason=reason or "",
    )


def exhibit_first_placement(*, exhibit, by=None, reason="", when=None):
    """Record where a newly catalogued `exhibit` was first put, so its location history starts at the start.
    Returns the Movement, or None when it has no location in the building (e.g. catalogued while on loan)."""
    if exhibit.room_id is None and not exhibit.in_store:
        return None
    return Movement.objects.create(
        exhibit=exhibit,
        to_room_id=exhibit.room_id,
        to_case=exhibit.case,
        to_store=exhibit.in_store,
        moved_at=when or timezone.now(),
        moved_by=by if by is not None and by.is_authenticated else None,
        reason=reason or "",
    )
