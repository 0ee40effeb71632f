"""Admin for the SPECTRUM procedures beyond the inventory, one module per procedure (imported by museum/admin.py).

Each step (agree a loan, send it out, close an audit, approve an exit) is a service call in museum/services/;
the admin only collects the input and reports the outcome.
"""

from . import audits, condition, exits, loans, valuation  # noqa: F401  (registers the ModelAdmins)
from .loans import register_city_loans_inline  # noqa: F401
