"""The museum's records: one module per family (the inventory today; each SPECTRUM procedure in its own)."""

from .inventory import (  # noqa: F401
    ACCESSION_PATTERN,
    ACCESSION_PREFIX,
    AcquisitionMethod,
    Condition,
    Donor,
    DonorKind,
    Exhibit,
    ExhibitImage,
    ExhibitQuerySet,
    Movement,
    Museum,
    ObjectType,
    ObjectTypeQuerySet,
    Room,
    RoomQuerySet,
    accession_sort_key,
    published_exhibit_count,
)
