"""Condition checks (staff-only notes, private photos, dates, the report) and valuations (who sees a value)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from museum.models import Condition, ConditionPartNote, ConditionPhoto, LoanStatus
from museum.services import condition_check_record

from .conftest import ADMINISTRATOR, CATALOGUER, EDITOR, pdf_text
from .factories import (
    ConditionCheckFactory,
    ExhibitFactory,
    LoanFactory,
    LoanObjectFactory,
    ValuationFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db


def with_permission(user, codename):
    user.user_permissions.add(Permission.objects.get(codename=codename))
    return type(user).objects.get(pk=user.pk)  # a fresh instance: permissions are cached


# --- Condition checks --------------------------------------------------------------------------


def test_recording_a_check_sets_the_objects_current_condition():
    vase = ExhibitFactory(condition=Condition.EXCELLENT)
    condition_check_record(exhibit=vase, checked_on=datetime.date(2026, 1, 5), reason="damage", condition="poor")
    vase.refresh_from_db()
    assert vase.condition == Condition.POOR


def test_the_overall_condition_is_a_fixed_scale():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        condition_check_record(
            exhibit=ExhibitFactory(), checked_on=datetime.date(2026, 1, 5), reason="audit", condition="so-so"
        )


def test_the_next_check_comes_after_the_check_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ConditionCheckFactory(checked_on=datetime.date(2026, 3, 1), next_check_on=datetime.date(2026, 3, 1))


def test_the_check_form_refuses_a_future_date(cataloguer_client):
    vase = ExhibitFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = cataloguer_client.post(
        reverse("admin:museum_conditioncheck_add"),
        {
            "exhibit": vase.pk,
            "checked_on": tomorrow.isoformat(),
            "reason": "audit",
            "condition": "good",
            "completeness": "complete",
            **_empty_inlines(),
        },
    )
    assert response.status_code == 200
    assert "cannot be dated in the future" in response.content.decode()


def _empty_inlines():
    data = {}
    for prefix in ("part_notes", "photos"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def test_condition_notes_never_reach_the_public_page(client):
    check = ConditionCheckFactory(notes="Secret repair with modern glue on the left handle", hazards="Loose glaze")
    html = client.get(check.exhibit.get_absolute_url()).content.decode()
    assert "modern glue" not in html
    assert "Loose glaze" not in html


def test_a_condition_photo_is_private_and_served_only_to_staff_who_may_view_checks(client, staff_in):
    from django.core.files.base import ContentFile

    check = ConditionCheckFactory()
    photo = ConditionPhoto(condition_check=check, caption="crack")
    photo.image.save("crack.jpg", ContentFile(jpeg_bytes()))
    assert "private-media" in photo.image.path
    url = reverse("admin:museum_conditioncheck_photo", args=[photo.pk])
    client.force_login(staff_in(EDITOR, "li"))
    assert client.get(url).status_code == 403
    client.force_login(staff_in(CATALOGUER, "mei"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_editors_cannot_open_condition_checks(client, staff_in):
    check = ConditionCheckFactory()
    client.force_login(staff_in(EDITOR, "li"))
    assert client.get(reverse("admin:museum_conditioncheck_change", args=[check.pk])).status_code == 403


def test_the_condition_report_pdf_holds_the_checks_in_the_staff_members_language(client, staff_in):
    vase = ExhibitFactory(accession_number="HISCM.2009.77", title="Celadon vase", title_en="Celadon vase")
    check = ConditionCheckFactory(
        exhibit=vase,
        checked_on=datetime.date(2026, 3, 1),
        condition=Condition.FAIR,
        notes="Hairline crack on the lid",
        hazards="Lead glaze",
    )
    ConditionPartNote.objects.create(condition_check=check, part="Handle", note="Old repair, stable")
    client.force_login(staff_in(CATALOGUER, "mei"))
    url = reverse("admin:museum_conditioncheck_report", args=[vase.pk])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in ("Condition report", "HISCM.2009.77", "Fair", "Hairline crack on the lid", "Old repair, stable"):
        assert expected in text

    chinese = pdf_text(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content)
    russian = pdf_text(client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content)
    # Dates and the condition scale follow the staff member's language; the typed notes stay as typed.
    assert "2026年3月1日" in chinese
    assert "一般" in chinese
    assert "1 марта 2026" in russian
    assert "Удовлетворительное" in russian
    assert "Hairline crack on the lid" in russian


def test_the_condition_report_prints_chinese_and_russian_text(client, staff_in):
    check = ConditionCheckFactory(notes="瓶口有细裂纹 · Трещина на горлышке")
    client.force_login(staff_in(CATALOGUER, "mei"))
    text = pdf_text(client.get(reverse("admin:museum_conditioncheck_report", args=[check.exhibit_id])).content)
    assert "瓶口有细裂纹" in text
    assert "Трещина на горлышке" in text


# --- Valuations --------------------------------------------------------------------------------


def test_a_cataloguer_sees_values_only_with_the_extra_permission(client, staff_in):
    valuation = ValuationFactory(value=Decimal("987654.00"))
    cataloguer = staff_in(CATALOGUER, "mei")
    client.force_login(cataloguer)
    assert client.get(reverse("admin:museum_valuation_changelist")).status_code == 403
    assert client.get(reverse("admin:museum_valuation_change", args=[valuation.pk])).status_code == 403

    client.force_login(with_permission(cataloguer, "view_valuation"))
    response = client.get(reverse("admin:museum_valuation_changelist"))
    assert response.status_code == 200
    assert "987654" in response.content.decode()
    # Seeing is not recording: adding a value needs its own permission.
    assert client.get(reverse("admin:museum_valuation_add")).status_code == 403


def test_an_administrator_records_and_sees_valuations(client, staff_in):
    vase = ExhibitFactory()
    client.force_login(staff_in(ADMINISTRATOR, "boss"))
    response = client.post(
        reverse("admin:museum_valuation_add"),
        {
            "exhibit": vase.pk,
            "value": "25000.00",
            "currency": "CNY",
            "valued_on": "2026-01-15",
            "source": "appraiser",
            "reason": "insurance",
        },
    )
    assert response.status_code == 302
    assert vase.valuations.get().value == Decimal("25000.00")


def test_a_negative_value_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ValuationFactory(value=Decimal("-1"))


def test_values_never_reach_the_public_pages(client):
    valuation = ValuationFactory(value=Decimal("987654.00"))
    assert "987654" not in client.get(valuation.exhibit.get_absolute_url()).content.decode()
    assert "987654" not in client.get(reverse("museum:exhibits")).content.decode()


def test_the_loan_list_with_values_is_only_for_those_who_may_view_valuations(client, staff_in):
    vase = ExhibitFactory(accession_number="HISCM.2009.5")
    loan = LoanFactory(number="LO.2026.9", status=LoanStatus.REQUESTED, insurance_value=Decimal("400000.00"))
    LoanObjectFactory(loan=loan, exhibit=vase)
    ValuationFactory(exhibit=vase, value=Decimal("987654.00"))
    url = reverse("admin:museum_loan_report")

    cataloguer = staff_in(CATALOGUER, "mei")
    client.force_login(cataloguer)
    assert client.get(url).status_code == 403
    assert "Loan list with values" not in client.get(reverse("admin:museum_loan_changelist")).content.decode()

    client.force_login(with_permission(cataloguer, "view_valuation"))
    response = client.get(url)
    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in ("LO.2026.9", "HISCM.2009.5", "987654.00", "400000.00"):
        assert expected in text
