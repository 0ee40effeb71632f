"""The museum's writing logic, one module per procedure; `from museum.services import exhibit_move` keeps working."""

from .audits import accession_from_code, audit_close, audit_scan, audit_summary  # noqa: F401
from .condition import condition_check_record, condition_sync_exhibit  # noqa: F401
from .exits import exit_approve, exit_propose, exit_reject  # noqa: F401
from .inventory import exhibit_first_placement, exhibit_move  # noqa: F401
from .loans import (  # noqa: F401
    loan_add_exhibit,
    loan_agree,
    loan_cancel,
    loan_create,
    loan_return,
    loan_send_out,
    missing_recent_checks,
)
