import datetime
import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cities.models import City
from core.publishing import Status
from events.models import Event
from museum.models import (
    Audit,
    CheckReason,
    Condition,
    ConditionCheck,
    Deaccession,
    Donor,
    Exhibit,
    ExhibitImage,
    ExitMethod,
    Loan,
    LoanDirection,
    LoanObject,
    Museum,
    ObjectType,
    Room,
    Valuation,
    ValuationReason,
    ValuationSource,
)


def jpeg_bytes(size=(64, 48), color=(180, 60, 60), exif=None):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", exif=exif or b"")
    return buffer.getvalue()


def jpeg_upload(name="gift.jpg", **kwargs):
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"Giving City {n}")
    name_en = factory.SelfAttribute("name")
    slug = factory.Sequence(lambda n: f"giving-city-{n}")
    country = "JP"
    status = Status.PUBLISHED


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Friendship Forum {n}")
    title_en = factory.SelfAttribute("title")
    slug = factory.Sequence(lambda n: f"friendship-forum-{n}")
    kind = "forum"
    starts_on = datetime.date(2019, 6, 1)
    status = Status.PUBLISHED


class MuseumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Museum

    name = "Harbin International Sister Cities Museum"
    name_en = factory.SelfAttribute("name")
    address = "No 89-93, Tiandi Street"
    opening_hours = "9:00–17:00"
    ticket = "Free"
    ticket_en = "Free"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"Room {n}")
    name_en = factory.SelfAttribute("name")
    slug = factory.Sequence(lambda n: f"room-{n}")
    city = factory.SubFactory(CityFactory)
    status = Status.PUBLISHED


class ObjectTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObjectType

    name = factory.Sequence(lambda n: f"Type {n}")
    name_en = factory.SelfAttribute("name")
    slug = factory.Sequence(lambda n: f"type-{n}")


class DonorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donor

    name = factory.Sequence(lambda n: f"Donor {n}")
    show_publicly = False


class ExhibitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibit

    accession_number = factory.Sequence(lambda n: f"HISCM.2009.{n + 1}")
    object_name = factory.Sequence(lambda n: f"Vase {n}")
    object_name_en = factory.SelfAttribute("object_name")
    brief_description = "A blue porcelain vase."
    brief_description_en = factory.SelfAttribute("brief_description")
    object_type = factory.SubFactory(ObjectTypeFactory)
    room = factory.SubFactory(RoomFactory)
    origin_city = factory.SubFactory(CityFactory)
    recorder = "Alice"
    recording_date = datetime.date(2024, 5, 1)
    status = Status.PUBLISHED


class ExhibitImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitImage

    exhibit = factory.SubFactory(ExhibitFactory)
    image = factory.LazyFunction(jpeg_upload)
    is_primary = True


class LoanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Loan

    number = factory.Sequence(lambda n: f"LO.2026.{n + 1}")
    direction = LoanDirection.OUT
    partner_name = "Niigata City Art Museum"
    partner_city = factory.SubFactory(CityFactory)
    purpose = "Friendship exhibition in Niigata"
    requested_on = datetime.date(2026, 1, 10)


class LoanObjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoanObject

    loan = factory.SubFactory(LoanFactory)
    exhibit = factory.SubFactory(ExhibitFactory)


class ConditionCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConditionCheck

    exhibit = factory.SubFactory(ExhibitFactory)
    checked_on = datetime.date(2026, 3, 1)
    reason = CheckReason.LOAN_OUT
    condition = Condition.GOOD
    notes = "Hairline crack on the lid, 12 mm, stable."


class ValuationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Valuation

    exhibit = factory.SubFactory(ExhibitFactory)
    value = Decimal("987654.00")
    currency = "CNY"
    valued_on = datetime.date(2025, 11, 1)
    source = ValuationSource.APPRAISER
    reason = ValuationReason.INSURANCE


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit

    room = factory.SubFactory(RoomFactory)


class DeaccessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deaccession

    exhibit = factory.SubFactory(ExhibitFactory)
    method = ExitMethod.RETURN
    reason = "The giving city asked for it back for its new museum."
    public_note = "Returned to the City of Niigata."
