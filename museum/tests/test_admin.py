import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from museum.models import Exhibit, ExhibitImage, Movement, Museum

from .conftest import exhibit_form_data, no_images
from .factories import ExhibitFactory, ExhibitImageFactory, MuseumFactory, RoomFactory, jpeg_upload

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:museum_exhibit_add")
LIST_URL = reverse("admin:museum_exhibit_changelist")


def change_url(exhibit):
    return reverse("admin:museum_exhibit_change", args=[exhibit.pk])


def test_add_form_proposes_the_next_accession_number_recorder_and_date(cataloguer_client):
    year = timezone.localdate().year
    ExhibitFactory(accession_number=f"HISCM.{year}.9")
    ExhibitFactory(accession_number=f"HISCM.{year}.10")
    form = cataloguer_client.get(ADD_URL).context["adminform"].form
    assert form.initial["accession_number"] == f"HISCM.{year}.11"
    assert form.initial["recorder"] == "Mei Zhang"
    assert form.initial["recording_date"] == timezone.localdate()


def test_add_form_proposes_the_username_when_the_user_has_no_full_name(client, django_user_model):
    user = django_user_model.objects.create_superuser("cataloguer2", "c2@example.org", "pw-c2-1234")
    client.force_login(user)
    form = client.get(ADD_URL).context["adminform"].form
    assert form.initial["recorder"] == "cataloguer2"


def test_a_cataloguer_adds_an_exhibit(cataloguer_client, room):
    response = cataloguer_client.post(ADD_URL, exhibit_form_data(room))
    assert response.status_code == 302, response.context["adminform"].form.errors
    exhibit = Exhibit.objects.get()
    assert exhibit.accession_number == "HISCM.2024.1"
    assert exhibit.accession_sort == "HISCM.0000002024.0000000001"
    assert exhibit.room == room


def test_the_spectrum_inventory_core_is_required(cataloguer_client):
    empty = {
        "accession_number": "",
        "object_name_en": "",
        "number_of_objects": "",
        "brief_description_en": "",
        "recorder": "",
        "recording_date": "",
    }
    response = cataloguer_client.post(ADD_URL, exhibit_form_data(None, **empty))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    for field in [
        "accession_number",
        "object_name_en",
        "number_of_objects",
        "brief_description_en",
        "room",
        "recorder",
        "recording_date",
    ]:
        assert field in errors, field
    assert "choose its room, or tick “in store”" in str(errors["room"])
    assert not Exhibit.objects.exists()


def test_in_store_is_a_location(cataloguer_client):
    response = cataloguer_client.post(ADD_URL, exhibit_form_data(None, in_store="on"))
    assert response.status_code == 302
    assert Exhibit.objects.get().in_store


def test_a_taken_accession_number_is_refused_with_the_next_free_one(cataloguer_client, room):
    ExhibitFactory(accession_number="HISCM.2024.1")
    response = cataloguer_client.post(ADD_URL, exhibit_form_data(room))
    errors = response.context["adminform"].form.errors["accession_number"]
    assert "HISCM.2024.1 is already used by another exhibit; the next free number for 2024 is HISCM.2024.2." in errors
    assert Exhibit.objects.count() == 1


def test_a_malformed_accession_number_is_refused(cataloguer_client, room):
    response = cataloguer_client.post(ADD_URL, exhibit_form_data(room, accession_number="2024-1"))
    assert "HISCM.&lt;year&gt;.&lt;serial&gt;" in response.content.decode()
    assert not Exhibit.objects.exists()


def test_an_image_uploaded_with_the_exhibit_gets_webp_derivatives(cataloguer_client, room):
    data = exhibit_form_data(
        room,
        **no_images(total=1),
        **{"images-0-image": jpeg_upload(), "images-0-is_primary": "on", "images-0-order": "0"},
    )
    response = cataloguer_client.post(ADD_URL, data)
    assert response.status_code == 302
    image = ExhibitImage.objects.get()
    assert image.is_primary
    assert image.image_small.name.endswith(".webp") and image.image_large.name.endswith(".webp")


def test_two_primary_images_are_refused_with_a_message(cataloguer_client, room):
    data = exhibit_form_data(
        room,
        **no_images(total=2),
        **{
            "images-0-image": jpeg_upload("a.jpg"),
            "images-0-is_primary": "on",
            "images-0-order": "0",
            "images-1-image": jpeg_upload("b.jpg"),
            "images-1-is_primary": "on",
            "images-1-order": "1",
        },
    )
    response = cataloguer_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Only one image can be the primary image" in response.content.decode()
    assert not Exhibit.objects.exists() and not ExhibitImage.objects.exists()


def test_changing_the_room_records_a_movement_with_user_and_reason(cataloguer_client, cataloguer, room):
    exhibit = ExhibitFactory(room=room, case="A3")
    new_room = RoomFactory(name="Aarhus room", name_en="Aarhus room")
    data = exhibit_form_data(
        new_room,
        accession_number=exhibit.accession_number,
        case="B1",
        reason_for_move="Rotation for the Danish week",
        **{"movements-TOTAL_FORMS": "0", "movements-INITIAL_FORMS": "0", "movements-MAX_NUM_FORMS": "0"},
    )
    response = cataloguer_client.post(change_url(exhibit), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    movement = Movement.objects.get()
    assert (movement.from_room, movement.from_case) == (room, "A3")
    assert (movement.to_room, movement.to_case) == (new_room, "B1")
    assert movement.moved_by == cataloguer
    assert movement.reason == "Rotation for the Danish week"
    exhibit.refresh_from_db()
    assert exhibit.room == new_room


def test_saving_without_changing_the_location_records_no_movement(cataloguer_client, room):
    exhibit = ExhibitFactory(room=room)
    data = exhibit_form_data(
        room,
        accession_number=exhibit.accession_number,
        object_name_en="Renamed vase",
        **{"movements-TOTAL_FORMS": "0", "movements-INITIAL_FORMS": "0", "movements-MAX_NUM_FORMS": "0"},
    )
    assert cataloguer_client.post(change_url(exhibit), data).status_code == 302
    assert not Movement.objects.exists()


def test_the_change_page_shows_the_location_history(cataloguer_client, cataloguer, room):
    from museum.services import exhibit_move

    exhibit = ExhibitFactory(room=room)
    exhibit_move(exhibit=exhibit, to_store=True, by=cataloguer, reason="Conservation check")
    html = cataloguer_client.get(change_url(exhibit)).content.decode()
    assert "Location history" in html
    assert "Conservation check" in html
    assert "In store" in html


def test_changelist_queries_do_not_grow_with_the_number_of_exhibits(cataloguer_client, django_assert_max_num_queries):
    for _ in range(5):
        ExhibitImageFactory()
    with CaptureQueriesContext(connection) as few:
        assert cataloguer_client.get(LIST_URL).status_code == 200
    for _ in range(45):
        image = ExhibitImageFactory()
        ExhibitImageFactory(exhibit=image.exhibit, is_primary=False)
    with django_assert_max_num_queries(len(few)):
        response = cataloguer_client.get(LIST_URL)
    assert response.content.decode().count('class="field-thumbnail"') == 50


def test_changelist_checkbox_is_djangos_own_markup_escaped():
    exhibit = ExhibitFactory(title='Vase <b>"blue" & white</b>', title_en='Vase <b>"blue" & white</b>')
    model_admin = admin.site._registry[Exhibit]
    assert model_admin.action_checkbox(exhibit) == admin.ModelAdmin.action_checkbox(model_admin, exhibit)
    assert "&lt;b&gt;&quot;blue&quot; &amp; white" in model_admin.action_checkbox(exhibit)


def test_changelist_rows_leave_long_texts_in_the_database(cataloguer_client):
    ExhibitImageFactory()
    with CaptureQueriesContext(connection) as queries:
        assert cataloguer_client.get(LIST_URL).status_code == 200
    rows = [q["sql"] for q in queries if q["sql"].startswith('SELECT "museum_exhibit"."id"')]
    assert len(rows) == 1
    assert not any(column in rows[0] for column in ("brief_description", "provenance", "description"))


def test_changelist_row_links_keep_the_list_filters(cataloguer_client):
    exhibit = ExhibitFactory()
    html = cataloguer_client.get(LIST_URL, {"status__exact": "published"}).content.decode()
    link = f'href="{change_url(exhibit)}?_changelist_filters=status__exact%3Dpublished"'
    assert html.count(link) == 2


def test_changelist_orders_accession_numbers_number_aware(cataloguer_client):
    for number in ["HISCM.2009.10", "HISCM.2009.9", "HISCM.2009.100"]:
        ExhibitFactory(accession_number=number)
    html = cataloguer_client.get(LIST_URL).content.decode()
    assert html.index("HISCM.2009.9<") < html.index("HISCM.2009.10<") < html.index("HISCM.2009.100<")


def test_changelist_search_finds_accession_numbers_and_names(cataloguer_client):
    ExhibitFactory(accession_number="HISCM.2011.7", object_name="Kimono", object_name_en="Kimono")
    ExhibitFactory(accession_number="HISCM.2011.8", object_name="Drum", object_name_en="Drum")
    html = cataloguer_client.get(LIST_URL, {"q": "kimono"}).content.decode()
    assert "HISCM.2011.7" in html and "HISCM.2011.8" not in html


def test_the_museum_record_cannot_be_added_twice_or_deleted(cataloguer_client):
    museum = MuseumFactory()
    assert cataloguer_client.get(reverse("admin:museum_museum_add")).status_code == 403
    assert cataloguer_client.get(reverse("admin:museum_museum_delete", args=[museum.pk])).status_code == 403
    assert Museum.objects.count() == 1


@pytest.mark.parametrize(
    "name",
    ["museum_room", "museum_objecttype", "museum_donor", "museum_movement", "museum_museum"],
)
def test_the_other_museum_admin_lists_open(cataloguer_client, name):
    ExhibitFactory()
    assert cataloguer_client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_movements_cannot_be_added_by_hand(cataloguer_client):
    assert cataloguer_client.get(reverse("admin:museum_movement_add")).status_code == 403


def test_recording_date_cannot_be_in_the_future(cataloguer_client, room):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = cataloguer_client.post(ADD_URL, exhibit_form_data(room, recording_date=tomorrow.isoformat()))
    assert "recording_date" in response.context["adminform"].form.errors
