"""Fixtures every app's tests share: named users for each role, and a clean media folder."""

import shutil

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    """Each test writes uploads to its own folder, so nothing leaks between tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)
    shutil.rmtree(tmp_path / "private-media", ignore_errors=True)


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.org", "pw-alice-123", is_staff=True)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw-root-123")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def admin_client_(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(autouse=True)
def _empty_caches():
    """Cached drop-down choices and pages from one test's (rolled back) data must not reach the next."""
    from django.core.cache import cache

    from core.cache import _forget_local

    cache.clear()
    _forget_local()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request to /ru/ leaves Russian active in the thread; each test starts and ends in English."""
    translation.activate("en")
    yield
    translation.activate("en")
