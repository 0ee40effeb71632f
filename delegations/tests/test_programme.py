"""The programme PDF in each language (tagged), and the event page's registration and livestream links."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from events.tests.factories import EventFactory, SessionFactory

from .factories import RegistrationWindowFactory, StreamLinkFactory

pytestmark = pytest.mark.django_db


def programme(client, event, language):
    with translation.override(language):
        url = reverse("delegations:programme_pdf", kwargs={"slug": event.slug})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


@pytest.fixture
def event_with_sessions():
    event = EventFactory(
        title_en="Global Mayors Dialogue", title_zh_hans="全球市长对话", title_ru="Глобальный диалог мэров"
    )
    SessionFactory(
        event=event,
        title_en="Opening plenary",
        title_zh_hans="开幕全体会议",
        title_ru="Пленарное заседание",
        room_en="Hall A",
        room_zh_hans="A厅",
        room_ru="Зал А",
        interpretation_languages="en, zh-hans, ru",
    )
    return event


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Global Mayors Dialogue", "Opening plenary", "Hall A", "Russian"]),
        ("zh-hans", ["全球市长对话", "开幕全体会议", "A厅"]),
        ("ru", ["Глобальный диалог мэров", "Пленарное заседание", "Зал А"]),
    ],
)
def test_the_programme_pdf_is_in_the_pages_language(client, event_with_sessions, language, expected):
    reader = programme(client, event_with_sessions, language)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for snippet in expected:
        assert snippet in text


def test_the_programme_pdf_is_tagged_for_screen_readers(client, event_with_sessions):
    reader = programme(client, event_with_sessions, "en")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert reader.metadata.title.startswith("Programme")


def test_a_draft_events_programme_is_404_for_visitors(client):
    event = EventFactory(status="draft")
    assert client.get(reverse("delegations:programme_pdf", kwargs={"slug": event.slug})).status_code == 404


def test_the_event_page_links_to_registration_while_it_is_open(client, django_capture_on_commit_callbacks):
    window = RegistrationWindowFactory()
    page = client.get(window.event.get_absolute_url()).content.decode()
    assert reverse("delegations:register", kwargs={"slug": window.event.slug}) in page
    with django_capture_on_commit_callbacks(execute=True):  # staff's save commits
        window.closes_at = timezone.now() - datetime.timedelta(hours=1)
        window.save()
    page = client.get(window.event.get_absolute_url()).content.decode()
    assert reverse("delegations:register", kwargs={"slug": window.event.slug}) not in page


def test_livestream_and_recording_links_show_once_staff_add_them(client, django_capture_on_commit_callbacks):
    event = EventFactory()
    assert "video.example.org" not in client.get(event.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # staff's saves commit
        StreamLinkFactory(event=event, url="https://video.example.org/live/1", title="Opening session")
        StreamLinkFactory(event=event, kind="recording", url="https://video.example.org/rec/1", title="Day one")
    page = client.get(event.get_absolute_url()).content.decode()
    assert 'href="https://video.example.org/live/1"' in page
    assert "Recording: Day one" in page


def test_the_event_page_costs_a_fixed_number_of_queries_with_links(client, django_assert_max_num_queries):
    window = RegistrationWindowFactory()
    for _ in range(5):
        StreamLinkFactory(event=window.event)
    with django_assert_max_num_queries(12):
        client.get(window.event.get_absolute_url())


def test_adding_a_livestream_refreshes_the_cached_event_page(client, settings, django_capture_on_commit_callbacks):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    event = EventFactory()
    assert "video.example.org" not in client.get(event.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        StreamLinkFactory(event=event, url="https://video.example.org/live/9")
    assert "video.example.org/live/9" in client.get(event.get_absolute_url()).content.decode()


def test_a_window_kept_for_the_event_page_still_closes_on_time(client, monkeypatch, django_assert_max_num_queries):
    """The window and the links are kept until the events' content changes; whether the window accepts
    registrations is asked on each visit, so it closes at its time with no save."""
    window = RegistrationWindowFactory(closes_at=timezone.now() + datetime.timedelta(hours=1))
    url, register = window.event.get_absolute_url(), reverse("delegations:register", kwargs={"slug": window.event.slug})
    assert register in client.get(url).content.decode()
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)  # two hours on: past the window's close
    with django_assert_max_num_queries(12) as queries:
        page = client.get(url).content.decode()
    assert register not in page
    assert not [q for q in queries.captured_queries if "delegations_" in q["sql"]], "the window was kept"
