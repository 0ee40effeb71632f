"""Issue 14: staff tools as a foreign-affairs office and a museum would use them."""

import datetime
import re

import pytest
import tablib
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import CheckConstraint
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from cities.models import City
from cities.resources import CityResource
from cities.tests.factories import CityFactory, PartnershipFactory
from core.constraints import constraint_message
from core.dates import DatePrecision
from core.resources import SafeCSV, import_problems
from events.tests.factories import EventFactory, ParticipationFactory
from events.tests.test_admin import ADD_URL as EVENT_ADD_URL
from events.tests.test_admin import event_form_data
from harbin_portal import dashboard
from harbin_portal.roles import CATALOGUERS
from harbin_portal.tests.imports import confirm, job_of, upload
from museum.tests.factories import ExhibitFactory, RoomFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"core", "cities", "events", "museum", "delegations", "opendata", "harbin_portal"}


# --- Database constraints speak in sentences ---------------------------------------------------------


def test_event_ending_before_it_starts_is_refused_with_a_sentence(admin_client_):
    response = admin_client_.post(EVENT_ADD_URL, event_form_data(starts_on="2026-01-08", ends_on="2026-01-06"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "An event cannot end before it starts" in page
    assert "is violated" not in page


def test_every_constraint_whose_default_message_names_it_has_a_sentence():
    # Unconditional unique constraints already say "X with this Y already exists"; every other constraint
    # would show "Constraint “name” is violated." without a registered sentence.
    missing = [
        f"{model.__name__}.{constraint.name}"
        for model in apps.get_models()
        if model.__module__.split(".")[0] in PROJECT_APPS
        for constraint in model._meta.constraints
        if isinstance(constraint, CheckConstraint) or getattr(constraint, "condition", None) is not None
        if constraint_message(constraint.name) is None
    ]
    assert missing == []


# --- The admin says whose it is, and why a page is closed ---------------------------------------------


def test_sign_in_and_lockout_pages_name_the_portal(client, staff_user):
    sign_in_page = client.get(reverse("admin:login")).content.decode()
    for attempt in range(6):
        response = client.post(reverse("admin:login"), {"username": "alice", "password": f"wrong-{attempt}"})
    lockout_page = response.content.decode()

    for page in (sign_in_page, lockout_page):
        assert "Harbin Sister Cities Portal" in page
        assert "Django administration" not in page
    assert "Sign-in locked" in lockout_page


def test_a_forbidden_admin_page_names_the_role_it_needs_and_who_grants_it(client, django_user_model):
    django_user_model.objects.create_superuser(
        "li", "li.wei@example.org", "pw-li-12345", first_name="Li", last_name="Wei"
    )
    cataloguer = django_user_model.objects.create_user("mei", password="pw-mei-12345", is_staff=True)
    cataloguer.groups.add(Group.objects.get_or_create(name=CATALOGUERS)[0])
    client.force_login(cataloguer)

    response = client.get(reverse("admin:cities_agreement_changelist"))

    assert response.status_code == 403
    page = response.content.decode()
    assert "This page needs one of these roles: Foreign affairs editors, Portal administrators." in page
    assert "Your roles: Museum cataloguers." in page
    assert "Li Wei" in page and "li.wei@example.org" in page
    assert "Harbin Sister Cities Portal" in page


def test_the_accession_number_hint_shows_year_and_serial(admin_client_):
    page = admin_client_.get(reverse("admin:museum_exhibit_add")).content.decode()
    assert "HISCM.&lt;year&gt;.&lt;serial&gt;" in page
    assert "HISCM.<year>" not in page


# --- Dashboard ------------------------------------------------------------------------------------


def test_an_anniversary_known_only_by_year_is_shown_as_the_year_not_a_past_day(admin_client_):
    today = timezone.localdate()
    if today.month == 1 and today.day == 1:
        today = today.replace(day=2)  # on 1 January "1 January" is not yet past
    PartnershipFactory(
        city__name_en="Yearonly",
        established_on=datetime.date(today.year - 15, 1, 1),
        established_precision=DatePrecision.YEAR,
    )

    response = admin_client_.get(reverse("admin:index"))

    [item] = response.context["anniversaries"]
    assert item["when"] == str(today.year)
    page = response.content.decode()
    assert f"1 January {today.year}" not in page
    assert f"<td>{today.year}</td>" in page


def test_a_partnership_without_any_date_is_no_recorded_activity_not_dormant(admin_client_):
    PartnershipFactory(city__name_en="Undatedburg", established_on=None)
    quiet = PartnershipFactory(city__name_en="Quietburg", established_on=datetime.date(2001, 3, 1))

    response = admin_client_.get(reverse("admin:index"))

    assert [p.pk for p in response.context["dormant"]] == [quiet.pk]
    assert [p.city.name for p in response.context["unrecorded"]] == ["Undatedburg"]
    page = response.content.decode()
    assert "No recorded activity" in page


def test_recent_changes_use_the_same_date_format_as_the_rest_of_the_dashboard(admin_client_):
    event = EventFactory(title_en="Ice Festival")
    event.title_en = "Ice and Snow Festival"
    event.save()

    page = admin_client_.get(reverse("admin:index")).content.decode()

    when = timezone.localtime(event.history.latest().history_date)
    assert f"{formats.date_format(when, 'DATE_FORMAT')}, {when:%H:%M}" in page
    assert formats.date_format(when, "SHORT_DATETIME_FORMAT") not in page


def test_chart_labels_are_angled_so_ten_names_do_not_overlap(admin_client_):
    chart = dashboard.bar_chart([(f"Porcelain vase {i}", i + 1) for i in range(10)])
    first = chart["bars"][0]
    # A label set at -40° reaches about 70 px left of its bar's centre: room is left for it.
    assert first["centre"] > 70
    assert chart["height"] - chart["baseline"] >= 70
    markup = render_to_string("admin/includes/bar_chart.html", {"chart": chart, "title": "Exhibits"})
    assert markup.count('transform="rotate(-40') == 10


# --- Admin lists that stay fast ----------------------------------------------------------------------


def test_the_city_list_filters_by_the_countries_in_use_only(admin_client_):
    CityFactory(name_en="Niigata", country="JP")
    CityFactory(name_en="Bucheon", country="KR")

    response = admin_client_.get(reverse("admin:cities_city_changelist"))

    [country_filter] = [spec for spec in response.context["cl"].filter_specs if spec.title == "country"]
    assert [label for _value, label in country_filter.lookup_choices] == ["Japan", "South Korea"]
    assert '<td class="field-country_name">Japan</td>' in response.content.decode()
    filtered = admin_client_.get(reverse("admin:cities_city_changelist") + "?country=KR")
    assert [city.name for city in filtered.context["cl"].result_list] == ["Bucheon"]


def test_the_city_list_names_countries_in_the_reader_s_language(admin_client_):
    CityFactory(name_en="Niigata", country="JP")
    with translation.override("ru"):
        page = admin_client_.get(reverse("admin:cities_city_changelist"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Япония" in page


def test_room_and_event_lists_count_without_grouping_the_whole_table(admin_client_):
    room, empty = RoomFactory(name_en="Niigata room"), RoomFactory(name_en="Empty room")
    ExhibitFactory.create_batch(3, room=room)
    event = EventFactory()
    ParticipationFactory.create_batch(2, event=event)

    rooms = admin_client_.get(reverse("admin:museum_room_changelist")).context["cl"].result_list
    events = admin_client_.get(reverse("admin:events_event_changelist")).context["cl"].result_list

    assert {r.pk: r.exhibit_total for r in rooms} == {room.pk: 3, empty.pk: 0}
    assert {e.pk: e.city_count for e in events} == {event.pk: 2}


# --- Imports and exports ----------------------------------------------------------------------------


def _export_cities(client, file_format):
    fields = {f"cityresource_{name}": "on" for name in CityResource.Meta.fields}
    response = client.post(reverse("admin:cities_city_export"), {"format": file_format, "resource": "0", **fields})
    assert response.status_code == 200
    return response.content


def test_reimporting_the_cities_with_one_change_updates_one_and_lists_only_it(admin_client_):
    call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "cities.json"), verbosity=0)
    exported = _export_cities(admin_client_, "0").decode("utf-8-sig")
    changed = exported.replace("Aarhus,", "Aarhus Kommune,", 1)
    assert changed != exported
    history_before = City.history.count()

    preview = upload(admin_client_, "cities_city", changed.encode("utf-8-sig"))

    totals = job_of(preview).summary["totals"]
    total = City.objects.count()
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 1, total - 1)
    [row] = job_of(preview).summary["rows"]
    assert row["number"] == 2 + sorted(City.objects.values_list("slug", flat=True)).index("aarhus")
    page = preview.content.decode()
    assert page.count('class="import-changed"') == 1
    assert f'<td class="import-row-number">{row["number"]}</td>' in page
    assert f"0 new, 1 changed, {total - 1} unchanged" in page

    confirm(admin_client_, preview)
    assert City.history.count() == history_before + 1
    assert City.objects.get(slug="aarhus").name_en == "Aarhus Kommune"


def test_csv_exports_start_with_a_byte_order_mark_and_import_again(admin_client_):
    CityFactory(slug="harbin-test", name_en="Harbin", name_zh_hans="哈尔滨", name_ru="Харбин")
    exported = _export_cities(admin_client_, "0")
    assert exported.startswith(b"\xef\xbb\xbf")
    dataset = SafeCSV().create_dataset(exported.decode("utf-8"))
    assert dataset.headers[0] == "slug"
    assert totals_of(CityResource().import_data(dataset, dry_run=True)) == (0, 0, 1)


def test_the_export_form_proposes_xlsx(admin_client_):
    form = admin_client_.get(reverse("admin:cities_city_export")).context["form"]
    choices = dict(form.fields["format"].choices)
    assert choices[str(form.fields["format"].initial)] == "xlsx"


def test_a_key_named_twice_is_reported_with_spreadsheet_row_numbers():
    text = (
        "slug,name_en,country,administrative_level,status\nedmonton,Edmonton,CA,city,draft\nedmonton,E,CA,city,draft\n"
    )
    result = CityResource().import_data(tablib.Dataset().load(text, format="csv"), dry_run=True)
    assert sorted(import_problems(result)) == [2, 3]
    assert "appears in rows 2 and 3" in " ".join(import_problems(result)[2])


def totals_of(result):
    return (result.totals["new"], result.totals["update"], result.totals["skip"])


# --- A city entered twice ----------------------------------------------------------------------------


def _city_add(client, **fields):
    url = reverse("admin:cities_city_add")
    page = client.get(url)
    data = {"status": "draft", "administrative_level": "city", **fields}
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return client.post(url, data)


def test_a_second_niigata_in_japan_is_held_back_with_a_warning(admin_client_):
    CityFactory(name_en="Niigata", name_zh_hans="新潟", country="JP", slug="niigata")

    response = _city_add(admin_client_, name_en="Niigata City", slug="niigata-2", country="JP")

    assert response.status_code == 200
    assert "A city like this one is already recorded: Niigata (Japan)." in response.content.decode()
    assert City.objects.count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"name_en": "Nigata"},  # a near miss
        {"name_en": "Neue Stadt", "name_zh_hans": "新潟市"},  # the Chinese name matches
        {"name_en": "Somewhere", "alternative_names": "Niigata-shi"},  # another spelling matches
    ],
)
def test_near_matches_in_any_language_or_spelling_are_warned_about(admin_client_, fields):
    CityFactory(name_en="Niigata", name_zh_hans="新潟", country="JP", slug="niigata")
    response = _city_add(admin_client_, slug="new-city", country="JP", **fields)
    assert "A city like this one is already recorded" in response.content.decode()
    assert City.objects.count() == 1


def test_the_warned_city_saves_once_confirmed_and_other_countries_are_not_warned(admin_client_):
    CityFactory(name_en="Niigata", country="JP", slug="niigata")
    assert (
        _city_add(
            admin_client_, name_en="Niigata", slug="niigata-jp-2", country="JP", confirm_new_city="on"
        ).status_code
        == 302
    )
    assert _city_add(admin_client_, name_en="Niigata", slug="niigata-us", country="US").status_code == 302
    assert City.objects.count() == 3


# --- Administrators: accounts ------------------------------------------------------------------------


def test_an_administrator_creates_a_cataloguer_in_one_form(admin_client_, django_user_model):
    Group.objects.get_or_create(name=CATALOGUERS)
    response = admin_client_.post(
        reverse("admin:auth_user_add"),
        {
            "username": "wang.fang",
            "email": "wang.fang@example.org",
            "role": CATALOGUERS,
            "usable_password": "true",
            "password1": "A-long-enough-passphrase-2026",
            "password2": "A-long-enough-passphrase-2026",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = django_user_model.objects.get(username="wang.fang")
    assert list(user.groups.values_list("name", flat=True)) == [CATALOGUERS]
    assert user.is_staff


def test_the_user_list_shows_role_and_last_sign_in(admin_client_, django_user_model):
    user = django_user_model.objects.create_user("zhao", password="pw-zhao-12345", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=CATALOGUERS)[0])
    user.last_login = timezone.now()
    user.save()

    response = admin_client_.get(reverse("admin:auth_user_changelist"))

    page = response.content.decode()
    assert '<td class="field-roles">Museum cataloguers</td>' in page
    assert "column-last_login" in page


def test_a_locked_account_is_unlocked_from_its_user_page(client, admin_client_, django_user_model):
    user = django_user_model.objects.create_user("chen", password="pw-chen-12345", is_staff=True)
    locked_out = Client()
    for attempt in range(6):
        locked_out.post(reverse("admin:login"), {"username": "chen", "password": f"wrong-{attempt}"})
    page = admin_client_.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    assert re.search(r"Locked after [56] failed sign-ins\.", page)
    assert "Unlock sign-in" in page

    response = admin_client_.post(reverse("admin:auth_user_unlock", args=[user.pk]))

    assert response.status_code == 302
    assert "Not locked." in admin_client_.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    signed_in = locked_out.post(reverse("admin:login"), {"username": "chen", "password": "pw-chen-12345"})
    assert signed_in.status_code == 302


def test_unlocking_needs_a_post_and_the_right_to_change_users(staff_client, django_user_model):
    user = django_user_model.objects.create_user("chen", password="pw-chen-12345", is_staff=True)
    assert staff_client.post(reverse("admin:auth_user_unlock", args=[user.pk])).status_code == 403


def test_a_forgotten_password_is_reset_by_email(client, django_user_model, mailoutbox):
    django_user_model.objects.create_user("liu", email="liu@example.org", password="pw-liu-12345", is_staff=True)
    assert reverse("admin:password_reset") in client.get(reverse("admin:login")).content.decode()

    response = client.post(reverse("admin:password_reset"), {"email": "liu@example.org"})

    assert response.status_code == 302
    [mail] = mailoutbox
    assert "Harbin Sister Cities Portal" in mail.subject
    link = re.search(r"https?://[^/]+(/admin/password-reset/\S+/)", mail.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": "A-new-long-passphrase-77", "new_password2": "A-new-long-passphrase-77"},
    )
    assert done.status_code == 302
    signed_in = client.post(reverse("admin:login"), {"username": "liu", "password": "A-new-long-passphrase-77"})
    assert signed_in.status_code == 302
