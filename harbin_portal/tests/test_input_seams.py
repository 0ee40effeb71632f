"""Input that used to break pages: an accession number with slashes, a date near the year 9999, an export
address with a parameter the list does not know. Each is refused where it comes in, for every write path."""

import datetime

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cities.models import Agreement, Partnership, PartnershipMilestone
from cities.resources import PartnershipResource
from cities.tests.factories import AgreementFactory, MilestoneFactory, PartnerCityFactory
from core.dates import validate_date_in_range
from events.models import Event
from events.tests.factories import EventFactory
from museum.models import Exhibit
from museum.resources import ExhibitResource
from museum.tests.factories import ExhibitFactory, ObjectTypeFactory, RoomFactory

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(9999, 12, 1)


def refused_by_the_database(queryset, **values):
    try:
        with transaction.atomic():
            queryset.update(**values)
    except IntegrityError:
        return True
    return False


# -- Accession numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["HISCM/2009/777", "HISCM.2009.777/", "HISCM 2009 777", "HISCM.2009.7\n", "x"])
def test_an_accession_number_that_cannot_be_an_address_is_refused_by_the_model(number):
    exhibit = ExhibitFactory.build(accession_number=number, object_type=None, room=None, origin_city=None)
    exhibit.in_store = True

    with pytest.raises(ValidationError) as refused:
        exhibit.full_clean()

    assert "accession_number" in refused.value.message_dict


def test_an_imported_accession_number_with_slashes_is_named_and_nothing_is_written():
    ObjectTypeFactory(slug="ceramics")
    RoomFactory(slug="japan-room")
    csv = (
        "accession_number,object_name_en,brief_description_en,object_type,room,in_store,recorder,recording_date,status\n"
        "HISCM/2009/777,Vase,A blue vase.,ceramics,japan-room,0,Alice,2024-05-01,published\n"
    )

    result = ExhibitResource().import_data(tablib.Dataset().load(csv, format="csv"))

    assert Exhibit.objects.count() == 0
    assert "accession_number" in result.invalid_rows[0].field_specific_errors


def test_the_database_refuses_an_accession_number_with_slashes_from_bulk_writes():
    exhibit = ExhibitFactory(accession_number="HISCM.2009.777")

    assert refused_by_the_database(Exhibit.objects.filter(pk=exhibit.pk), accession_number="HISCM/2009/777")


def test_a_well_formed_accession_number_is_accepted_and_every_page_that_links_it_answers(client):
    ExhibitFactory(accession_number="HISCM.2009.777", object_name="Vase", object_name_en="Vase")

    for path in ["/en/museum/exhibits/", "/en/search/?q=vase", "/sitemap-exhibits.xml", "/en/museum/"]:
        response = client.get(path)
        assert response.status_code in (200, 404), path
    assert "/en/museum/exhibits/HISCM.2009.777/" in client.get("/en/museum/exhibits/").content.decode()


# -- Dates near the end of the calendar --------------------------------------------------------------


def test_dates_outside_1800_to_2199_are_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as refused:
        validate_date_in_range(FAR_FUTURE)
    assert "between 1800 and 2199" in refused.value.messages[0]
    validate_date_in_range(datetime.date(1898, 1, 1))
    validate_date_in_range(datetime.date(2199, 12, 31))
    validate_date_in_range(None)


def test_a_partnership_established_in_9999_is_refused_by_the_model_and_the_database():
    city = PartnerCityFactory()
    partnership = city.partnership
    partnership.established_on = FAR_FUTURE

    with pytest.raises(ValidationError) as refused:
        partnership.full_clean()

    assert "established_on" in refused.value.message_dict
    assert refused_by_the_database(Partnership.objects.filter(pk=partnership.pk), established_on=FAR_FUTURE)
    assert refused_by_the_database(Partnership.objects.filter(pk=partnership.pk), ended_on=FAR_FUTURE)


def test_an_event_starting_in_9999_is_refused_by_the_model_and_the_database():
    event = EventFactory()
    event.starts_on = FAR_FUTURE

    with pytest.raises(ValidationError) as refused:
        event.full_clean()

    assert "starts_on" in refused.value.message_dict
    assert refused_by_the_database(Event.objects.filter(pk=event.pk), starts_on=FAR_FUTURE, ends_on=None)
    assert refused_by_the_database(Event.objects.filter(pk=event.pk), ends_on=FAR_FUTURE)


def test_milestone_and_agreement_dates_are_bounded_in_the_database():
    milestone = MilestoneFactory()
    agreement = AgreementFactory()

    assert refused_by_the_database(PartnershipMilestone.objects.filter(pk=milestone.pk), date=FAR_FUTURE)
    assert refused_by_the_database(Agreement.objects.filter(pk=agreement.pk), signed_on=datetime.date(1, 1, 1))


def test_an_imported_partnership_dated_9999_is_named_and_nothing_is_written():
    PartnerCityFactory(slug="edmonton")
    csv = "city,established_on,established_precision,status\nedmonton,9999-12-01,day,published\n"

    result = PartnershipResource().import_data(tablib.Dataset().load(csv, format="csv"))

    assert "established_on" in result.invalid_rows[0].field_specific_errors
    assert Partnership.objects.get(city__slug="edmonton").established_on != FAR_FUTURE


def test_the_admin_form_refuses_an_event_in_9999(admin_client_):
    response = admin_client_.post(
        "/admin/events/event/add/",
        {"title_en": "Far", "slug": "far", "kind": "forum", "starts_on": "9999-12-01", "date_precision": "day"},
    )

    assert response.status_code == 200
    assert "between 1800 and 2199" in response.content.decode()
    assert not Event.objects.filter(slug="far").exists()


# -- Export addresses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/admin/cities/partnership/export/?format=0",
        "/admin/events/event/export/?format=0",
        "/admin/museum/exhibit/export/?no_such_field=1",
    ],
)
def test_an_export_address_with_a_parameter_the_list_does_not_know_is_a_bad_request(admin_client_, path):
    admin_client_.raise_request_exception = False

    assert admin_client_.get(path).status_code == 400


def test_an_export_filtered_by_a_real_filter_still_answers(admin_client_):
    PartnerCityFactory()

    assert admin_client_.get("/admin/cities/partnership/export/?status__exact=published").status_code == 200
