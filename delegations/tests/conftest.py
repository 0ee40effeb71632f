import pytest
from django.contrib.auth.models import Group

# The groups' names (harbin_portal/roles.py, which this app may not import).
EDITORS = "Foreign affairs editors"
CATALOGUERS = "Museum cataloguers"


@pytest.fixture(autouse=True)
def _private_media(tmp_path, settings):
    """Badge photos go to private storage: each test its own folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.org", "pw-editor-123", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def cataloguer(django_user_model):
    user = django_user_model.objects.create_user("cat", "cat@example.org", "pw-cat-12345", is_staff=True)
    user.groups.add(Group.objects.get(name=CATALOGUERS))
    return user


@pytest.fixture(autouse=True)
def _mail_at_once(monkeypatch):
    """Mail goes out after the commit; tests run inside one transaction that never commits, so send at once."""
    from delegations import services

    monkeypatch.setattr(
        services,
        "_send_later",
        lambda registration, kind: services.registration_notify(registration=registration, kind=kind),
    )
