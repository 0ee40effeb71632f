"""History: who changed what from what to what, shown in the admin, and restoring an earlier version."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from events.models import EventSeries
from events.tests.factories import EventSeriesFactory
from harbin_portal import roles


def form_data(form):
    """The POST data that submits `form` as it stands (what a browser would send unchanged)."""
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif value is None:
            data[bound.html_name] = ""
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        elif hasattr(value, "isoformat"):
            data[bound.html_name] = value.isoformat()
        else:
            data[bound.html_name] = str(value)
    return data


def change_form_data(response):
    data = form_data(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    return data


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("erika", password="x-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


def edit_series(client, series, **changes):
    url = reverse("admin:events_eventseries_change", args=[series.pk])
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


@pytest.mark.django_db
def test_history_records_the_user_and_the_changed_fields(client, editor):
    series = EventSeriesFactory(name="Mayors Dialogue", name_en="Mayors Dialogue", slug="mayors")
    client.force_login(editor)
    edit_series(client, series, name_en="Global Mayors Dialogue")

    latest, previous = series.history.all()[:2]
    assert latest.history_user == editor
    changed = {change.field: (change.old, change.new) for change in latest.diff_against(previous).changes}
    assert changed["name_en"] == ("Mayors Dialogue", "Global Mayors Dialogue")
    assert "status" not in changed and "slug" not in changed


@pytest.mark.django_db
def test_admin_history_page_shows_who_and_each_field_from_old_to_new(client, editor):
    series = EventSeriesFactory(name="Mayors Dialogue", name_en="Mayors Dialogue", description_en="Old words")
    client.force_login(editor)
    edit_series(client, series, description_en="New words")
    page = client.get(reverse("admin:events_eventseries_history", args=[series.pk])).content.decode()
    assert "erika" in page
    assert "Old words" in page and "New words" in page
    # The plain column of a translated field repeats its English twin; only the twin is listed.
    assert "<strong>description:</strong>" not in page


@pytest.mark.django_db
def test_reverting_to_an_earlier_version_brings_the_old_values_back(client, editor):
    series = EventSeriesFactory(name="Mayors Dialogue", name_en="Mayors Dialogue", description_en="First text")
    client.force_login(editor)
    edit_series(client, series, name_en="Renamed", description_en="Second text")
    first = series.history.earliest()

    url = reverse("admin:events_eventseries_simple_history", args=[series.pk, first.history_id])
    form_page = client.get(url)
    assert form_page.status_code == 200
    response = client.post(url, form_data(form_page.context["adminform"].form))
    assert response.status_code == 302

    series = EventSeries.objects.get(pk=series.pk)
    assert (series.name_en, series.description_en) == ("Mayors Dialogue", "First text")
    assert series.history.count() == 3
    assert series.history.first().history_user == editor


@pytest.mark.django_db
def test_view_only_staff_cannot_revert(client, django_user_model):
    series = EventSeriesFactory(name="Mayors Dialogue", name_en="Mayors Dialogue")
    series.name_en = "Renamed"
    series.save()
    cataloguer = django_user_model.objects.create_user("cato", password="x-long-password-1", is_staff=True)
    cataloguer.groups.add(Group.objects.get(name=roles.CATALOGUERS))
    client.force_login(cataloguer)
    url = reverse("admin:events_eventseries_simple_history", args=[series.pk, series.history.earliest().history_id])
    form_page = client.get(url)
    assert form_page.status_code == 200  # reading an earlier version is allowed
    assert client.post(url, form_data(form_page.context["adminform"].form)).status_code == 403
    assert EventSeries.objects.get(pk=series.pk).name_en == "Renamed"


@pytest.mark.django_db
def test_publishing_from_the_list_is_recorded_with_the_user(client, editor):
    series = EventSeriesFactory(status="draft")
    client.force_login(editor)
    response = client.post(
        reverse("admin:events_eventseries_changelist"),
        {"action": "publish", "_selected_action": [series.pk]},
    )
    assert response.status_code == 302
    latest = series.history.first()
    assert (latest.status, latest.history_user) == ("published", editor)
