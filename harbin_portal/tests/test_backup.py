"""`manage.py backup` and `restore`: an empty database gets back the same records, history and images."""

import datetime
import json
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.utils import timezone

from cities.models import City
from events.models import Event
from events.tests.factories import CityFactory, EventFactory, jpeg_upload
from museum.models import Exhibit, ExhibitImage, Movement, ObjectType, Room

# Real transactions: the tests flush the database, which PostgreSQL cannot do inside a test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def collection():
    """Records of all three apps, with real images, a history and a staff member who made it."""
    curator = User.objects.create_user("dana", password="pw-dana-123", is_staff=True)
    city = CityFactory(name="Edmonton", name_ru="Эдмонтон", slug="edmonton", photo=jpeg_upload("edmonton.jpg"))
    city._history_user = curator
    city.population = 1_010_899
    city.save()
    event = EventFactory(title="Winter Cities Forum", host_city=city, cover=jpeg_upload("forum.jpg", size=(80, 60)))
    room = Room.objects.create(number=7, name="Edmonton room", slug="edmonton-room", city=city, status="published")
    object_type = ObjectType.objects.create(name="Painting", slug="painting")
    exhibit = Exhibit.objects.create(
        accession_number="HISCM.2009.12",
        object_name="Oil painting",
        object_type=object_type,
        brief_description="A winter landscape of the North Saskatchewan river.",
        room=room,
        recorder="Dana",
        recording_date=datetime.date(2024, 3, 1),
        origin_city=city,
        presented_at=event,
        status="published",
    )
    ExhibitImage.objects.create(exhibit=exhibit, image=jpeg_upload("painting.jpg", size=(120, 90)), is_primary=True)
    Movement.objects.create(exhibit=exhibit, to_room=room, moved_at=timezone.now(), reason="Opening", moved_by=curator)
    return {"city": city, "event": event, "exhibit": exhibit}


def media_files(root):
    root = Path(root)
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def all_media(settings):
    """Public media and the private storage (image originals) together."""
    private = {f"private/{name}": data for name, data in media_files(settings.PRIVATE_MEDIA_ROOT).items()}
    return media_files(settings.MEDIA_ROOT) | private


def test_restore_into_an_empty_database_brings_back_records_history_and_images(collection, settings, tmp_path):
    target = tmp_path / "backup"
    images_before = all_media(settings)
    history_before = list(City.history.order_by("history_id").values_list("history_id", "population", "name_ru"))
    call_command("backup", str(target))
    manifest = json.loads((target / "manifest.json").read_text())

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT)
    assert not City.objects.exists()

    call_command("restore", str(target), verbosity=0)

    city = City.objects.get(slug="edmonton")
    assert (city.name, city.name_ru, city.population) == ("Edmonton", "Эдмонтон", 1_010_899)
    event = Event.objects.get(title="Winter Cities Forum")
    assert event.host_city == city
    exhibit = Exhibit.objects.select_related("room", "object_type", "presented_at").get()
    assert (exhibit.accession_number, exhibit.room.number, exhibit.object_type.name) == ("HISCM.2009.12", 7, "Painting")
    assert exhibit.presented_at == event
    assert exhibit.movements.get().moved_by.username == "dana"
    history = list(City.history.order_by("history_id").values_list("history_id", "population", "name_ru"))
    assert history == history_before
    assert City.history.filter(history_user__username="dana").exists()
    assert Group.objects.count() == manifest["database"]["counts"].get("auth.group", 0)
    # Every image (originals and WebP derivatives) is back, byte for byte.
    # Three originals (private), each with a small and a large WebP; IIIF tiles of the exhibit image besides.
    assert len([name for name in images_before if not name.startswith("iiif/")]) == 9
    assert all_media(settings) == images_before
    assert city.photo.read() == images_before[f"private/{city.photo.name}"]
    assert manifest["media"]["files"] == len(images_before)


def test_restored_database_takes_new_records(collection, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(tmp_path / "backup"), verbosity=0)

    # The sequences moved past the restored keys (PostgreSQL would refuse a duplicate key otherwise).
    new_city = CityFactory(name="Calgary")
    assert new_city.pk > collection["city"].pk


def test_manifest_counts_the_records(collection, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    counts = json.loads((tmp_path / "backup" / "manifest.json").read_text())["database"]["counts"]

    assert counts["cities.city"] == 1
    assert counts["cities.historicalcity"] == 2
    assert counts["events.event"] == 1
    assert counts["museum.exhibit"] == 1
    assert counts["auth.user"] == 1
    assert "sessions.session" not in counts
    assert "auth.permission" not in counts


def test_restore_refuses_a_database_that_is_not_empty(collection, tmp_path):
    call_command("backup", str(tmp_path / "backup"))

    with pytest.raises(CommandError, match=r"empty database.*cities\.city \(1\)"):
        call_command("restore", str(tmp_path / "backup"))

    assert City.objects.count() == 1


def test_restore_refuses_a_damaged_backup_and_changes_nothing(collection, settings, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    with (tmp_path / "backup" / "media.tar").open("ab") as archive:
        archive.write(b"tampered")

    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(tmp_path / "backup"))

    assert not City.objects.exists()
    assert not Path(settings.MEDIA_ROOT).exists()


def test_a_failed_restore_keeps_nothing(collection, settings, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["database"]["counts"]["cities.city"] = 2  # the dump now disagrees with its manifest
    manifest_path.write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="do not match"):
        call_command("restore", str(tmp_path / "backup"))

    assert not City.objects.exists()
    assert media_files(settings.MEDIA_ROOT) == {}


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old.txt").write_text("an earlier backup")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path))
