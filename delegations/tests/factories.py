import datetime
import io
import secrets

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from events.tests.factories import CityFactory, EventFactory

from ..models import Category, InvitationLetter, Registration, RegistrationWindow, Status, StreamLink


def photo_upload(name="photo.jpg", size=(300, 400), color=(90, 120, 160)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class RegistrationWindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationWindow

    event = factory.SubFactory(EventFactory, starts_on=datetime.date(2030, 6, 10), ends_on=datetime.date(2030, 6, 12))
    is_open = True
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    categories = factory.LazyFunction(lambda: list(Category.values))
    visa_letters = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory, starts_on=datetime.date(2030, 6, 10), ends_on=datetime.date(2030, 6, 12))
    category = Category.MEMBER
    position = "Deputy Mayor"
    # Letters only, as the form requires: Delegate Ab, Delegate Ac, ...
    name_latin = factory.Sequence(lambda n: f"Delegate {chr(65 + n // 26 % 26)}{chr(97 + n % 26)}")
    name_native = "김철수"
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")
    organisation = "City Hall"
    city = factory.SubFactory(CityFactory)
    city_name = factory.SelfAttribute("city.name")
    arrival_on = factory.LazyAttribute(lambda o: o.event.starts_on - datetime.timedelta(days=1))
    departure_on = factory.LazyAttribute(lambda o: o.event.last_day + datetime.timedelta(days=1))
    languages_spoken = "Korean, English"
    photo = factory.LazyFunction(photo_upload)
    form_token = factory.LazyFunction(lambda: secrets.token_hex(16))
    status = Status.SUBMITTED

    class Params:
        with_passport = factory.Trait(
            visa_letter_requested=True,
            consulate="Embassy of the People's Republic of China in Moscow",
            consulate_language="ru",
            passport_number="AB1234567",
            passport_nationality="RU",
            passport_date_of_birth=datetime.date(1970, 3, 4),
            passport_expires_on=datetime.date(2035, 1, 1),
        )


class InvitationLetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvitationLetter

    registration = factory.SubFactory(RegistrationFactory, with_passport=True, status=Status.APPROVED)
    number = factory.Sequence(lambda n: f"HFAO-2030-{n + 1:04d}")
    language = "ru"
    purpose = "to attend the forum"


class StreamLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StreamLink

    event = factory.SubFactory(EventFactory)
    kind = "live"
    title = "Opening session"
    url = "https://video.example.org/live/1"
