"""The museum's records: one module per family (the inventory today; each SPECTRUM procedure in its own)."""

from .audits import Audit, AuditEntry, AuditStatus, Outcome  # noqa: F401
from .condition import (  # noqa: F401
    RECENT_CHECK_DAYS,
    CheckReason,
    Completeness,
    ConditionCheck,
    ConditionPartNote,
    ConditionPhoto,
)
from .exits import APPROVE_EXITS, Deaccession, ExitMethod, ExitStatus  # noqa: F401
from .inventory import (  # noqa: F401
    ACCESSION_PATTERN,
    ACCESSION_PREFIX,
    TITLE_SORT_LANGUAGES,
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
    decade_of,
    published_exhibit_count,
    title_sort_strings,
)
from .loans import DUE_SOON_DAYS, LOAN_PREFIXES, Loan, LoanDirection, LoanObject, LoanStatus  # noqa: F401
from .valuation import (  # noqa: F401
    VIEW_VALUATIONS,
    Valuation,
    ValuationReason,
    ValuationSource,
    may_view_valuations,
)
