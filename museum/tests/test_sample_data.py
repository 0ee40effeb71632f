import io

import pytest
from django.core.management import call_command

from cities.models import City
from events.models import Event
from museum.models import Exhibit, ExhibitImage, Room, accession_sort_key

pytestmark = pytest.mark.django_db


def run(**options):
    out = io.StringIO()
    call_command("sample_data", cities=5, events=5, exhibits=50, stdout=out, seed=1, **options)
    return out.getvalue()


def test_sample_data_creates_labelled_records_with_images():
    output = run()
    assert "exhibits: 50/50" in output
    exhibits = Exhibit.objects.all()
    assert exhibits.count() == 50
    assert all(e.source == "sample data" and e.title.startswith("Sample") for e in exhibits)
    assert all(e.object_name.startswith("Sample") and e.is_published for e in exhibits)
    assert all(e.accession_sort == accession_sort_key(e.accession_number) for e in exhibits)
    assert all(e.object_name_en == e.object_name for e in exhibits)
    assert set(City.objects.values_list("source", flat=True)) == {"sample data"}
    assert all(c.name.startswith("Sample") for c in City.objects.all())
    assert all(e.title.startswith("Sample") for e in Event.objects.all())
    assert Room.objects.count() == 28
    assert ExhibitImage.objects.filter(is_primary=True).count() == 50
    image = ExhibitImage.objects.first()
    assert image.image_small.name.endswith(".webp") and image.image_small.storage.exists(image.image_small.name)


def test_running_sample_data_twice_adds_more_with_new_numbers():
    run(images=False)
    run(images=False)
    assert Exhibit.objects.count() == 100
    assert Exhibit.objects.values("accession_number").distinct().count() == 100
    assert City.objects.count() == 10
    assert Room.objects.count() == 28
    assert not ExhibitImage.objects.exists()
