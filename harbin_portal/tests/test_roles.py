"""Roles: every role against every admin URL of every registered model, generated from harbin_portal/roles.py."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from cities.tests.factories import CityFactory as PartnerCityFactory
from cities.tests.factories import ContactFactory
from events.tests.factories import EventFactory
from harbin_portal import roles
from museum.tests.factories import ExhibitFactory

from .samples import sample_objects

ROLE_NAMES = list(roles.ROLES)
ACTIONS = ("view", "add", "change", "delete")
# Every model the admin shows; the table below is printed for the closing note.
REGISTERED = sorted(admin.site._registry, key=lambda m: m._meta.label_lower)


def member_of(django_user_model, role):
    user = django_user_model.objects.create_user(f"member-{len(role)}", password="x-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def admin_ceiling(model, obj, superuser):
    """What the ModelAdmin allows at all (e.g. nobody adds a second museum): roles cannot exceed it."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    model_admin = admin.site._registry[model]
    return {
        "view": model_admin.has_view_or_change_permission(request, obj),
        "add": model_admin.has_add_permission(request),
        "change": model_admin.has_change_permission(request, obj),
        "delete": model_admin.has_delete_permission(request, obj),
    }


def observed_access(client, model, obj):
    """Which admin views answer (anything but 403) for the logged-in client."""
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    pk = obj.pk if obj is not None else 999999  # the permission check comes before the lookup
    status = {
        "view": client.get(reverse(f"{info}_changelist")).status_code,
        "add": client.get(reverse(f"{info}_add")).status_code,
        "change": client.post(reverse(f"{info}_change", args=[pk]), {}).status_code,
        "delete": client.get(reverse(f"{info}_delete", args=[pk])).status_code,
    }
    for action, code in status.items():
        assert code in (200, 302, 403), f"{model._meta.label} {action}: unexpected {code}"
    return {action: code != 403 for action, code in status.items()}


def expected_access(role, model, ceiling):
    granted = roles.allowed_actions(role, model._meta.label_lower)
    expected = {action: action in granted and ceiling[action] for action in ACTIONS}
    # Change permission implies view in Django's admin.
    expected["view"] = ("view" in granted or "change" in granted) and ceiling["view"]
    return expected


def _cell(access):
    return "".join(letter if access[action] else "·" for action, letter in zip(ACTIONS, "vacd", strict=True))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLE_NAMES)
def test_each_role_may_use_exactly_the_admin_views_of_its_job(role, client, django_user_model, superuser, capsys):
    user = member_of(django_user_model, role)
    objects = sample_objects(user)
    client.force_login(user)
    table, wrong = [], []
    for model in REGISTERED:
        obj = objects.get(model._meta.label_lower)
        expected = expected_access(role, model, admin_ceiling(model, obj, superuser))
        observed = observed_access(client, model, obj)
        table.append(f"  {model._meta.label_lower:<28} {_cell(observed)}")
        if observed != expected:
            wrong.append(f"{model._meta.label_lower}: expected {_cell(expected)}, observed {_cell(observed)}")
    with capsys.disabled():
        print(f"\n{role} (v=view list, a=add, c=change, d=delete):\n" + "\n".join(table))
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_roles_exist_after_migrations_with_the_tabled_permissions():
    for role in roles.ROLES:
        group = Group.objects.get(name=role)
        assert set(group.permissions.all()) == set(roles.permissions_for(role, Permission))


@pytest.mark.django_db
def test_administrators_hold_every_permission_users_included():
    codenames = set(Group.objects.get(name=roles.ADMINISTRATORS).permissions.values_list("codename", flat=True))
    assert {"add_user", "change_user", "delete_user", "change_group", "delete_exhibit", "view_contact"} <= codenames


@pytest.mark.django_db
def test_applying_the_roles_again_changes_nothing():
    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    roles.apply_roles(Group, Permission)
    call_command("sync_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert after == before
    assert Group.objects.filter(name__in=roles.ROLES).count() == 3


@pytest.mark.django_db
def test_roles_are_restored_after_someone_edits_a_group():
    group = Group.objects.get(name=roles.CATALOGUERS)
    group.permissions.add(Permission.objects.get(codename="view_contact"))
    roles.apply_roles(Group, Permission)
    assert not group.permissions.filter(codename="view_contact").exists()


@pytest.mark.django_db
def test_cataloguer_can_autocomplete_the_giving_city_and_the_event(client, django_user_model):
    city = PartnerCityFactory(name="Asahikawa", name_en="Asahikawa")
    event = EventFactory(title="Friendship Expo", title_en="Friendship Expo", starts_on=datetime.date(2019, 6, 1))
    client.force_login(member_of(django_user_model, roles.CATALOGUERS))
    url = reverse("admin:autocomplete")
    found = client.get(
        url, {"app_label": "museum", "model_name": "exhibit", "field_name": "origin_city", "term": "Asa"}
    )
    assert found.status_code == 200
    assert [r["id"] for r in found.json()["results"]] == [str(city.pk)]
    found = client.get(
        url, {"app_label": "museum", "model_name": "exhibit", "field_name": "presented_at", "term": "Expo"}
    )
    assert found.status_code == 200
    assert [r["id"] for r in found.json()["results"]] == [str(event.pk)]


@pytest.mark.django_db
def test_cataloguer_sees_a_partnership_without_its_contacts(client, django_user_model):
    contact = ContactFactory(name="Secret Person", email="secret.person@example.org")
    client.force_login(member_of(django_user_model, roles.CATALOGUERS))
    response = client.get(reverse("admin:cities_partnership_change", args=[contact.partnership.pk]))
    assert response.status_code == 200
    assert b"secret.person@example.org" not in response.content
    assert client.get(reverse("admin:cities_contact_changelist")).status_code == 403


@pytest.mark.django_db
def test_editor_can_read_but_not_change_museum_records(client, django_user_model):
    exhibit = ExhibitFactory()
    client.force_login(member_of(django_user_model, roles.EDITORS))
    assert client.get(reverse("admin:museum_exhibit_change", args=[exhibit.pk])).status_code == 200
    assert client.post(reverse("admin:museum_exhibit_change", args=[exhibit.pk]), {}).status_code == 403


@pytest.mark.django_db
def test_demo_accounts_are_staff_in_their_groups(django_user_model):
    from harbin_portal.management.commands.bootstrap import DEMO_ACCOUNTS, Command

    command = Command(stdout=open("/dev/null", "w"))  # noqa: SIM115
    command.create_demo_accounts()
    for username, group_name, _superuser in DEMO_ACCOUNTS:
        user = django_user_model.objects.get(username=username)
        assert user.is_staff
        assert list(user.groups.values_list("name", flat=True)) == [group_name]
