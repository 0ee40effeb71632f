"""Issue 11, staff accounts and calendars: lockouts per real client address, a calendar feed that needs no
session, and a save that would overwrite someone else's change."""

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
