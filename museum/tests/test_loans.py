"""Loans in and out: numbers, statuses, dates, the recent-condition-check rule, movements, pages and roles."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from museum.models import (
    CheckReason,
    Condition,
    ConditionCheck,
    Exhibit,
    Loan,
    LoanDirection,
    LoanStatus,
    Movement,
)
from museum.selectors import loans_due
from museum.services import loan_add_exhibit, loan_agree, loan_cancel, loan_create, loan_return, loan_send_out

from .conftest import ADMINISTRATOR, CATALOGUER, EDITOR
from .factories import CityFactory, ConditionCheckFactory, ExhibitFactory, LoanFactory, LoanObjectFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 20)


def agreed_loan(*exhibits, end_on=datetime.date(2026, 6, 30), **fields):
    loan = LoanFactory(status=LoanStatus.AGREED, agreed_on=datetime.date(2026, 2, 1), end_on=end_on, **fields)
    for exhibit in exhibits:
        LoanObjectFactory(loan=loan, exhibit=exhibit)
    return loan


def checked(exhibit, on):
    return ConditionCheckFactory(exhibit=exhibit, checked_on=on, reason=CheckReason.LOAN_OUT)


# --- Numbers -----------------------------------------------------------------------------------


def test_loan_numbers_count_per_year_and_direction():
    first_out = loan_create(direction=LoanDirection.OUT, partner_name="A", purpose="p", requested_on=TODAY)
    second_out = loan_create(direction=LoanDirection.OUT, partner_name="B", purpose="p", requested_on=TODAY)
    first_in = loan_create(direction=LoanDirection.IN, partner_name="C", purpose="p", requested_on=TODAY)
    next_year = loan_create(
        direction=LoanDirection.OUT, partner_name="D", purpose="p", requested_on=datetime.date(2027, 1, 2)
    )
    assert [first_out.number, second_out.number, first_in.number, next_year.number] == [
        "LO.2026.1",
        "LO.2026.2",
        "LI.2026.1",
        "LO.2027.1",
    ]


def test_loan_numbers_compare_serials_as_numbers():
    for n in range(1, 11):
        LoanFactory(number=f"LO.2026.{n}")
    assert Loan.objects.next_number(LoanDirection.OUT, 2026) == "LO.2026.11"


def test_a_new_loan_starts_requested():
    loan = loan_create(direction=LoanDirection.OUT, partner_name="A", purpose="p", requested_on=TODAY)
    assert loan.status == LoanStatus.REQUESTED


# --- Statuses and dates ------------------------------------------------------------------------


def test_agreeing_needs_a_return_date():
    loan = LoanFactory()
    with pytest.raises(ValidationError, match="due back"):
        loan_agree(loan=loan, agreed_on=TODAY)
    loan_agree(loan=loan, agreed_on=TODAY, start_on=TODAY, end_on=datetime.date(2026, 6, 1))
    assert loan.status == LoanStatus.AGREED
    assert loan.agreed_on == TODAY


def test_a_loan_cannot_be_agreed_before_it_was_requested():
    loan = LoanFactory(requested_on=TODAY)
    with pytest.raises(ValidationError, match="before it was requested"):
        loan_agree(loan=loan, agreed_on=TODAY - datetime.timedelta(days=1), end_on=datetime.date(2026, 6, 1))


def test_a_loan_cannot_end_before_it_starts_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        LoanFactory(start_on=datetime.date(2026, 5, 1), end_on=datetime.date(2026, 4, 1))


def test_steps_refuse_a_loan_in_the_wrong_status():
    loan = LoanFactory()  # requested
    with pytest.raises(ValidationError, match="requested"):
        loan_send_out(loan=loan, on=TODAY)
    with pytest.raises(ValidationError):
        loan_return(loan=loan, on=TODAY, condition=Condition.GOOD)
    loan_cancel(loan=loan)
    assert loan.status == LoanStatus.CANCELLED
    with pytest.raises(ValidationError):
        loan_agree(loan=loan, end_on=datetime.date(2026, 6, 1))


def test_a_loan_that_is_out_cannot_be_cancelled():
    vase = ExhibitFactory()
    loan = agreed_loan(vase)
    checked(vase, TODAY)
    loan_send_out(loan=loan, on=TODAY)
    with pytest.raises(ValidationError):
        loan_cancel(loan=loan)


# --- No loan out without a recent condition check ----------------------------------------------


def test_a_loan_does_not_go_out_without_a_condition_check_in_the_last_30_days():
    vase, scroll = ExhibitFactory(), ExhibitFactory()
    loan = agreed_loan(vase, scroll)
    checked(vase, TODAY - datetime.timedelta(days=10))
    checked(scroll, TODAY - datetime.timedelta(days=31))
    with pytest.raises(ValidationError) as refused:
        loan_send_out(loan=loan, on=TODAY)
    message = " ".join(refused.value.messages)
    assert "30 days" in message
    assert scroll.accession_number in message
    assert vase.accession_number not in message
    loan.refresh_from_db()
    assert loan.status == LoanStatus.AGREED
    assert not Movement.objects.filter(loan=loan).exists()


def test_a_check_exactly_30_days_old_is_too_old_and_29_days_is_recent():
    vase = ExhibitFactory()
    loan = agreed_loan(vase)
    checked(vase, TODAY - datetime.timedelta(days=30))
    with pytest.raises(ValidationError):
        loan_send_out(loan=loan, on=TODAY)
    checked(vase, TODAY - datetime.timedelta(days=29))
    loan_send_out(loan=loan, on=TODAY)
    assert loan.status == LoanStatus.OUT


def test_a_check_dated_after_the_departure_does_not_count():
    vase = ExhibitFactory()
    loan = agreed_loan(vase)
    checked(vase, TODAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        loan_send_out(loan=loan, on=TODAY)


def test_a_loan_without_objects_does_not_go_out():
    loan = agreed_loan()
    with pytest.raises(ValidationError, match="Add the objects"):
        loan_send_out(loan=loan, on=TODAY)


# --- Movements and location --------------------------------------------------------------------


def test_going_out_records_a_movement_and_takes_the_object_out_of_its_room():
    vase = ExhibitFactory(case="A3", on_display=True)
    room = vase.room
    loan = agreed_loan(vase)
    checked(vase, TODAY)
    loan_send_out(loan=loan, on=TODAY)
    vase.refresh_from_db()
    assert (vase.room, vase.in_store, vase.current_loan) == (None, False, loan)
    assert vase.on_display is False
    movement = Movement.objects.get(exhibit=vase)
    assert (movement.from_room, movement.from_case, movement.loan, movement.to_room) == (room, "A3", loan, None)
    assert loan.number in movement.reason


def test_the_return_puts_the_object_back_and_records_a_condition_check():
    vase = ExhibitFactory(case="A3")
    room = vase.room
    loan = agreed_loan(vase)
    checked(vase, TODAY)
    loan_send_out(loan=loan, on=TODAY)
    back = TODAY + datetime.timedelta(days=60)
    loan_return(loan=loan, on=back, condition=Condition.FAIR, notes="Scratch on the base.")
    vase.refresh_from_db()
    assert (vase.room, vase.case, vase.current_loan, vase.condition) == (room, "A3", None, Condition.FAIR)
    assert loan.status == LoanStatus.RETURNED
    assert loan.returned_on == back
    check = ConditionCheck.objects.get(exhibit=vase, reason=CheckReason.LOAN_RETURN)
    assert (check.checked_on, check.condition, check.loan) == (back, Condition.FAIR, loan)
    assert Movement.objects.filter(exhibit=vase, loan=loan, to_room=room).count() == 1


def test_the_return_needs_the_condition_and_cannot_precede_the_departure():
    vase = ExhibitFactory()
    loan = agreed_loan(vase)
    checked(vase, TODAY)
    loan_send_out(loan=loan, on=TODAY)
    with pytest.raises(ValidationError, match="condition"):
        loan_return(loan=loan, on=TODAY)
    with pytest.raises(ValidationError, match="before it went out"):
        loan_return(loan=loan, on=TODAY - datetime.timedelta(days=1), condition=Condition.GOOD)


def test_an_object_out_on_one_loan_cannot_go_out_on_another():
    vase = ExhibitFactory()
    first, second = agreed_loan(vase), agreed_loan(vase)
    checked(vase, TODAY)
    loan_send_out(loan=first, on=TODAY)
    with pytest.raises(ValidationError, match="another loan"):
        loan_send_out(loan=second, on=TODAY)


def test_objects_of_the_collection_go_only_on_loans_out():
    loan_in = LoanFactory(direction=LoanDirection.IN, number="LI.2026.1")
    with pytest.raises(ValidationError):
        loan_add_exhibit(loan=loan_in, exhibit=ExhibitFactory())


def test_a_loan_in_is_received_without_objects_of_ours():
    loan = LoanFactory(
        direction=LoanDirection.IN, number="LI.2026.1", status=LoanStatus.AGREED, end_on=datetime.date(2026, 9, 1)
    )
    LoanObjectFactory(loan=loan, exhibit=None, description="Lacquer box lent by Niigata")
    loan_send_out(loan=loan, on=TODAY)
    assert loan.status == LoanStatus.OUT


# --- The public page ---------------------------------------------------------------------------


def test_an_object_on_loan_shows_on_loan_to_until_instead_of_a_room(client):
    vase = ExhibitFactory()
    room_name = vase.room.name
    loan = agreed_loan(vase, partner_name="Niigata City Art Museum", end_on=datetime.date(2026, 6, 30))
    checked(vase, TODAY)
    loan_send_out(loan=loan, on=TODAY)
    html = client.get(vase.get_absolute_url()).content.decode()
    assert "On loan to Niigata City Art Museum until 30 June 2026" in html
    assert room_name not in html


def test_the_exhibit_form_refuses_a_room_while_the_object_is_on_loan(cataloguer_client, room):
    vase = ExhibitFactory()
    loan = agreed_loan(vase)
    checked(vase, TODAY)
    loan_send_out(loan=loan, on=TODAY)
    from museum.forms import ExhibitAdminForm

    form = ExhibitAdminForm(instance=Exhibit.objects.get(pk=vase.pk), data={"room": room.pk})
    form.is_valid()
    assert "out on loan" in str(form.errors["room"])


# --- Dashboard ---------------------------------------------------------------------------------


def test_loans_due_lists_the_overdue_and_those_due_within_30_days_only():
    overdue = LoanFactory(status=LoanStatus.OUT, out_on=TODAY, end_on=TODAY - datetime.timedelta(days=1))
    soon = LoanFactory(status=LoanStatus.OUT, out_on=TODAY, end_on=TODAY + datetime.timedelta(days=30))
    LoanFactory(status=LoanStatus.OUT, out_on=TODAY, end_on=TODAY + datetime.timedelta(days=31))
    LoanFactory(status=LoanStatus.AGREED, end_on=TODAY + datetime.timedelta(days=3))  # not out yet
    due = loans_due(TODAY)
    assert due["overdue"] == [overdue]
    assert due["due_soon"] == [soon]


def test_a_cataloguer_agrees_and_sends_out_a_loan_in_the_admin(client, staff_in):
    client.force_login(staff_in(CATALOGUER, "mei"))
    vase = ExhibitFactory()
    loan = agreed_loan(vase)
    loan.status, loan.agreed_on = LoanStatus.REQUESTED, None
    loan.save()
    client.post(reverse("admin:museum_loan_step", args=[loan.pk, "agree"]))
    loan.refresh_from_db()
    assert loan.status == LoanStatus.AGREED

    refused = client.post(reverse("admin:museum_loan_step", args=[loan.pk, "send-out"]), follow=True)
    assert "A loan goes out only with a condition check" in refused.content.decode()
    loan.refresh_from_db()
    assert loan.status == LoanStatus.AGREED

    checked(vase, timezone.localdate())
    client.post(reverse("admin:museum_loan_step", args=[loan.pk, "send-out"]))
    loan.refresh_from_db()
    assert loan.status == LoanStatus.OUT

    response = client.post(
        reverse("admin:museum_loan_return", args=[loan.pk]),
        {"returned_on": timezone.localdate().isoformat(), "condition": "good", "notes": ""},
    )
    assert response.status_code == 302
    loan.refresh_from_db()
    assert loan.status == LoanStatus.RETURNED


def test_a_new_loan_in_the_admin_gets_the_next_number(cataloguer_client):
    LoanFactory(number=f"LO.{timezone.localdate().year}.4")
    response = cataloguer_client.post(
        reverse("admin:museum_loan_add"),
        {
            "direction": "out",
            "partner_name": "Niigata City Art Museum",
            "purpose": "Exhibition in Niigata",
            "requested_on": timezone.localdate().isoformat(),
            "insurance_currency": "CNY",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Loan.objects.filter(number=f"LO.{timezone.localdate().year}.5", partner_name__startswith="Niigata").exists()


def test_an_editor_reads_a_loan_but_cannot_take_a_step(client, staff_in):
    loan = LoanFactory()
    client.force_login(staff_in(EDITOR, "li"))
    assert client.get(reverse("admin:museum_loan_change", args=[loan.pk])).status_code == 200
    assert client.post(reverse("admin:museum_loan_step", args=[loan.pk, "agree"])).status_code == 403
    loan.refresh_from_db()
    assert loan.status == LoanStatus.REQUESTED


def test_an_editor_sees_a_partner_citys_loans_read_only_on_the_city_page(client, staff_in):
    niigata = CityFactory(name="Niigata", name_en="Niigata")
    LoanFactory(
        number="LO.2026.3", partner_city=niigata, purpose="Snow festival show", insurance_value=Decimal("555444.00")
    )
    LoanFactory(number="LO.2026.4", partner_city=CityFactory(), purpose="Elsewhere")
    client.force_login(staff_in(EDITOR, "li"))
    html = client.get(reverse("admin:cities_city_change", args=[niigata.pk])).content.decode()
    assert "Museum loans with this city" in html
    assert "LO.2026.3" in html
    assert "Snow festival show" in html
    assert "LO.2026.4" not in html
    assert "555444" not in html
    assert 'name="museum_loans-0-purpose"' not in html  # read-only: no inputs


def test_the_insurance_value_is_hidden_from_whoever_may_not_view_valuations(client, staff_in):
    from django.contrib.auth.models import Permission

    loan = LoanFactory(insurance_value=Decimal("123456.00"))
    cataloguer = staff_in(CATALOGUER, "mei")
    client.force_login(cataloguer)
    html = client.get(reverse("admin:museum_loan_change", args=[loan.pk])).content.decode()
    assert "123456" not in html
    assert "insurance_value" not in html

    cataloguer.user_permissions.add(Permission.objects.get(codename="view_valuation"))
    cataloguer = type(cataloguer).objects.get(pk=cataloguer.pk)  # permissions are cached per instance
    client.force_login(cataloguer)
    assert "123456" in client.get(reverse("admin:museum_loan_change", args=[loan.pk])).content.decode()


def test_the_loan_history_never_holds_the_insurance_value():
    loan = LoanFactory(insurance_value=Decimal("123456.00"))
    loan.insurance_value = Decimal("200000.00")
    loan.save()
    field_names = {f.name for f in loan.history.model._meta.get_fields()}
    assert "insurance_value" not in field_names
    assert loan.history.count() == 2


def test_the_agreement_document_is_private_and_served_to_staff_who_may_view_the_loan(client, staff_in):
    from django.core.files.base import ContentFile

    loan = LoanFactory()
    loan.agreement_document.save("agreement.pdf", ContentFile(b"%PDF-1.4 signed agreement"))
    assert "private-media" in loan.agreement_document.path
    assert loan.agreement_document.name.startswith("museum/loan/")  # no name a person typed

    url = reverse("admin:museum_loan_agreement", args=[loan.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(staff_in(CATALOGUER, "mei"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed agreement"
    assert loan.downloadable_by(staff_in(EDITOR, "li"))  # editors read loans
    assert not loan.downloadable_by(staff_in(ADMINISTRATOR, "boss", is_active=False))


def test_an_agreement_must_be_a_pdf(cataloguer_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    loan = LoanFactory()
    response = cataloguer_client.post(
        reverse("admin:museum_loan_change", args=[loan.pk]),
        {
            "partner_name": loan.partner_name,
            "purpose": loan.purpose,
            "requested_on": "2026-01-10",
            "insurance_currency": "CNY",
            "agreement_document": SimpleUploadedFile("agreement.html", b"<script>alert(1)</script>"),
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "pdf" in response.content.decode().lower()
    loan.refresh_from_db()
    assert not loan.agreement_document
