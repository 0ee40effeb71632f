"""The staff dashboard on the admin home, and the anniversary calendar."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cities.models import PartnershipState, add_years
from cities.tests.factories import ContactFactory, PartnershipFactory
from events.tests.factories import EventFactory, ParticipationFactory
from harbin_portal import dashboard, roles
from museum.tests.factories import ExhibitFactory, ExhibitImageFactory, ObjectTypeFactory, RoomFactory

from .samples import sample_objects


def member_of(django_user_model, role, username="member"):
    user = django_user_model.objects.create_user(username, password="x-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(member_of(django_user_model, roles.EDITORS, "editor"))
    return client


@pytest.fixture
def cataloguer_client(client, django_user_model):
    client.force_login(member_of(django_user_model, roles.CATALOGUERS, "cataloguer"))
    return client


def next_month(today):
    return (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=15)


@pytest.mark.django_db
def test_dashboard_lists_a_round_anniversary_falling_next_month(editor_client):
    day = next_month(timezone.localdate())
    PartnershipFactory(
        city__name="Anniversaryville", city__name_en="Anniversaryville", established_on=add_years(day, -20)
    )
    PartnershipFactory(city__name="Offyearton", city__name_en="Offyearton", established_on=add_years(day, -22))
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 200
    listed = [(a["partnership"].city.name, a["years"], a["date"]) for a in response.context["anniversaries"]]
    assert listed == [("Anniversaryville", 20, day)]
    assert "Anniversaryville" in response.content.decode()


@pytest.mark.django_db
def test_dashboard_lists_a_dormant_partnership_and_not_an_active_one(editor_client):
    today = timezone.localdate()
    quiet = PartnershipFactory(
        city__name="Quietburg", city__name_en="Quietburg", established_on=datetime.date(2001, 3, 1)
    )
    busy = PartnershipFactory(city__name="Busyburg", city__name_en="Busyburg", established_on=datetime.date(2001, 3, 1))
    ParticipationFactory(
        city=busy.city, event=EventFactory(starts_on=today - datetime.timedelta(days=60), ends_on=None)
    )
    PartnershipFactory(established_on=datetime.date(2001, 3, 1), state=PartnershipState.SUSPENDED)
    response = editor_client.get(reverse("admin:index"))
    assert [p.pk for p in response.context["dormant"]] == [quiet.pk]
    assert "Quietburg" in response.content.decode()


@pytest.mark.django_db
def test_dashboard_counts_cataloguing_gaps_and_links_to_them(cataloguer_client):
    ExhibitImageFactory(exhibit=ExhibitFactory())
    no_image = ExhibitFactory()
    no_city = ExhibitFactory(origin_city=None)
    no_type = ExhibitFactory(object_type=None)
    response = cataloguer_client.get(reverse("admin:index"))
    gaps = {gap["key"]: gap for gap in response.context["cataloguing_gaps"]}
    assert {key: gap["count"] for key, gap in gaps.items()} == {
        "no_primary_image": 3,
        "no_location": 0,
        "no_origin_city": 1,
        "no_object_type": 1,
    }
    listed = cataloguer_client.get(gaps["no_primary_image"]["url"])
    assert listed.status_code == 200
    assert {e.pk for e in listed.context["cl"].result_list} == {no_image.pk, no_city.pk, no_type.pk}
    listed = cataloguer_client.get(gaps["no_origin_city"]["url"])
    assert [e.pk for e in listed.context["cl"].result_list] == [no_city.pk]


@pytest.mark.django_db
def test_dashboard_shows_each_role_only_what_it_may_view(client, django_user_model):
    ContactFactory(name="Contact Person Zeta")
    ExhibitFactory()
    editor = member_of(django_user_model, roles.EDITORS, "editor")
    cataloguer = member_of(django_user_model, roles.CATALOGUERS, "cataloguer")
    nobody = django_user_model.objects.create_user("nobody", password="x-long-password-1", is_staff=True)

    editor_ctx = dashboard.dashboard_for(editor)
    assert "Contact Person Zeta" in [c["object"] for c in editor_ctx["recent_changes"]]
    assert "upcoming_events" in editor_ctx and "anniversaries" in editor_ctx

    cataloguer_ctx = dashboard.dashboard_for(cataloguer)
    assert "Contact Person Zeta" not in [c["object"] for c in cataloguer_ctx["recent_changes"]]
    assert "cataloguing_gaps" in cataloguer_ctx

    nobody_ctx = dashboard.dashboard_for(nobody)
    assert nobody_ctx["counts"] == [] and nobody_ctx["recent_changes"] == []
    assert not {"anniversaries", "upcoming_events", "cataloguing_gaps"} & set(nobody_ctx)
    client.force_login(nobody)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_recent_changes_name_who_changed_what(admin_client_, superuser):
    event = EventFactory(title="Ice Festival", title_en="Ice Festival")
    event.summary_en = "Changed"
    event._history_user = superuser
    event.save()
    changes = admin_client_.get(reverse("admin:index")).context["recent_changes"]
    assert changes[0]["object"] == "Ice Festival"
    assert changes[0]["who"] == "root"
    assert changes[0]["url"] == reverse("admin:events_event_change", args=[event.pk])


@pytest.mark.django_db
def test_dashboard_draws_events_per_year_as_an_svg_chart(admin_client_):
    this_year = timezone.localdate().year
    EventFactory(starts_on=datetime.date(this_year, 1, 2), ends_on=None)
    EventFactory(starts_on=datetime.date(this_year, 3, 2), ends_on=None)
    response = admin_client_.get(reverse("admin:index"))
    bars = {bar["label"]: bar["value"] for bar in response.context["events_chart"]["bars"]}
    assert bars[str(this_year)] == 2
    assert "<svg" in response.content.decode()


def _populate(count, start):
    today = timezone.localdate()
    otype = ObjectTypeFactory()
    room = RoomFactory()
    for i in range(start, start + count):
        partnership = PartnershipFactory(established_on=datetime.date(1990 + i % 30, 1 + i % 12, 1))
        event = EventFactory(starts_on=today + datetime.timedelta(days=i), ends_on=None)
        ParticipationFactory(event=event, city=partnership.city)
        ExhibitFactory(object_type=otype, room=room, origin_city=partnership.city, presented_at=event)


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_dashboard_runs_the_same_number_of_queries_for_5_and_50_records(admin_client_):
    url = reverse("admin:index")
    _populate(5, 0)
    admin_client_.get(url)  # warm caches (content types, session)
    few = _count_queries(admin_client_, url)
    _populate(45, 5)
    many = _count_queries(admin_client_, url)
    print(f"\nadmin dashboard queries: 5 records {few}, 50 records {many}")
    assert many == few


@pytest.mark.django_db
def test_anniversary_calendar_is_for_signed_in_staff_only(client, django_user_model):
    PartnershipFactory(
        city__name="Calendaria",
        city__name_en="Calendaria",
        established_on=add_years(next_month(timezone.localdate()), -15),
    )
    url = reverse("admin:anniversaries_ics")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))

    client.force_login(django_user_model.objects.create_user("plain", password="x-long-password-1", is_staff=True))
    assert client.get(url).status_code == 403

    client.force_login(member_of(django_user_model, roles.EDITORS, "editor"))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VCALENDAR" in body
    assert "15 years: Harbin – Calendaria" in body


DOMAIN_ADMINS = sorted(
    (m for m in admin.site._registry if m._meta.app_label in ("cities", "events", "museum")),
    key=lambda m: m._meta.label_lower,
)


@pytest.mark.django_db
@pytest.mark.parametrize("model", DOMAIN_ADMINS, ids=lambda m: m._meta.label_lower)
def test_admin_list_runs_the_same_number_of_queries_for_few_and_many_records(model, admin_client_, superuser):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    for _ in range(2):
        sample_objects(superuser)
    admin_client_.get(url)
    few = _count_queries(admin_client_, url)
    for _ in range(8):
        sample_objects(superuser)
    admin_client_.get(url)  # as for `few`: counts and filter choices cached for the new content
    many = _count_queries(admin_client_, url)
    assert model.objects.count() >= 10
    print(f"\n{model._meta.label_lower} admin list queries: {few} (2 rows) vs {many} (10 rows)")
    assert many == few


@pytest.mark.django_db
def test_dashboard_links_the_wikidata_comparison_for_staff_who_view_cities(editor_client):
    body = editor_client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("opendata:wikidata_report")}"' in body


@pytest.mark.django_db
def test_the_footer_links_the_open_data_page(client):
    assert 'href="/en/data/"' in client.get("/en/").content.decode()
