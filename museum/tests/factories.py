import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cities.models import City
from core.publishing import Status
from events.models import Event
from museum.models import Donor, Exhibit, ExhibitImage, Museum, ObjectType, Room


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
