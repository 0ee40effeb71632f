"""Invitation letters: consulate's language, numbered, QR to a verification page; revoked with the registration."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from delegations import services
from delegations.models import InvitationLetter, Status

from .factories import InvitationLetterFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def letter_text(client, letter):
    response = client.get(reverse("admin:delegations_letter_pdf", args=[letter.pk]))
    assert response["Content-Type"] == "application/pdf"
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_a_letter_is_issued_only_to_approved_delegates_who_asked(editor):
    approved = RegistrationFactory(with_passport=True, status=Status.APPROVED)
    letter = services.letter_issue(registration=approved, by=editor)
    assert letter.number.startswith("HFAO-")
    assert letter.number.endswith("-0001")
    assert letter.language == "ru"
    assert services.letter_issue(registration=approved, by=editor) == letter  # issued once
    with pytest.raises(services.ReviewError):
        services.letter_issue(registration=RegistrationFactory(with_passport=True), by=editor)
    with pytest.raises(services.ReviewError):
        services.letter_issue(registration=RegistrationFactory(status=Status.APPROVED), by=editor)


def test_letter_numbers_follow_each_other(editor):
    first = services.letter_issue(
        registration=RegistrationFactory(with_passport=True, status=Status.APPROVED), by=editor
    )
    second = services.letter_issue(
        registration=RegistrationFactory(with_passport=True, status=Status.APPROVED), by=editor
    )
    assert int(second.number.rsplit("-", 1)[1]) == int(first.number.rsplit("-", 1)[1]) + 1


def test_the_letter_is_written_in_the_consulates_language_with_the_passport_details(editor, client):
    registration = RegistrationFactory(
        with_passport=True, status=Status.APPROVED, name_latin="Ivan Petrov", event__title_ru="Диалог мэров"
    )
    letter = services.letter_issue(registration=registration, by=editor)
    client.force_login(editor)
    text = letter_text(client, letter)
    assert "Ivan Petrov" in text
    assert "AB1234567" in text
    assert "Диалог мэров" in text
    assert "哈尔滨市人民政府外事办公室" not in text  # the Russian letterhead, not the Chinese one
    assert "Харбина" in text
    assert letter.number in text
    assert f"/ru/letters/verify/{letter.verify_token()}/" in text.replace("\n", "")


def test_the_chinese_letter_has_the_chinese_letterhead(editor, client):
    registration = RegistrationFactory(with_passport=True, status=Status.APPROVED, consulate_language="zh-hans")
    letter = services.letter_issue(registration=registration, by=editor)
    client.force_login(editor)
    assert "哈尔滨市人民政府外事办公室" in letter_text(client, letter)


def test_only_staff_who_may_see_passports_download_letters(staff_user, client):
    letter = InvitationLetterFactory()
    client.force_login(staff_user)
    assert client.get(reverse("admin:delegations_letter_pdf", args=[letter.pk])).status_code in (302, 403)


def test_verification_confirms_a_genuine_letter_and_shows_only_name_and_dates(client):
    letter = InvitationLetterFactory(registration__name_latin="Ivan Petrov")
    page = client.get(letter.verify_path("en"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "genuine and valid" in html
    assert "Ivan Petrov" in html
    assert letter.number in html
    assert "AB1234567" not in html
    assert "1970" not in html  # no date of birth
    assert letter.registration.email not in html


def test_a_forged_code_is_not_a_letter(client):
    letter = InvitationLetterFactory()
    token = letter.verify_token()
    response = client.get(reverse("delegations:letter_verify", kwargs={"token": token[:-4] + "abcd"}))
    assert response.status_code == 404
    assert "not genuine" in response.content.decode()


def test_revoking_the_registration_revokes_the_letter(editor, client):
    letter = InvitationLetterFactory()
    client.force_login(editor)
    client.post(
        reverse("admin:delegations_registration_changelist"),
        {"action": "revoke", "_selected_action": [letter.registration.pk]},
    )
    letter.refresh_from_db()
    assert letter.revoked_at is not None
    client.logout()
    html = client.get(letter.verify_path("en")).content.decode()
    assert "revoked" in html
    assert "genuine and valid" not in html
    assert InvitationLetter.objects.valid().count() == 0
