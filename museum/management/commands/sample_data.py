"""Synthetic, clearly labelled records for trying the portal and for benchmarks (`make demo`).

Everything made here is named "Sample …" and has the source "sample data". Never loaded by `make run`.
Rows go in with bulk_create (no save(), no history); images are a few dozen drawn JPEGs, each with
its WebP derivatives made once and shared by many ExhibitImage rows.
"""

import datetime
import io
import random
import time
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation
from PIL import Image, ImageDraw

from cities.models import City, Partnership, PartnershipKind, PartnershipState
from core.cache import bump_content_version
from core.dates import DatePrecision
from core.images import make_derivatives
from core.publishing import Status
from events.models import Event, EventKind, Participation, ParticipationRole
from museum.models import (
    ACCESSION_PREFIX,
    AcquisitionMethod,
    Condition,
    Donor,
    DonorKind,
    Exhibit,
    ExhibitImage,
    ObjectType,
    Room,
    accession_sort_key,
    decade_of,
    title_sort_strings,
)

SOURCE = "sample data"
ROOM_TARGET = 28
DONOR_COUNT = 60
DISTINCT_IMAGES = 36
COUNTRIES = [
    "JP",
    "KR",
    "RU",
    "US",
    "CA",
    "DK",
    "FI",
    "DE",
    "FR",
    "GB",
    "IT",
    "ES",
    "GR",
    "TR",
    "TH",
    "VN",
    "MN",
    "BY",
    "UA",
    "KZ",
    "BR",
    "AR",
    "CL",
    "AU",
    "NZ",
    "ZA",
    "EG",
    "IL",
    "SE",
    "NO",
    "PL",
    "CZ",
    "HU",
    "AT",
    "CH",
    "NL",
    "BE",
    "IE",
    "PT",
    "MX",
]
SAMPLE_TYPES = [("sample-craft", "Craft"), ("sample-document", "Document"), ("sample-photograph", "Photograph")]
MATERIALS = ["Porcelain", "Silk", "Bronze", "Oil on canvas", "Paper", "Wood, lacquer", "Glass", "Silver", "Wool"]
YEARS = range(2009, timezone.localdate().year + 1)


def _day(rng, first_year, last_year):
    start = datetime.date(first_year, 1, 1).toordinal()
    return datetime.date.fromordinal(rng.randint(start, datetime.date(last_year, 12, 31).toordinal()))


def _instances(model, rows):
    """Model instances from dicts of attnames, built positionally: keyword arguments go through
    modeltranslation's constructor rewriting, which costs more than the insert itself at this scale."""
    fields = model._meta.concrete_fields
    defaults = {field.attname: field.get_default() for field in fields}
    return [model(*[row.get(field.attname, defaults[field.attname]) for field in fields]) for row in rows]


def _drawn_jpeg(rng, index):
    """A small abstract 'photograph' of an object, labelled SAMPLE so nobody mistakes it."""
    background = tuple(rng.randint(150, 240) for _ in range(3))
    image = Image.new("RGB", (640, 480), background)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randint(40, 500), rng.randint(40, 340)
        w, h = rng.randint(60, 220), rng.randint(60, 220)
        colour = tuple(rng.randint(20, 200) for _ in range(3))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape([x, y, x + w, y + h], fill=colour, outline=(30, 30, 30), width=3)
    draw.rectangle([0, 430, 640, 480], fill=(29, 43, 79))
    draw.text((16, 446), f"SAMPLE IMAGE {index:02d}", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


class Command(BaseCommand):
    help = 'Create synthetic sample records ("Sample …", source "sample data") for trying the portal and benchmarks.'

    def add_arguments(self, parser):
        parser.add_argument("--cities", type=int, default=40, help="Sample partner cities to add (default 40).")
        parser.add_argument("--events", type=int, default=200, help="Sample events to add (default 200).")
        parser.add_argument("--exhibits", type=int, default=2000, help="Sample exhibits to add (default 2000).")
        parser.add_argument(
            "--images",
            action="store_true",
            default=True,
            help="Give exhibits drawn sample images (default).",
        )
        parser.add_argument("--no-images", dest="images", action="store_false", help="Exhibits without images.")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=None, help="Random seed, for repeatable data.")

    def handle(self, *args, **options):
        self.rng = random.Random(options["seed"])
        self.batch_size = max(1, options["batch_size"])
        self.started = time.monotonic()
        with translation.override("en"):
            city_ids = self.make_cities(options["cities"])
            event_ids = self.make_events(options["events"], city_ids)
            room_ids = self.make_rooms(city_ids)
            type_ids = self.make_object_types()
            donor_ids = self.make_donors(city_ids)
            images = self.make_image_files() if options["images"] and options["exhibits"] else []
            self.make_exhibits(options["exhibits"], room_ids, type_ids, donor_ids, event_ids, images)
        # Some rows went in through managers whose bulk_create tells the page cache nothing.
        bump_content_version()
        self.say(self.style.SUCCESS("Sample data ready."))

    def say(self, message):
        self.stdout.write(f"[{time.monotonic() - self.started:6.1f}s] {message}")
        self.stdout.flush()

    def batches(self, count):
        for start in range(0, count, self.batch_size):
            yield start, min(self.batch_size, count - start)

    # Cities and partnerships ---------------------------------------------------------------

    def make_cities(self, count):
        rng = self.rng
        offset = City.objects.filter(source=SOURCE).count()
        for start, size in self.batches(count):
            cities = []
            for i in range(offset + start + 1, offset + start + size + 1):
                name = f"Sample City {i:04d}"
                cities.append(
                    City(
                        name=name,
                        name_en=name,
                        slug=f"sample-city-{i:04d}",
                        country=rng.choice(COUNTRIES),
                        latitude=Decimal(f"{rng.uniform(-60, 70):.6f}"),
                        longitude=Decimal(f"{rng.uniform(-179, 179):.6f}"),
                        population=rng.randint(50_000, 12_000_000),
                        population_year=rng.choice([2015, 2020, 2023]),
                        description=f"{name} is synthetic sample data, not a real partner city.",
                        description_en=f"{name} is synthetic sample data, not a real partner city.",
                        status=Status.PUBLISHED,
                        source=SOURCE,
                    )
                )
            with transaction.atomic():
                cities = City.objects.bulk_create(cities)
                Partnership.objects.bulk_create([self.partnership_for(city) for city in cities if rng.random() < 0.9])
            self.say(f"cities: {start + size}/{count}")
        return list(City.objects.filter(is_home=False).values_list("pk", flat=True))

    def partnership_for(self, city):
        rng = self.rng
        precision = rng.choice(list(DatePrecision.values))
        established = _day(rng, 1980, 2024)
        if precision == DatePrecision.YEAR:
            established = established.replace(month=1, day=1)
        elif precision == DatePrecision.MONTH:
            established = established.replace(day=1)
        state = rng.choices(list(PartnershipState.values), weights=[1, 12, 1, 1])[0]
        return Partnership(
            city=city,
            kind=rng.choices(list(PartnershipKind.values), weights=[6, 3, 1, 1])[0],
            state=state,
            established_on=established,
            established_precision=precision,
            ended_on=established + datetime.timedelta(days=rng.randint(400, 6000)) if state == "ended" else None,
            summary="Sample partnership (synthetic).",
            summary_en="Sample partnership (synthetic).",
            status=Status.PUBLISHED,
            source=SOURCE,
        )

    # Events ------------------------------------------------------------------------------

    def make_events(self, count, city_ids):
        rng = self.rng
        offset = Event.objects.filter(source=SOURCE).count()
        harbin = City.objects.home().values_list("pk", flat=True).first()
        for start, size in self.batches(count):
            events = []
            for i in range(offset + start + 1, offset + start + size + 1):
                starts = _day(rng, 2000, timezone.localdate().year + 1)
                title = f"Sample event {i:05d}"
                events.append(
                    Event(
                        title=title,
                        title_en=title,
                        slug=f"sample-event-{i:05d}",
                        kind=rng.choice(list(EventKind.values)),
                        starts_on=starts,
                        ends_on=starts + datetime.timedelta(days=rng.choice([0, 0, 1, 2, 3])),
                        host_city_id=harbin if harbin and rng.random() < 0.7 else rng.choice(city_ids or [None]),
                        summary="Synthetic sample event for trying the portal.",
                        summary_en="Synthetic sample event for trying the portal.",
                        status=Status.PUBLISHED,
                        source=SOURCE,
                    )
                )
            with transaction.atomic():
                events = Event.objects.bulk_create(events)
                participations = []
                for event in events:
                    for city_id in rng.sample(city_ids, k=min(len(city_ids), rng.randint(1, 4))):
                        participations.append(
                            Participation(event=event, city_id=city_id, role=rng.choice(list(ParticipationRole.values)))
                        )
                Participation.objects.bulk_create(participations)
            self.say(f"events: {start + size}/{count}")
        return list(Event.objects.published().values_list("pk", flat=True))

    # The museum's vocabularies -----------------------------------------------------------

    def make_rooms(self, city_ids):
        missing = max(0, ROOM_TARGET - Room.objects.count())
        offset = Room.objects.filter(source=SOURCE).count()
        taken = set(Room.objects.exclude(city=None).values_list("city_id", flat=True))
        free_cities = [pk for pk in city_ids if pk not in taken]
        rooms = []
        for i in range(offset + 1, offset + missing + 1):
            name = f"Sample room {i:02d}"
            rooms.append(
                Room(
                    name=name,
                    name_en=name,
                    slug=f"sample-room-{i:02d}",
                    city_id=free_cities.pop(0) if free_cities else None,
                    order=100 + i,
                    status=Status.PUBLISHED,
                    source=SOURCE,
                )
            )
        Room.objects.bulk_create(rooms)
        self.say(f"rooms: {len(rooms)} added, {Room.objects.count()} in all")
        return list(Room.objects.values_list("pk", flat=True))

    def make_object_types(self):
        for order, (slug, name) in enumerate(SAMPLE_TYPES, start=900):
            label = f"{name} (sample)"
            ObjectType.objects.get_or_create(
                slug=slug, defaults={"name": label, "name_en": label, "order": order, "source": SOURCE}
            )
        return list(ObjectType.objects.values_list("pk", "name_en"))

    def make_donors(self, city_ids):
        rng = self.rng
        existing = Donor.objects.filter(notes=SOURCE).count()
        donors = [
            Donor(
                name=f"Sample donor {i:03d}",
                kind=rng.choice(list(DonorKind.values)),
                city_id=rng.choice(city_ids) if city_ids else None,
                show_publicly=i % 3 != 0,
                notes=SOURCE,
            )
            for i in range(existing + 1, DONOR_COUNT + 1)
        ]
        Donor.objects.bulk_create(donors)
        return list(Donor.objects.values_list("pk", flat=True))

    # Images and exhibits -----------------------------------------------------------------

    def make_image_files(self):
        """Draw the distinct images once, with derivatives; many exhibits then share the same files."""
        rng = random.Random(2009)
        files = []
        for index in range(1, DISTINCT_IMAGES + 1):
            base = f"museum/sample/sample-{index:02d}"
            names = (f"{base}.jpg", f"{base}-small.webp", f"{base}-large.webp")
            if not all(default_storage.exists(name) for name in names):
                original = _drawn_jpeg(rng, index)
                small, large = make_derivatives(ContentFile(original, name="sample.jpg"))
                for name, content in zip(names, (original, small, large), strict=True):
                    if default_storage.exists(name):
                        default_storage.delete(name)
                    default_storage.save(name, ContentFile(content))
            files.append(names)
        self.say(f"images: {len(files)} distinct sample images ready")
        return files

    def next_serials(self):
        prefix_length = len(ACCESSION_PREFIX) + 6
        return {year: int(Exhibit.objects.next_accession_number(year)[prefix_length:]) for year in YEARS}

    def make_exhibits(self, count, room_ids, type_ids, donor_ids, event_ids, images):
        if not count:
            return
        rng = self.rng
        serials = self.next_serials()
        city_ids = list(City.objects.filter(is_home=False).values_list("pk", flat=True))
        today = timezone.localdate()
        for start, size in self.batches(count):
            exhibits = []
            for _ in range(size):
                year = rng.choice(YEARS)
                number = f"{ACCESSION_PREFIX}.{year}.{serials[year]}"
                serials[year] += 1
                type_id, type_name = rng.choice(type_ids) if type_ids else (None, "object")
                object_name = f"Sample {type_name.lower()}"
                title = f"Sample gift {number}"
                description = "Synthetic sample record for trying the portal; not a real object in the museum."
                in_store = rng.random() < 0.05 or not room_ids
                exhibits.append(
                    {
                        "accession_number": number,
                        "accession_sort": accession_sort_key(number),
                        "object_name": object_name,
                        "object_name_en": object_name,
                        "title": title,
                        "title_en": title,
                        "brief_description": description,
                        "brief_description_en": description,
                        "object_type_id": type_id,
                        "number_of_objects": rng.choice([1, 1, 1, 1, 2, 3, 6]),
                        "room_id": None if in_store else rng.choice(room_ids),
                        "case": "" if in_store else f"C{rng.randint(1, 12)}",
                        "in_store": in_store,
                        "recorder": SOURCE,
                        "recording_date": _day(rng, year, min(year + 1, today.year)),
                        "maker": rng.choice(["", "Unknown", "Sample workshop"]),
                        "date_made": rng.choice(["", f"c. {rng.randint(1950, 2020)}", str(rng.randint(1980, 2020))]),
                        "materials": rng.choice(MATERIALS),
                        "dimensions": f"{rng.randint(5, 120)} × {rng.randint(5, 120)} cm",
                        "origin_city_id": rng.choice(city_ids) if city_ids else None,
                        "donor_id": rng.choice(donor_ids) if donor_ids and rng.random() < 0.5 else None,
                        "acquisition_method": rng.choice(list(AcquisitionMethod.values)),
                        "acquisition_date": (acquired := _day(rng, max(1990, year - 20), year)),
                        "acquisition_decade": decade_of(acquired),
                        "presented_at_id": rng.choice(event_ids) if event_ids and rng.random() < 0.3 else None,
                        "condition": rng.choice(list(Condition.values)),
                        "on_display": not in_store and rng.random() < 0.6,
                        "status": Status.PUBLISHED,
                        "source": SOURCE,
                        # bulk_create skips save(): the title's sort keys are stored here, as is the decade above.
                        **title_sort_strings({"title_en": title, "object_name_en": object_name}),
                    }
                )
            with transaction.atomic():
                exhibits = Exhibit.objects.bulk_create(_instances(Exhibit, exhibits))
                if images:
                    ExhibitImage.objects.bulk_create(self.images_for(exhibits, images), batch_size=self.batch_size)
            self.say(f"exhibits: {start + size}/{count}")

    def images_for(self, exhibits, images):
        rng = self.rng
        rows = []
        for exhibit in exhibits:
            for order in range(rng.choice([1, 1, 2, 3])):
                original, small, large = rng.choice(images)
                rows.append(
                    {
                        "exhibit_id": exhibit.pk,
                        "image": original,
                        "image_small": small,
                        "image_large": large,
                        "is_primary": order == 0,
                        "order": order,
                        "credit": SOURCE,
                    }
                )
        return _instances(ExhibitImage, rows)
