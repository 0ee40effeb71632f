"""Badges carry a signed token (not the id); check-in on a phone records the arrival once."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from delegations import services
from delegations.models import Category, Status

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def check_in(client, registration, token):
    return client.post(reverse("delegations:check_in", kwargs={"slug": registration.event.slug}), {"token": token})


def test_the_badge_token_is_signed_and_does_not_carry_the_id():
    registration = RegistrationFactory(status=Status.APPROVED)
    token = registration.badge_token()
    assert str(registration.pk) != token.split(":")[0]
    assert registration.key.hex in token
    assert services.registration_for_badge(token) == registration
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert services.registration_for_badge(forged) is None
    # A signature made for another purpose (the members link) is not a badge.
    assert services.registration_for_badge(registration.members_token()) is None


def test_first_scan_records_the_arrival_and_shows_the_person(editor, client):
    registration = RegistrationFactory(status=Status.APPROVED, name_latin="Olga Petrova", name_native="Ольга Петрова")
    client.force_login(editor)
    response = check_in(client, registration, registration.badge_token())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Olga Petrova" in page and "Ольга Петрова" in page
    assert "Checked in at" in page
    assert 'src="data:image/webp;base64,' in page
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == editor
    assert response["Permissions-Policy"] == "camera=(self)"
    assert "1 of 1 approved delegate checked in." in page


def test_a_second_scan_says_when_the_person_checked_in(editor, client):
    registration = RegistrationFactory(status=Status.APPROVED)
    client.force_login(editor)
    check_in(client, registration, registration.badge_token())
    registration.refresh_from_db()
    first_time = registration.checked_in_at
    page = check_in(client, registration, registration.badge_token()).content.decode()
    assert "Already checked in" in page
    assert first_time.astimezone().strftime("%H:%M") in page or "Already checked in on" in page
    registration.refresh_from_db()
    assert registration.checked_in_at == first_time


@pytest.mark.parametrize("status", [Status.REVOKED, Status.SUBMITTED, Status.DECLINED])
def test_only_approved_delegates_are_admitted(editor, client, status):
    registration = RegistrationFactory(status=status)
    client.force_login(editor)
    response = check_in(client, registration, registration.badge_token())
    assert response.status_code == 409
    assert "Not admitted" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_a_badge_of_another_event_or_a_bad_code_is_unknown(editor, client):
    registration = RegistrationFactory(status=Status.APPROVED)
    other = RegistrationFactory(status=Status.APPROVED)
    client.force_login(editor)
    assert check_in(client, registration, other.badge_token()).status_code == 404
    assert check_in(client, registration, "<b>nonsense</b>").status_code == 404
    assert "&lt;b&gt;" not in check_in(client, registration, "<b>x</b>").content.decode()


def test_check_in_is_for_staff_only(client):
    registration = RegistrationFactory(status=Status.APPROVED)
    response = check_in(client, registration, registration.badge_token())
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_badges_print_four_per_a4_sheet_with_names_in_both_scripts(editor, client):
    people = [
        RegistrationFactory(
            status=Status.APPROVED, name_latin=f"Person Number{i}", name_native="张伟", city__name="Bucheon"
        )
        for i in range(5)
    ]
    people[0].category = Category.PRESS
    people[0].save()
    client.force_login(editor)
    response = client.post(
        reverse("admin:delegations_registration_changelist"),
        {"action": "print_badges", "_selected_action": [p.pk for p in people]},
    )
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Person Number3" in text
    assert "张伟" in text
    assert "Bucheon" in text
    assert "PRESS" in text.upper()


def test_a6_badges_one_per_card(editor, client):
    person = RegistrationFactory(status=Status.APPROVED)
    client.force_login(editor)
    response = client.post(
        reverse("admin:delegations_registration_changelist"),
        {"action": "print_badges_a6", "_selected_action": [person.pk]},
    )
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (298, 420)


def test_the_badge_qr_code_reads_back_as_the_signed_token():
    import segno
    import zxingcpp
    from PIL import Image

    registration = RegistrationFactory(status=Status.APPROVED)
    buffer = io.BytesIO()
    # The same call the badge uses, drawn as PNG so that a decoder can read it.
    segno.make(registration.badge_token(), error="m", micro=False).save(buffer, kind="png", scale=6, border=4)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(buffer.getvalue())))
    assert services.registration_for_badge(decoded[0].text) == registration


def test_a_badge_asks_photographers_to_leave_out_who_did_not_consent(editor, client):
    shy = RegistrationFactory(status=Status.APPROVED, consent_photos=False)
    happy = RegistrationFactory(status=Status.APPROVED, consent_photos=True)
    client.force_login(editor)
    texts = []
    for person in (shy, happy):
        response = client.post(
            reverse("admin:delegations_registration_changelist"),
            {"action": "print_badges_a6", "_selected_action": [person.pk]},
        )
        texts.append(PdfReader(io.BytesIO(response.content)).pages[0].extract_text())
    assert "Please do not photograph" in texts[0]
    assert "Please do not photograph" not in texts[1]


def test_the_badge_photo_original_is_for_staff_who_may_view_registrations(editor, cataloguer, client):
    registration = RegistrationFactory()
    url = registration.photo.url
    assert not url.startswith("/media/")
    assert client.get(url).status_code == 404
    client.force_login(cataloguer)
    assert client.get(url).status_code == 404
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # the JPEG itself
