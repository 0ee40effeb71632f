"""Issue 11, staff accounts and calendars: lockouts per real client address, a calendar feed that needs no
session, and a save that would overwrite someone else's change."""

import datetime

import pytest
from django.urls import reverse

LOGIN = reverse("admin:login")


def sign_in(client, username, password, forwarded_for):
    # What nginx sends: REMOTE_ADDR is the proxy itself, the client is appended to X-Forwarded-For.
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.fixture
def behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.mark.django_db
def test_behind_the_proxy_failures_from_one_address_do_not_lock_the_user_out_elsewhere(
    client, staff_user, behind_the_proxy
):
    for attempt in range(6):
        sign_in(client, "alice", f"wrong-{attempt}", forwarded_for="203.0.113.5")
    assert sign_in(client, "alice", "pw-alice-123", forwarded_for="203.0.113.5").status_code in (403, 429)

    response = sign_in(client, "alice", "pw-alice-123", forwarded_for="198.51.100.7")

    assert response.status_code == 302


@pytest.mark.django_db
def test_a_forged_forwarded_for_entry_does_not_choose_whom_the_lock_hits(client, staff_user, behind_the_proxy):
    # The attacker writes the victim's address into the header; nginx appends the attacker's real one.
    for attempt in range(6):
        sign_in(client, "alice", f"wrong-{attempt}", forwarded_for="198.51.100.7, 203.0.113.5")

    assert sign_in(client, "alice", "pw-alice-123", forwarded_for="198.51.100.7").status_code == 302


# --- The anniversary calendar at a secret address -----------------------------------------------

FEED_CALENDAR = "15 years: Harbin – Calendaria"


@pytest.fixture
def editor(django_user_model):
    from django.contrib.auth.models import Group

    from harbin_portal import roles

    user = django_user_model.objects.create_user("editor", password="x-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


@pytest.fixture
def calendaria():
    from django.utils import timezone

    from cities.models import add_years
    from cities.tests.factories import PartnershipFactory

    today = timezone.localdate()
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=15)
    return PartnershipFactory(
        city__name="Calendaria", city__name_en="Calendaria", established_on=add_years(next_month, -15)
    )


def feed_url_on_the_dashboard(client, user):
    client.force_login(user)
    page = client.get(reverse("admin:index"))
    url = page.context["calendar_feed_url"]
    assert url in page.content.decode()
    client.logout()
    return url


@pytest.mark.django_db
def test_the_dashboard_gives_a_calendar_address_that_works_without_signing_in(client, editor, calendaria):
    url = feed_url_on_the_dashboard(client, editor)

    response = client.get(url)  # a calendar app: no session, no cookie

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert FEED_CALENDAR in response.content.decode()


@pytest.mark.django_db
def test_resetting_the_address_revokes_the_old_one(client, editor, calendaria):
    old = feed_url_on_the_dashboard(client, editor)
    client.force_login(editor)
    reset = client.post(reverse("admin:anniversaries_feed_reset"), follow=True)
    assert "the old one no longer works" in reset.content.decode()
    client.logout()

    new = feed_url_on_the_dashboard(client, editor)

    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("damage", ["forged", "other-key", "garbage"])
def test_a_wrong_address_is_404(client, editor, calendaria, damage):
    from django.core import signing

    from harbin_portal.services import CALENDAR_SALT

    good = feed_url_on_the_dashboard(client, editor)
    token = good.rsplit("/", 1)[1].removesuffix(".ics")
    bad = {
        "forged": signing.Signer(salt="someone-else").sign_object({"u": editor.pk, "k": "x"}),
        "other-key": signing.Signer(salt=CALENDAR_SALT).sign_object({"u": editor.pk, "k": "guessed"}),
        "garbage": token[:-3] + "abc",
    }[damage]

    assert client.get(reverse("admin:anniversaries_feed", args=[bad])).status_code == 404


@pytest.mark.django_db
def test_the_address_stops_working_when_the_user_leaves_the_staff(client, editor, calendaria):
    url = feed_url_on_the_dashboard(client, editor)
    editor.is_active = False
    editor.save()

    assert client.get(url).status_code == 404


# --- Two staff editing the same record ----------------------------------------------------------


def _records():
    from cities.tests.factories import CityFactory, PartnershipFactory
    from events.tests.factories import EventFactory
    from museum.tests.factories import ExhibitFactory

    return {
        "cities.city": (lambda: CityFactory(name="Oulu", name_en="Oulu"), "name_en", "population"),
        "cities.partnership": (lambda: PartnershipFactory(), "summary_en", "areas_of_cooperation_en"),
        "events.event": (lambda: EventFactory(), "title_en", "summary_en"),
        "museum.exhibit": (lambda: ExhibitFactory(), "object_name_en", "brief_description_en"),
    }


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_superuser(
        "bob", "bob@example.org", "pw-bob-12345", first_name="Bob", last_name="Chen"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("label", ["cities.city", "cities.partnership", "events.event", "museum.exhibit"])
def test_a_save_that_would_overwrite_a_later_change_is_refused_naming_who_changed_what(client, superuser, bob, label):
    from django.test import Client

    from harbin_portal.tests.test_history import change_form_data

    make, bobs_field, alices_field = _records()[label]
    record = make()
    url = reverse(f"admin:{label.replace('.', '_')}_change", args=[record.pk])
    alice_client = client
    alice_client.force_login(superuser)
    alice_page = alice_client.get(url)
    alice_data = {**change_form_data(alice_page), "_edit_version": str(alice_page.context["edit_version"])}

    bob_client = Client()
    bob_client.force_login(bob)
    bob_page = bob_client.get(url)
    bob_data = {**change_form_data(bob_page), "_edit_version": str(bob_page.context["edit_version"])}
    bob_data[bobs_field] = "Bob's wording"
    assert bob_client.post(url, bob_data).status_code == 302

    alice_data[alices_field] = "12345" if alices_field == "population" else "Alice's wording"
    response = alice_client.post(url, alice_data)

    assert response.status_code == 200  # the form again, not a redirect: nothing saved
    page = response.content.decode()
    assert "Someone saved this record after you opened it" in page
    assert "Bob Chen" in page
    field_name = str(type(record)._meta.get_field(bobs_field.removesuffix("_en")).verbose_name)
    assert field_name in page
    record.refresh_from_db()
    assert getattr(record, bobs_field) == "Bob's wording"


@pytest.mark.django_db
def test_after_a_conflict_saving_again_keeps_the_later_version_on_purpose(client, superuser, bob):
    from django.test import Client

    from cities.tests.factories import CityFactory
    from harbin_portal.tests.test_history import change_form_data

    city = CityFactory(name="Oulu", name_en="Oulu")
    url = reverse("admin:cities_city_change", args=[city.pk])
    client.force_login(superuser)
    page = client.get(url)
    mine = {**change_form_data(page), "_edit_version": str(page.context["edit_version"]), "name_en": "Oulu (Alice)"}
    bob_client = Client()
    bob_client.force_login(bob)
    bob_page = bob_client.get(url)
    bob_client.post(url, {**change_form_data(bob_page), "_edit_version": str(bob_page.context["edit_version"])})

    refused = client.post(url, mine)
    again = client.post(url, {**mine, "_edit_version": str(refused.context["edit_version"])})

    assert again.status_code == 302
    city.refresh_from_db()
    assert city.name_en == "Oulu (Alice)"


@pytest.mark.django_db
def test_a_save_with_no_one_else_in_between_goes_through(client, superuser):
    from cities.tests.factories import CityFactory
    from harbin_portal.tests.test_history import change_form_data

    city = CityFactory(name="Oulu", name_en="Oulu")
    url = reverse("admin:cities_city_change", args=[city.pk])
    client.force_login(superuser)
    page = client.get(url)

    response = client.post(
        url, {**change_form_data(page), "_edit_version": str(page.context["edit_version"]), "name_en": "Oulu!"}
    )

    assert response.status_code == 302
