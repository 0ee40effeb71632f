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
