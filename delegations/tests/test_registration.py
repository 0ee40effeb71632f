"""The public registration form: deadline, categories, consent, visa fields, one-time token, rate limit."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from delegations import services
from delegations.models import Category, Registration, Status

from .factories import RegistrationFactory, RegistrationWindowFactory, photo_upload

pytestmark = pytest.mark.django_db


def register_url(window, language="en"):
    with translation.override(language):
        return reverse("delegations:register", kwargs={"slug": window.event.slug})


def form_data(**overrides):
    data = {
        "form_token": services.new_form_token(),
        "category": Category.MEMBER,
        "name_latin": "Kim Cheolsu",
        "name_native": "김철수",
        "email": "kim@example.org",
        "organisation": "Bucheon City Hall",
        "city_name": "Bucheon",
        "position": "Director of International Relations",
        "arrival_on": "2030-06-09",
        "departure_on": "2030-06-13",
        "languages_spoken": "Korean, English",
        "photo": photo_upload(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_form_offers_only_the_categories_staff_opened(client):
    window = RegistrationWindowFactory(categories=[Category.HEAD, Category.PRESS])
    page = client.get(register_url(window)).content.decode()
    assert 'value="head"' in page and 'value="press"' in page
    assert 'value="interpreter"' not in page


def test_a_delegate_registers_and_is_told_by_mail_in_the_form_language(client):
    window = RegistrationWindowFactory(event__title_en="Mayors Forum", event__title_ru="Форум мэров")
    response = client.post(register_url(window, "ru"), form_data())
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Status.SUBMITTED
    assert registration.language == "ru"
    assert registration.event == window.event
    assert [m.to for m in mail.outbox] == [["kim@example.org"]]
    message = mail.outbox[0]
    # The event's Russian title and Russian month names: the mail was written in Russian.
    assert "Форум мэров" in message.subject
    assert "июня 2030" in message.body
    assert message.extra_headers["Content-Language"] == "ru"


def test_consent_is_off_unless_ticked(client):
    window = RegistrationWindowFactory()
    client.post(register_url(window), form_data())
    registration = Registration.objects.get()
    assert registration.consent_public_list is False
    assert registration.consent_photos is False


def test_nothing_is_accepted_after_the_deadline(client):
    window = RegistrationWindowFactory(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(register_url(window), form_data())
    assert response.status_code == 410
    assert "closed" in response.content.decode()
    assert not Registration.objects.exists()
    assert client.get(register_url(window)).status_code == 410


def test_a_closed_window_accepts_nothing_even_before_the_deadline(client):
    window = RegistrationWindowFactory(is_open=False)
    assert client.post(register_url(window), form_data()).status_code == 410
    assert not Registration.objects.exists()


def test_no_window_no_form(client):
    from events.tests.factories import EventFactory

    event = EventFactory()
    assert client.get(reverse("delegations:register", kwargs={"slug": event.slug})).status_code == 404


def test_a_category_not_opened_is_refused(client):
    window = RegistrationWindowFactory(categories=[Category.MEMBER])
    response = client.post(register_url(window), form_data(category=Category.PRESS, media_outlet="Daily"))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Registration.objects.exists()


def test_each_category_requires_its_own_fields(client):
    window = RegistrationWindowFactory()
    response = client.post(register_url(window), form_data(category=Category.PRESS, media_outlet="Harbin Daily"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["press_card_number"] == ["Required for press."]
    assert "media_outlet" not in errors
    response = client.post(register_url(window), form_data(category=Category.ACCOMPANYING, position=""))
    assert response.context["form"].errors["accompanies"] == ["Required for accompanying person."]


def test_fields_of_other_categories_are_not_stored(client):
    window = RegistrationWindowFactory()
    client.post(
        register_url(window),
        form_data(category=Category.INTERPRETER, working_languages="ko-zh", media_outlet="Should vanish"),
    )
    registration = Registration.objects.get()
    assert registration.working_languages == "ko-zh"
    assert registration.media_outlet == ""
    assert registration.position == ""


def test_errors_are_given_per_field_with_a_summary(client):
    window = RegistrationWindowFactory()
    response = client.post(
        register_url(window),
        form_data(name_latin="金哲洙", email="not-an-email", departure_on="2030-06-01", photo=None),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Latin letters" in errors["name_latin"][0]
    assert "email" in errors
    assert "Departure must be on or after the first day of the event." in errors["departure_on"]
    assert "photo" in errors
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert 'href="#id_email"' in page


def test_a_file_that_is_not_an_image_is_refused_as_badge_photo(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    window = RegistrationWindowFactory()
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    response = client.post(register_url(window), form_data(photo=fake))
    assert response.status_code == 400
    assert "photo" in response.context["form"].errors


def test_passport_fields_are_required_only_when_a_letter_is_asked(client):
    window = RegistrationWindowFactory()
    response = client.post(register_url(window), form_data(visa_letter_requested="on"))
    errors = response.context["form"].errors
    for name in ("consulate", "consulate_language", "passport_number", "passport_nationality"):
        assert errors[name] == ["Required for an invitation letter."]
    assert response.status_code == 400


def test_passport_details_are_not_kept_without_a_letter_request(client):
    window = RegistrationWindowFactory()
    client.post(register_url(window), form_data(passport_number="AB1234567", consulate="Somewhere"))
    registration = Registration.objects.get()
    assert registration.passport_number is None
    assert registration.consulate == ""


def test_a_passport_expiring_within_six_months_of_departure_is_refused(client):
    window = RegistrationWindowFactory()
    response = client.post(
        register_url(window),
        form_data(
            visa_letter_requested="on",
            consulate="Embassy of China in Seoul",
            consulate_language="en",
            passport_number="M 1234 5678",
            passport_nationality="KR",
            passport_date_of_birth="1975-05-05",
            passport_expires_on="2030-09-01",
        ),
    )
    assert "six months" in response.context["form"].errors["passport_expires_on"][0]


def test_passport_number_is_normalised(client):
    window = RegistrationWindowFactory()
    client.post(
        register_url(window),
        form_data(
            visa_letter_requested="on",
            consulate="Embassy of China in Seoul",
            consulate_language="en",
            passport_number="m 1234-5678",
            passport_nationality="KR",
            passport_date_of_birth="1975-05-05",
            passport_expires_on="2034-09-01",
        ),
    )
    assert Registration.objects.get().passport_number == "M12345678"


def test_no_visa_fields_when_staff_do_not_offer_letters(client):
    window = RegistrationWindowFactory(visa_letters=False)
    page = client.get(register_url(window)).content.decode()
    assert "passport_number" not in page


def test_a_double_submit_registers_once(client):
    window = RegistrationWindowFactory()
    data = form_data()
    first = client.post(register_url(window), data)
    data["photo"] = photo_upload()
    second = client.post(register_url(window), data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("token", ["made-up:token", None, "x" * 500])
def test_a_forged_or_missing_form_token_is_refused_with_a_message(client, token):
    window = RegistrationWindowFactory()
    response = client.post(register_url(window), form_data(form_token=token))
    assert response.status_code == 400
    assert "This form has expired" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_rate_limit_per_client_address(client, settings):
    settings.REGISTRATION_RATE_LIMIT = 2
    window = RegistrationWindowFactory()
    for _ in range(2):
        client.post(register_url(window), form_data(name_latin="Bad Input", email="x"), REMOTE_ADDR="203.0.113.9")
    blocked = client.post(register_url(window), form_data(), REMOTE_ADDR="203.0.113.9")
    assert blocked.status_code == 429
    other = client.post(register_url(window), form_data(), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_the_head_registers_members_through_a_private_link(client):
    head = RegistrationFactory(category=Category.HEAD, city__name="Bucheon")
    RegistrationWindowFactory(event=head.event)
    url = head.members_url()
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="head"' not in page.content.decode()
    response = client.post(url, form_data(city_name=None))
    assert response.status_code == 302
    member = Registration.objects.exclude(pk=head.pk).get()
    assert member.head == head
    assert member.city == head.city
    assert member.city_name == head.city_name


def test_a_tampered_or_withdrawn_members_link_is_404(client):
    head = RegistrationFactory(category=Category.HEAD)
    RegistrationWindowFactory(event=head.event)
    assert client.get(head.members_url()[:-3] + "xyz/").status_code == 404
    member = RegistrationFactory(event=head.event)
    assert client.get(member.members_url()).status_code == 404  # not a head
    head.status = Status.DECLINED
    head.save()
    assert client.get(head.members_url()).status_code == 404


def test_the_form_page_is_never_cached_and_escapes_instructions(client):
    window = RegistrationWindowFactory(instructions="<script>alert(1)</script>")
    response = client.get(register_url(window))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "<script>alert(1)" not in response.content.decode()


def test_a_forged_forwarded_for_header_does_not_escape_the_rate_limit(client, settings):
    settings.REGISTRATION_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    window = RegistrationWindowFactory()
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    client.post(register_url(window), form_data(email="x"), HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5", **proxy)
    again = client.post(register_url(window), form_data(), HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5", **proxy)
    assert again.status_code == 429


def test_the_typed_city_is_matched_to_the_city_record_in_any_language(client):
    from events.tests.factories import CityFactory

    bucheon = CityFactory(name="Bucheon", name_en="Bucheon", name_ru="Пучхон")
    CityFactory(name="Springfield", name_en="Springfield")
    CityFactory(name="Springfield", name_en="Springfield", slug="springfield-2")
    window = RegistrationWindowFactory()
    client.post(register_url(window), form_data(city_name=" Пучхон "))
    client.post(register_url(window), form_data(city_name="bucheon"))
    client.post(register_url(window), form_data(city_name="Springfield"))
    first, second, third = Registration.objects.order_by("pk")
    assert first.city == second.city == bucheon
    assert third.city is None  # two cities of that name: staff choose
