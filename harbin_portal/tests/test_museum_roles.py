"""The museum procedures of issue 16 per role, with the real groups (harbin_portal/roles.py), and the site's
parts of them: the dashboard's loans due back and the recent changes."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from harbin_portal import roles
from harbin_portal.dashboard import recent_changes
from museum.models import ExitStatus, LoanStatus
from museum.tests.conftest import CATALOGUER, EDITOR, permissions_of
from museum.tests.factories import (
    AuditFactory,
    CityFactory,
    ConditionCheckFactory,
    DeaccessionFactory,
    LoanFactory,
    ValuationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(django_user_model):
    def make(role, username):
        user = django_user_model.objects.create_user(username, password="x-long-password-1", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def museum_codenames(permissions):
    return {p.codename for p in permissions if p.content_type.app_label == "museum"}


@pytest.mark.parametrize(("role", "kind"), [(roles.CATALOGUERS, CATALOGUER), (roles.EDITORS, EDITOR)])
def test_the_museum_tests_staff_hold_exactly_their_groups_museum_permissions(role, kind):
    group = Group.objects.get(name=role)
    assert museum_codenames(group.permissions.select_related("content_type")) == museum_codenames(
        permissions_of(kind).select_related("content_type")
    )


def test_no_group_but_the_administrators_may_view_values_or_approve_exits():
    for role in roles.ROLES:
        codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        held = {"view_valuation", "approve_deaccession"} & codenames
        if role == roles.ADMINISTRATORS:
            assert held == {"view_valuation", "approve_deaccession"}
        else:
            assert not held, role


def test_a_cataloguer_cannot_see_valuations_and_an_administrator_can(client, member):
    ValuationFactory(value=Decimal("987654.00"))
    url = reverse("admin:museum_valuation_changelist")
    client.force_login(member(roles.CATALOGUERS, "mei"))
    assert client.get(url).status_code == 403
    client.force_login(member(roles.ADMINISTRATORS, "boss"))
    assert "987654" in client.get(url).content.decode()


def test_a_cataloguer_is_not_offered_the_approval_of_an_exit(client, member):
    proposal = DeaccessionFactory()
    client.force_login(member(roles.CATALOGUERS, "mei"))
    url = reverse("admin:museum_deaccession_changelist")
    assert "approve_exits" not in client.get(url).content.decode()
    client.post(url, {"action": "approve_exits", ACTION_CHECKBOX_NAME: [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.status == ExitStatus.PROPOSED


def test_an_editor_reads_a_citys_loans_on_its_admin_page_without_values(client, member):
    niigata = CityFactory(name="Niigata", name_en="Niigata")
    LoanFactory(number="LO.2026.3", partner_city=niigata, purpose="Snow show", insurance_value=Decimal("555444.00"))
    client.force_login(member(roles.EDITORS, "li"))
    html = client.get(reverse("admin:cities_city_change", args=[niigata.pk])).content.decode()
    assert "LO.2026.3" in html
    assert "Snow show" in html
    assert "555444" not in html


def test_an_editor_opens_neither_condition_checks_nor_audits_nor_exits(client, member):
    check, audit, proposal = ConditionCheckFactory(), AuditFactory(), DeaccessionFactory()
    client.force_login(member(roles.EDITORS, "li"))
    assert client.get(reverse("admin:museum_conditioncheck_change", args=[check.pk])).status_code == 403
    assert client.get(reverse("admin:museum_audit_scan", args=[audit.pk])).status_code == 403
    assert client.get(reverse("admin:museum_deaccession_change", args=[proposal.pk])).status_code == 403


def test_values_are_never_in_the_recent_changes_an_editor_sees(member):
    ValuationFactory(value=Decimal("987654.00"))
    assert not [c for c in recent_changes(member(roles.EDITORS, "li")) if str(c["model"]) == "valuation"]
    assert not [c for c in recent_changes(member(roles.CATALOGUERS, "mei")) if str(c["model"]) == "valuation"]
    assert [c for c in recent_changes(member(roles.ADMINISTRATORS, "boss")) if str(c["model"]) == "valuation"]


def test_the_dashboard_lists_loans_due_back_and_overdue(client, member):
    today = timezone.localdate()
    LoanFactory(number="LO.2026.7", status=LoanStatus.OUT, out_on=today, end_on=today - datetime.timedelta(days=2))
    LoanFactory(number="LO.2026.8", status=LoanStatus.OUT, out_on=today, end_on=today + datetime.timedelta(days=10))
    LoanFactory(number="LO.2026.9", status=LoanStatus.OUT, out_on=today, end_on=today + datetime.timedelta(days=45))
    client.force_login(member(roles.CATALOGUERS, "mei"))
    html = client.get(reverse("admin:index")).content.decode()
    start = html.index("Loans due back in 30 days, and overdue")
    section = html[start : html.index("</table>", start)]
    assert section.count("overdue</strong>") == 1  # LO.2026.7's row, listed first
    assert section.index("overdue</strong>") < section.index("LO.2026.7") < section.index("LO.2026.8")
    assert "LO.2026.9" not in section
