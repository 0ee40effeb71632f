"""What each database constraint of the museum app means, as the admin and imports say it (core.constraints)."""

from django.utils.translation import gettext_lazy as _

from core.constraints import register_constraint_messages

register_constraint_messages(
    {
        "exhibit_at_least_one_object": _("The number of objects must be 1 or more."),
        "exhibit_accession_number_format": _(
            "An accession number reads HISCM.<year>.<serial>, for example HISCM.2026.14."
        ),
        "exhibit_has_a_location_or_loan": _(
            "Say where the object is: choose a room, tick “In store”, or record the loan it is on."
        ),
        "exhibit_exited_is_draft": _("An object that has left the collection cannot be published: set it to draft."),
        "exhibit_in_store_not_on_display": _("An object in store cannot be on display: untick one of the two."),
        "exhibit_one_primary_image": _("Only one image of an exhibit can be its main image."),
        "audit_one_location": _("An audit covers either one room or the store."),
        "audit_closed_has_time": _("A closed audit needs the time it was closed."),
        "condition_next_check_after_check": _("The next check must come after this check."),
        "deaccession_approved_once": _("An exit of this object has already been approved."),
        "deaccession_decided_has_time": _("A decided exit proposal needs the time of the decision."),
        "loan_ends_after_start": _("A loan cannot end before it starts."),
        "loan_returned_after_going_out": _("The objects cannot come back before they went out."),
        "loan_agreed_after_request": _("A loan cannot be agreed before it was requested."),
        "loan_insurance_not_negative": _("The insurance value cannot be negative."),
        "loan_out_has_date": _("A loan that is out or returned needs the date the objects went out."),
        "loan_returned_has_date": _("A returned loan needs the date the objects came back."),
        "loan_object_named": _("Choose an exhibit or describe the object."),
        "valuation_not_negative": _("A value cannot be negative."),
    }
)
