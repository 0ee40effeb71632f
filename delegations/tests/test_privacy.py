"""Passport details: encrypted in the database row itself, and purged after the retention period, with a log."""

import datetime
import logging

import pytest
from django.core.management import call_command
from django.db import connection

from delegations.models import Registration

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def raw_row(registration, *columns):
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Registration._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        cursor.execute(f"SELECT {names} FROM {table} WHERE id = %s", [registration.pk])  # noqa: S608 (our own names)
        return cursor.fetchone()


def test_passport_details_are_encrypted_in_the_database_row():
    registration = RegistrationFactory(with_passport=True)
    row = raw_row(
        registration, "passport_number", "passport_nationality", "passport_date_of_birth", "passport_expires_on"
    )
    assert all(value for value in row)
    joined = " ".join(str(value) for value in row)
    for plain in ("AB1234567", "1970-03-04", "2035-01-01"):
        assert plain not in joined
    assert row[1] != "RU"
    # Fernet tokens: base64 text starting with version byte 0x80 ("gAAAAA").
    assert all(str(value).startswith("gAAAAA") for value in row)
    fresh = Registration.objects.get(pk=registration.pk)
    assert fresh.passport_number == "AB1234567"
    assert fresh.passport_date_of_birth == datetime.date(1970, 3, 4)


def test_the_same_passport_number_encrypts_differently_each_time():
    first = RegistrationFactory(with_passport=True)
    second = RegistrationFactory(with_passport=True)
    assert raw_row(first, "passport_number") != raw_row(second, "passport_number")


def test_another_salt_cannot_read_the_passport(settings):
    registration = RegistrationFactory(with_passport=True)
    encrypted = raw_row(registration, "passport_number")[0]
    field = Registration._meta.get_field("passport_number")
    from encrypted_fields.fields import EncryptedCharField

    stranger = EncryptedCharField(max_length=40)
    settings.SALT_KEY = ["another-salt-entirely"]
    assert stranger.to_python(encrypted) != "AB1234567"
    assert field.to_python(encrypted) == "AB1234567"


def _event_days_ago(days):
    last_day = datetime.date.today() - datetime.timedelta(days=days)
    return {"event__starts_on": last_day - datetime.timedelta(days=2), "event__ends_on": last_day}


def test_purge_erases_passport_details_after_the_retention_period_and_logs_it(settings, caplog, capsys):
    settings.PASSPORT_RETENTION_DAYS = 30
    old = RegistrationFactory(with_passport=True, **_event_days_ago(31))
    recent = RegistrationFactory(with_passport=True, **_event_days_ago(29))
    with caplog.at_level(logging.INFO, logger="delegations"):
        call_command("purge_passport_data")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.passport_number is None and old.passport_date_of_birth is None and old.passport_expires_on is None
    assert old.passport_purged_at is not None
    assert raw_row(old, "passport_number") == (None,)
    assert recent.passport_number == "AB1234567"
    assert f"Purged passport data of registration {old.pk}" in caplog.text
    assert "AB1234567" not in caplog.text and old.name_latin not in caplog.text
    assert "Purged passport data of 1 registration(s)" in capsys.readouterr().out


def test_purge_is_idempotent(settings, capsys):
    settings.PASSPORT_RETENTION_DAYS = 0
    RegistrationFactory(with_passport=True, **_event_days_ago(5))
    call_command("purge_passport_data")
    call_command("purge_passport_data")
    assert "Purged passport data of 0 registration(s)" in capsys.readouterr().out.splitlines()[-1]


def test_a_purged_registration_gets_no_letter(editor, settings):
    from delegations import services
    from delegations.models import Status

    settings.PASSPORT_RETENTION_DAYS = 1
    registration = RegistrationFactory(with_passport=True, status=Status.APPROVED, **_event_days_ago(3))
    services.passport_data_purge()
    registration.refresh_from_db()
    with pytest.raises(services.ReviewError):
        services.letter_issue(registration=registration, by=editor)


def test_a_backup_leaves_passport_details_out(tmp_path):
    import json

    registration = RegistrationFactory(with_passport=True)
    out = tmp_path / "dump.json"
    call_command("dumpdata", "delegations.registration", output=str(out), verbosity=0)
    text = out.read_text()
    assert registration.name_latin in text  # the registration itself is backed up
    assert "AB1234567" not in text and "1970-03-04" not in text
    assert "passport_number" not in json.loads(text)[0]["fields"]
