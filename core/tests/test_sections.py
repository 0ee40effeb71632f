"""Slots that keep what a provider gives (core.sections, `keep=True`) until the content changes."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from core.cache import bump_content_version
from core.sections import Section, Slot

pytestmark = pytest.mark.django_db

calls = []
# A core template, so that the kept section can be rendered: a badge when `object.is_draft`.
BADGE = "includes/draft_badge.html"


def gifts(request, group):
    calls.append("gifts")
    return Section(BADGE, {"count": len(calls), "object": {"is_draft": True}})


def nothing(request, group):
    calls.append("nothing")
    return None


def programme(request, group):
    calls.append("programme")
    return Section("programme.html")  # not kept: never rendered here


@pytest.fixture
def slot():
    calls.clear()
    page = Slot("test page")
    page.register(gifts, order=1, keep=True)
    page.register(nothing, order=2, keep=True)
    page.register(programme, order=3)
    return page


def test_kept_providers_are_asked_once_until_the_content_changes(rf, slot):
    request = rf.get("/")
    request.user = AnonymousUser()
    record = Group.objects.create(name="Winter Forum")
    first = slot.collect(request, record)
    assert [section.template for section in first] == [BADGE, "programme.html"]
    assert slot.collect(request, record) == first
    # The kept section is kept rendered, with its own values; the other is rendered by the page.
    assert first[0].html == '<span class="badge badge-draft">Draft</span>'
    assert first[1].html is None
    # Asked once, "nothing to show" included; a provider not marked `keep` is asked every time.
    assert calls == ["gifts", "nothing", "programme", "programme"]
    bump_content_version()
    slot.collect(request, record)
    assert calls[-3:] == ["gifts", "nothing", "programme"]
    # Another record has its own.
    slot.collect(request, Group.objects.create(name="Summer Forum"))
    assert calls[-3:] == ["gifts", "nothing", "programme"]


def test_staff_who_see_drafts_are_always_asked_afresh(rf, slot, admin_user):
    request = rf.get("/")
    request.user = admin_user
    record = Group.objects.create(name="Winter Forum")
    slot.collect(request, record)
    slot.collect(request, record)
    assert calls == ["gifts", "nothing", "programme"] * 2


def test_a_provider_that_reads_some_apps_is_kept_through_a_save_in_another(rf):
    calls.clear()
    page = Slot("test page")
    page.register(gifts, keep=True, reads=("museum",))
    request = rf.get("/")
    request.user = AnonymousUser()
    record = Group.objects.create(name="Winter Forum")
    page.collect(request, record)
    bump_content_version("events")
    page.collect(request, record)
    assert calls == ["gifts"]
    bump_content_version("museum")
    page.collect(request, record)
    assert calls == ["gifts", "gifts"]
