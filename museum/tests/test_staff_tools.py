"""Issue 14, for cataloguers: labels, locations and their history."""

import datetime
import re

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core.publishing import Status
from museum.models import Exhibit, ExhibitImage
from museum.services import exhibit_move

from .factories import CityFactory, ExhibitFactory
from .test_admin import ADD_URL, change_url, exhibit_form_data, no_images

pytestmark = pytest.mark.django_db


def print_labels(client, exhibits, **data):
    return client.post(
        reverse("admin:museum_exhibit_changelist"),
        {"action": "print_labels", "_selected_action": [e.pk for e in exhibits], **data},
    )


def labels_of(response):
    return re.findall(r'<article class="label">(.*?)</article>', response.content.decode(), re.S)


@pytest.fixture
def vase():
    city = CityFactory(name_en="Niigata", name_zh_hans="新潟", name_ru="Ниигата")
    return ExhibitFactory(
        accession_number="HISCM.2009.12",
        object_name_en="Vase",
        title_en="Crane vase",
        title_zh_hans="仙鹤花瓶",
        maker="Yamada Kōzan",
        date_made="c. 1985",
        origin_city=city,
    )


def test_a_label_prints_title_maker_date_and_giving_city(cataloguer_client, vase):
    [label] = labels_of(print_labels(cataloguer_client, [vase], label_language="en"))
    assert "Crane vase" in label
    assert ">Vase<" not in label
    assert "Yamada Kōzan, c. 1985" in label
    assert "Gift of Niigata" in label


def test_a_bilingual_label_says_it_in_chinese_then_english(cataloguer_client, vase):
    [label] = labels_of(print_labels(cataloguer_client, [vase], label_language="zh-hans+en"))
    assert label.index("仙鹤花瓶") < label.index("Crane vase")
    assert '<div class="label-language" lang="zh-hans">' in label
    assert "Niigata" in label and "新潟" in label


def test_the_label_language_can_be_chosen_on_the_sheet(cataloguer_client, vase):
    page = print_labels(cataloguer_client, [vase]).content.decode()
    assert '<select id="label-language" name="label_language">' in page
    assert '<option value="zh-hans+en">' in page


def test_labels_for_drafts_are_refused_with_a_message(cataloguer_client, vase):
    draft = ExhibitFactory(accession_number="HISCM.2009.13", status=Status.DRAFT)

    mixed = print_labels(cataloguer_client, [vase, draft], label_language="en")
    only_drafts = print_labels(cataloguer_client, [draft], label_language="en")

    assert len(labels_of(mixed)) == 1
    assert "No label for HISCM.2009.13: it is a draft" in mixed.content.decode()
    assert only_drafts.status_code == 302
    followed = cataloguer_client.get(only_drafts["Location"]).content.decode()
    assert "No labels printed: drafts get none" in followed and "HISCM.2009.13" in followed


# --- Where an object is ------------------------------------------------------------------------------


def test_in_store_and_on_display_together_are_refused_in_the_form(cataloguer_client):
    response = cataloguer_client.post(ADD_URL, exhibit_form_data(None, in_store="on", on_display="on"))
    assert response.status_code == 200
    assert "An object in store is not on display" in response.content.decode()
    assert not Exhibit.objects.exists()


def test_in_store_and_on_display_together_are_refused_by_the_database():
    exhibit = ExhibitFactory(room=None, in_store=True, on_display=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Exhibit.objects.filter(pk=exhibit.pk).update(on_display=True)


def test_the_first_placement_starts_the_location_history(cataloguer_client, cataloguer, room):
    response = cataloguer_client.post(ADD_URL, exhibit_form_data(room, case="C2"))
    assert response.status_code == 302
    exhibit = Exhibit.objects.get()
    [movement] = exhibit.movements.all()
    assert (movement.to_room, movement.to_case, movement.moved_by) == (room, "C2", cataloguer)
    page = cataloguer_client.get(change_url(exhibit)).content.decode()
    assert f"HISCM.2024.1 was first placed in Niigata room, case C2 on {date_format(timezone.localdate())}." in page


def test_movements_read_as_sentences(room):
    exhibit = ExhibitFactory(accession_number="HISCM.2026.1", room=room, case="")
    moved = exhibit_move(exhibit=exhibit, to_store=True)
    moved.moved_at = timezone.make_aware(datetime.datetime(2026, 11, 27, 12))
    assert str(moved) == "HISCM.2026.1 moved from Niigata room to the store on 27 November 2026."


def test_a_75_megapixel_scan_is_accepted_with_its_derivatives(cataloguer_client, room):
    import pyvips

    scan = pyvips.Image.black(10000, 7500, bands=3).draw_rect([200, 90, 30], 1000, 1000, 4000, 3000, fill=True)
    upload = SimpleUploadedFile("scan.jpg", scan.jpegsave_buffer(Q=80), content_type="image/jpeg")
    data = exhibit_form_data(
        room, **no_images(total=1), **{"images-0-image": upload, "images-0-is_primary": "on", "images-0-order": "0"}
    )

    response = cataloguer_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    image = ExhibitImage.objects.get()
    assert image.image_small and image.image_large


def test_an_import_looks_each_room_up_once_not_once_per_row(room):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from museum.resources import ExhibitResource

    def room_lookups(rows):
        header = "accession_number,object_name_en,number_of_objects,brief_description_en,room,recorder,recording_date\n"
        body = "".join(f"HISCM.2030.{n},Vase,1,A vase,{room.slug},Mei,2024-05-01\n" for n in range(1, rows + 1))
        with CaptureQueriesContext(connection) as queries:
            result = ExhibitResource().import_data(tablib.Dataset().load(header + body, format="csv"), dry_run=True)
        assert result.totals["new"] == rows
        return sum('FROM "museum_room" WHERE "museum_room"."slug"' in q["sql"] for q in queries.captured_queries)

    assert room_lookups(2) == room_lookups(6) == 1


def test_an_import_stores_the_decade_each_exhibit_was_acquired_in(room):
    from museum.models import Exhibit
    from museum.resources import ExhibitResource

    header = "accession_number,object_name_en,number_of_objects,brief_description_en,room,recorder,recording_date,"
    header += "acquisition_date\n"
    body = "".join(
        f"HISCM.2030.{n},Vase,1,A vase,{room.slug},Mei,2024-05-01,{day}\n"
        for n, day in enumerate(["1999-12-31", "2000-01-01", ""], start=1)
    )
    result = ExhibitResource().import_data(tablib.Dataset().load(header + body, format="csv"), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert dict(Exhibit.objects.values_list("accession_number", "acquisition_decade")) == {
        "HISCM.2030.1": 1990,
        "HISCM.2030.2": 2000,
        "HISCM.2030.3": None,
    }
