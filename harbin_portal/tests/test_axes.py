"""Sign-in protection: lockout after five failures, password rules, a working-day session."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

LOGIN = reverse("admin:login")


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": reverse("admin:index")})


@pytest.fixture
def alice(staff_user):
    return staff_user  # "alice", password "pw-alice-123"


@pytest.mark.django_db
def test_the_sixth_failed_sign_in_is_locked_out_with_a_clear_message(client, alice):
    for attempt in range(1, 5):
        response = sign_in(client, "alice", f"wrong-{attempt}")
        assert response.status_code == 200, attempt  # the login form again, with its error
        assert "Please enter the correct username and password" in response.content.decode()
    sign_in(client, "alice", "wrong-5")
    response = sign_in(client, "alice", "wrong-6")
    assert response.status_code in (403, 429)
    page = response.content.decode()
    assert "Sign-in locked" in page
    assert "5 failed sign-ins" in page
    assert "Try again in 15 minutes." in page


@pytest.mark.django_db
def test_a_locked_account_stays_locked_even_with_the_right_password(client, alice):
    for attempt in range(6):
        sign_in(client, "alice", f"wrong-{attempt}")
    response = sign_in(client, "alice", "pw-alice-123")
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_is_per_account_and_address(client, alice, django_user_model):
    django_user_model.objects.create_user("bob", password="pw-bob-12345", is_staff=True)
    for attempt in range(6):
        sign_in(client, "alice", f"wrong-{attempt}")
    response = sign_in(client, "bob", "pw-bob-12345")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.django_db
def test_fewer_than_five_failures_do_not_stop_a_correct_sign_in(client, alice):
    for attempt in range(4):
        sign_in(client, "alice", f"wrong-{attempt}")
    assert sign_in(client, "alice", "pw-alice-123").status_code == 302


@pytest.mark.parametrize("password", ["short1", "password123", "1234567890123", "harbin"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("Songhua river in January")


def test_staff_sessions_last_a_working_day():
    assert settings.SESSION_COOKIE_AGE == 9 * 60 * 60
