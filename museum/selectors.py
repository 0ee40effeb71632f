"""Reads that pages above the museum share (the staff dashboard)."""

from django.utils import timezone

from core.cache import cached_for_content

from .models import DUE_SOON_DAYS, Loan, Museum


def loans_due(today=None, days=DUE_SOON_DAYS):
    """{"overdue": [...], "due_soon": [...]}: loans out past their return date, and those due within `days`.

    One query.
    """
    today = today or timezone.localdate()
    loans = list(Loan.objects.due_back(today, days).select_related("partner_city").order_by("end_on", "number_sort"))
    return {
        "overdue": [loan for loan in loans if loan.end_on < today],
        "due_soon": [loan for loan in loans if loan.end_on >= today],
    }


def the_museum():
    """The museum's record (None before it is entered), kept until the museum's content changes: the home page and
    the museum's pages show it on every visit. Callers must not change it."""
    return cached_for_content("the-museum", lambda: Museum.objects.first(), reads=("museum",))
