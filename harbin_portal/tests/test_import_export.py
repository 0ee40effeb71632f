"""Import and export: natural keys, all-or-nothing, the preview step, and export of a filtered list."""

import datetime

import pytest
import tablib
from django.contrib.auth.models import Group
from django.urls import reverse

from cities.models import City, Partnership
from cities.resources import CityResource, PartnershipResource
from cities.tests.factories import CityFactory
from core.resources import import_problems
from events.models import Event, Participation
from events.resources import EventResource
from harbin_portal import roles
from harbin_portal.tests.imports import confirm, job_of, upload
from museum.models import Exhibit
from museum.resources import ExhibitResource
from museum.tests.factories import ObjectTypeFactory, RoomFactory

CITIES_CSV = """slug,name_en,country,administrative_level,latitude,longitude,status,source
edmonton,Edmonton,CA,city,53.546100,-113.493800,published,seeds/003.txt
rovaniemi,Rovaniemi,fi,city,66.503900,25.729400,published,seeds/003.txt
asahikawa,Asahikawa,JP,city,43.770600,142.365000,draft,seeds/003.txt
"""


def dataset(text):
    return tablib.Dataset().load(text, format="csv")


def totals(result):
    return {kind: result.totals[kind] for kind in ("new", "update", "skip", "error", "invalid")}


@pytest.mark.django_db
def test_importing_the_same_cities_twice_changes_nothing_the_second_time():
    first = CityResource().import_data(dataset(CITIES_CSV))
    assert totals(first) == {"new": 3, "update": 0, "skip": 0, "error": 0, "invalid": 0}
    assert City.objects.get(slug="rovaniemi").country.code == "FI"
    history_rows = City.history.count()

    second = CityResource().import_data(dataset(CITIES_CSV))
    assert totals(second) == {"new": 0, "update": 0, "skip": 3, "error": 0, "invalid": 0}
    assert City.history.count() == history_rows


@pytest.mark.django_db
def test_a_changed_row_updates_the_city_matched_by_slug():
    CityResource().import_data(dataset(CITIES_CSV))
    result = CityResource().import_data(dataset(CITIES_CSV.replace("Asahikawa,JP", "Asahikawa City,JP")))
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 1, 2)
    assert City.objects.get(slug="asahikawa").name_en == "Asahikawa City"


@pytest.mark.django_db
def test_a_file_with_one_bad_row_writes_nothing_and_names_the_row_and_why():
    bad = CITIES_CSV + "nowhere,Nowhere,XX,city,,,published,seeds/003.txt\n"
    result = CityResource().import_data(dataset(bad))
    assert City.objects.count() == 0
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 4
    assert "country" in invalid.field_specific_errors
    assert "not a valid choice" in " ".join(invalid.field_specific_errors["country"])


@pytest.mark.django_db
def test_every_bad_row_is_named():
    bad = CITIES_CSV.replace("53.546100", "north") + "nowhere,,CN,city,,,published,\n"
    result = CityResource().import_data(dataset(bad))
    assert City.objects.count() == 0
    problems = import_problems(result)
    assert sorted(problems) == [2, 5]  # as the spreadsheet numbers them (row 1 holds the column names)
    assert problems[2] == ["latitude: “north” is not a valid latitude."]
    assert "name_en: This field cannot be blank." in problems[5]


@pytest.mark.django_db
def test_partnerships_are_matched_by_their_city_slug():
    CityFactory(slug="edmonton")
    text = (
        "city,kind,state,established_on,established_precision,status\n"
        "edmonton,sister,active,1985-01-01,year,published\n"
    )
    assert PartnershipResource().import_data(dataset(text)).totals["new"] == 1
    assert Partnership.objects.get().established_on == datetime.date(1985, 1, 1)
    assert totals(PartnershipResource().import_data(dataset(text)))["skip"] == 1

    unknown = PartnershipResource().import_data(dataset(text.replace("edmonton,", "atlantis,")))
    assert import_problems(unknown) == {2: ["No city with slug “atlantis”."]}


EVENTS_CSV = """slug,title_en,kind,starts_on,ends_on,host_city,participating_cities,status
winter-forum,Winter Cities Forum,forum,2026-01-06,2026-01-08,harbin,edmonton:guest;rovaniemi:guest,published
mayors-dialogue,Mayors Dialogue,mayors_dialogue,2025-06-15,,harbin,harbin:host;edmonton,published
"""


@pytest.fixture
def event_cities():
    return {slug: CityFactory(slug=slug) for slug in ("harbin", "edmonton", "rovaniemi")}


@pytest.mark.django_db
def test_events_import_with_their_participating_cities(event_cities):
    result = EventResource().import_data(dataset(EVENTS_CSV))
    assert result.totals["new"] == 2
    forum = Event.objects.get(slug="winter-forum")
    assert {(p.city.slug, p.role) for p in forum.participations.all()} == {
        ("edmonton", "guest"),
        ("rovaniemi", "guest"),
    }
    dialogue = Event.objects.get(slug="mayors-dialogue")
    assert {(p.city.slug, p.role) for p in dialogue.participations.all()} == {
        ("harbin", "host"),
        ("edmonton", "delegation"),
    }

    again = EventResource().import_data(dataset(EVENTS_CSV))
    assert (again.totals["new"], again.totals["update"], again.totals["skip"]) == (0, 0, 2)


@pytest.mark.django_db
def test_reimporting_an_event_updates_and_removes_participations(event_cities):
    EventResource().import_data(dataset(EVENTS_CSV))
    changed = EVENTS_CSV.replace("edmonton:guest;rovaniemi:guest", "edmonton:co_host")
    result = EventResource().import_data(dataset(changed))
    assert (result.totals["update"], result.totals["skip"]) == (1, 1)
    forum = Event.objects.get(slug="winter-forum")
    assert [(p.city.slug, p.role) for p in forum.participations.all()] == [("edmonton", "co_host")]


@pytest.mark.django_db
def test_an_unknown_participating_city_rejects_the_whole_file(event_cities):
    bad = EVENTS_CSV.replace("harbin:host;edmonton", "harbin:host;atlantis:guest")
    result = EventResource().import_data(dataset(bad))
    assert Event.objects.count() == 0 and Participation.objects.count() == 0
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert "atlantis" in " ".join(invalid.field_specific_errors["participating_cities"])


@pytest.mark.django_db
def test_exported_events_reimport_unchanged(event_cities):
    EventResource().import_data(dataset(EVENTS_CSV))
    exported = EventResource().export(Event.objects.all())
    assert "edmonton:guest;rovaniemi:guest" in exported.csv
    assert totals(EventResource().import_data(dataset(exported.csv)))["skip"] == 2


EXHIBITS_CSV = "\n".join(
    [
        "accession_number,object_name_en,brief_description_en,object_type,room,in_store,"
        "origin_city,presented_at,recorder,recording_date,status",
        "HISCM.2009.1,Vase,A blue vase.,ceramics,japan-room,0,asahikawa,,Alice,2024-05-01,published",
        "HISCM.2009.2,Painting,A winter scene.,painting,,1,asahikawa,expo-2019,Alice,2024-05-01,draft",
        "",
    ]
)


@pytest.fixture
def exhibit_refs():
    ObjectTypeFactory(slug="ceramics")
    ObjectTypeFactory(slug="painting")
    RoomFactory(slug="japan-room")
    CityFactory(slug="asahikawa")
    Event.objects.create(
        title="Expo", title_en="Expo", slug="expo-2019", kind="expo", starts_on=datetime.date(2019, 6, 1)
    )


@pytest.mark.django_db
def test_exhibits_import_by_accession_number_with_related_records_by_slug(exhibit_refs):
    result = ExhibitResource().import_data(dataset(EXHIBITS_CSV))
    assert totals(result) == {"new": 2, "update": 0, "skip": 0, "error": 0, "invalid": 0}
    painting = Exhibit.objects.get(accession_number="HISCM.2009.2")
    assert (painting.object_type.slug, painting.in_store, painting.origin_city.slug) == ("painting", True, "asahikawa")
    assert painting.presented_at.slug == "expo-2019"
    assert totals(ExhibitResource().import_data(dataset(EXHIBITS_CSV)))["skip"] == 2


@pytest.mark.django_db
def test_exhibit_rows_with_unknown_references_are_named(exhibit_refs):
    bad = EXHIBITS_CSV.replace("japan-room", "attic").replace("expo-2019", "no-such-event")
    result = ExhibitResource().import_data(dataset(bad))
    assert Exhibit.objects.count() == 0
    reasons = {row.number: row.field_specific_errors for row in result.invalid_rows}
    assert "attic" in " ".join(reasons[1]["room"])
    assert "no-such-event" in " ".join(reasons[2]["presented_at"])


@pytest.mark.django_db
def test_an_exhibit_row_breaking_a_rule_is_named_with_the_rule_and_nothing_is_written(exhibit_refs):
    # The rules are asked together per row; a broken one must still be found and named, the others not.
    bad = EXHIBITS_CSV.replace("painting,,1,", "painting,,0,")  # row 3: neither a room nor in store
    result = ExhibitResource().import_data(dataset(bad))
    assert Exhibit.objects.count() == 0
    problems = import_problems(result)
    assert list(problems) == [3]
    # Only the broken rule, not the four the row keeps.
    assert len(problems[3]) == 1
    assert "exhibit_has_a_location_or_loan" in problems[3][0]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [40, 400])
def test_an_exhibit_import_asks_the_database_far_less_than_once_per_row(
    exhibit_refs, django_assert_max_num_queries, rows
):
    header, first = EXHIBITS_CSV.splitlines()[:2]
    lines = [first.replace("HISCM.2009.1", f"HISCM.2009.{serial}") for serial in range(1, rows + 1)]
    # The related records and existing exhibits are read once, the rules checked in Python, the rows and their
    # history rows inserted 500 at a time (SQLite's limit of 999 parameters splits an insert into ~20 rows each).
    # Before: 22 queries per row, then 8.
    with django_assert_max_num_queries(20 + rows // 5):
        result = ExhibitResource().import_data(dataset("\n".join([header, *lines, ""])))
    assert result.totals["new"] == rows
    assert Exhibit.history.values("id").distinct().count() == rows  # each has its history row


@pytest.mark.django_db
def test_xlsx_export_reimports_unchanged(exhibit_refs):
    ExhibitResource().import_data(dataset(EXHIBITS_CSV))
    xlsx = ExhibitResource().export(Exhibit.objects.all()).export("xlsx")
    again = ExhibitResource().import_data(tablib.Dataset().load(xlsx, format="xlsx"))
    assert totals(again) == {"new": 0, "update": 0, "skip": 2, "error": 0, "invalid": 0}


# --- Through the admin -------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_import_shows_a_preview_and_writes_only_after_confirmation(admin_client_):
    preview = upload(admin_client_, "cities_city", CITIES_CSV)
    assert preview.status_code == 200
    assert job_of(preview).summary["totals"]["new"] == 3
    assert "3 new, 0 changed, 0 unchanged" in preview.content.decode()
    assert City.objects.count() == 0  # the preview wrote nothing
    done = confirm(admin_client_, preview)
    assert done.status_code == 200
    assert "Import finished: 3 new, 0 changed, 0 unchanged." in done.content.decode()
    assert City.objects.count() == 3


@pytest.mark.django_db
def test_admin_import_of_a_bad_file_offers_no_confirmation_and_names_the_row(admin_client_):
    bad = CITIES_CSV + "nowhere,Nowhere,XX,city,,,published,seeds/003.txt\n"
    preview = upload(admin_client_, "cities_city", bad)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Confirm import" not in page
    assert [number for number, _texts in job_of(preview).summary["problems"]] == [5]
    assert "XX" in page
    assert City.objects.count() == 0


@pytest.mark.django_db
def test_export_follows_the_filtered_admin_list(admin_client_):
    CityFactory(slug="published-town", status="published")
    CityFactory(slug="draft-town", status="draft")
    response = admin_client_.post(
        reverse("admin:cities_city_export") + "?status__exact=draft",
        {"format": "0", "resource": "0", **{f"cityresource_{f}": "on" for f in ("slug", "status")}},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "draft-town" in body
    assert "published-town" not in body


@pytest.mark.django_db
def test_staff_who_may_only_view_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("cato", password="x-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.CATALOGUERS))
    client.force_login(user)
    assert client.get(reverse("admin:cities_city_import")).status_code == 403
    assert client.get(reverse("admin:museum_exhibit_import")).status_code == 200
