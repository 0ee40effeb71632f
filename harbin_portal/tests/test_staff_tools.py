"""Issue 14: staff tools as a foreign-affairs office and a museum would use them."""

import pytest
from django.apps import apps
from django.db.models import CheckConstraint

from core.constraints import constraint_message
from events.tests.test_admin import ADD_URL as EVENT_ADD_URL
from events.tests.test_admin import event_form_data

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"core", "cities", "events", "museum", "delegations", "opendata", "harbin_portal"}


# --- Database constraints speak in sentences ---------------------------------------------------------


def test_event_ending_before_it_starts_is_refused_with_a_sentence(admin_client_):
    response = admin_client_.post(EVENT_ADD_URL, event_form_data(starts_on="2026-01-08", ends_on="2026-01-06"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "An event cannot end before it starts" in page
    assert "is violated" not in page


def test_every_constraint_whose_default_message_names_it_has_a_sentence():
    # Unconditional unique constraints already say "X with this Y already exists"; every other constraint
    # would show "Constraint “name” is violated." without a registered sentence.
    missing = [
        f"{model.__name__}.{constraint.name}"
        for model in apps.get_models()
        if model.__module__.split(".")[0] in PROJECT_APPS
        for constraint in model._meta.constraints
        if isinstance(constraint, CheckConstraint) or getattr(constraint, "condition", None) is not None
        if constraint_message(constraint.name) is None
    ]
    assert missing == []
