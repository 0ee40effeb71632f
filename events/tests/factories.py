import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cities.models import City
from core.publishing import Status
from events.models import Event, EventKind, EventPhoto, EventSeries, Participant, Participation, Session


def jpeg_upload(name="photo.jpg", size=(64, 48), color=(180, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    country = "CA"
    status = Status.PUBLISHED


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries

    name = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")
    status = Status.PUBLISHED


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = EventKind.FORUM
    starts_on = datetime.date(2026, 1, 6)
    ends_on = datetime.date(2026, 1, 8)
    host_city = factory.SubFactory(CityFactory)
    status = Status.PUBLISHED


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    city = factory.SubFactory(CityFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    position = "Mayor"
    city = factory.SubFactory(CityFactory)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(
            datetime.datetime.combine(o.event.starts_on, datetime.time(9, 30)), timezone.get_default_timezone()
        )
    )


class EventPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPhoto

    event = factory.SubFactory(EventFactory)
    image = factory.LazyFunction(jpeg_upload)
    caption = factory.Sequence(lambda n: f"Photo {n}")
