import datetime

import factory

from cities.models import (
    Agreement,
    City,
    CityFigure,
    Contact,
    Partnership,
    PartnershipKind,
    PartnershipMilestone,
    PartnershipState,
    Source,
)
from core.dates import DatePrecision
from core.publishing import Status


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"Town {n}")
    name_en = factory.SelfAttribute("name")
    slug = factory.Sequence(lambda n: f"town-{n}")
    country = "FI"
    latitude = 60
    longitude = 25
    status = Status.PUBLISHED
    source = "seeds/000_e1be11e552158de4.txt"


class HarbinFactory(CityFactory):
    name = "Harbin"
    slug = "harbin"
    country = "CN"
    is_home = True
    latitude = 45.8038
    longitude = 126.5350
    mayor = "SUN Zhe"
    population = 10929000
    population_year = 2017


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    city = factory.SubFactory(CityFactory)
    kind = PartnershipKind.SISTER
    state = PartnershipState.ACTIVE
    established_on = datetime.date(1995, 6, 10)
    established_precision = DatePrecision.DAY
    status = Status.PUBLISHED


class PartnerCityFactory(CityFactory):
    class Meta:
        skip_postgeneration_save = True

    partnership = factory.RelatedFactory(PartnershipFactory, factory_related_name="city")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipMilestone

    partnership = factory.SubFactory(PartnershipFactory)
    date = datetime.date(1995, 6, 10)
    kind = "sister_signed"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Agreement {n}")
    signed_on = datetime.date(1995, 6, 10)
    is_public = True


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Contact person {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = "+358 40 000 0000"


class CityFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CityFigure

    city = factory.SubFactory(HarbinFactory)
    label = "Visitors in the winter season"
    value = "90 million"
    period = "2024–2025"
    source = "seeds/001_fb5c3b72ce4d44fe.txt"


def rovaniemi_partnership():
    """A partner city with every language and an alternative name, established in a year known only as a year."""
    city = CityFactory(
        name="Rovaniemi",
        name_zh_hans="罗瓦涅米",
        name_ru="Рованиеми",
        slug="rovaniemi",
        country="FI",
        latitude="66.503900",
        longitude="25.729400",
        alternative_names="Roi",
    )
    return PartnershipFactory(
        city=city, established_on=datetime.date(1995, 1, 1), established_precision=DatePrecision.YEAR
    )


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Harbin news {n}")
    publisher = "China Daily (chinadaily.com.cn)"
    kind = "news"
    published_on = datetime.date(2020, 4, 22)
