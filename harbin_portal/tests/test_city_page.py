"""The city page as the site composes it: the partnership, with the events and the museum sections that
the events and museum apps add (cities/sections.py)."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from cities.models import MilestoneKind
from cities.tests.factories import (
    AgreementFactory,
    CityFactory,
    MilestoneFactory,
    rovaniemi_partnership,
)
from core.dates import DatePrecision
from core.publishing import Status
from events.models import Event, EventKind, Participation, ParticipationRole
from museum.models import Exhibit, ExhibitImage, Room

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return rovaniemi_partnership()


def _event(city, title, starts_on, status=Status.PUBLISHED, role=ParticipationRole.DELEGATION):
    event = Event.objects.create(
        title=title, slug=re.sub(r"\W+", "-", title.lower()), kind=EventKind.MAYORS_DIALOGUE,
        starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=2), status=status,
    )  # fmt: skip
    Participation.objects.create(event=event, city=city, role=role)
    return event


def _png(name="gift.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (40, 80, 160)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _gift(city, number, status=Status.PUBLISHED, image=False):
    exhibit = Exhibit.objects.create(
        accession_number=f"HISCM.2009.{number}", object_name=f"Gift {number}", brief_description="A gift.",
        recorder="Staff", recording_date=datetime.date(2009, 1, 1), origin_city=city, in_store=True, status=status,
    )  # fmt: skip
    if image:
        ExhibitImage.objects.create(exhibit=exhibit, image=_png(), is_primary=True, caption=f"Gift {number} photo")
    return exhibit


def test_timeline_merges_milestones_and_published_events_by_date(client, partnership):
    MilestoneFactory(
        partnership=partnership, date=datetime.date(1995, 1, 1), date_precision=DatePrecision.YEAR,
        kind=MilestoneKind.FRIENDSHIP_SIGNED,
    )  # fmt: skip
    MilestoneFactory(partnership=partnership, date=datetime.date(2010, 5, 4), kind=MilestoneKind.UPGRADED)
    _event(partnership.city, "Global Mayors Dialogue", datetime.date(2026, 1, 6))
    _event(partnership.city, "Winter Forum", datetime.date(2005, 2, 1))
    _event(partnership.city, "Unpublished Visit", datetime.date(2007, 2, 1), status=Status.DRAFT)
    response = client.get("/en/cities/rovaniemi/")
    titles = [entry.title for entry in response.context["timeline"]]
    assert titles == ["Friendship signed", "Winter Forum", "Upgraded to sister city", "Global Mayors Dialogue"]
    assert "Unpublished Visit" not in response.content.decode()


def test_events_section_links_each_event_with_dates_and_role(client, partnership):
    event = _event(partnership.city, "Global Mayors Dialogue", datetime.date(2026, 1, 6), role=ParticipationRole.GUEST)
    body = client.get("/en/cities/rovaniemi/").content.decode()
    assert f'href="{event.get_absolute_url()}"' in body
    assert event.dates_display in body
    assert "Guest" in body


def test_museum_section_links_rooms_and_published_gifts(client, partnership):
    room = Room.objects.create(name="Rovaniemi Room", slug="rovaniemi-room", city=partnership.city, status="published")
    Room.objects.create(name="Unfinished Room", slug="unfinished-room", city=partnership.city, status="draft")
    gift = _gift(partnership.city, 1, image=True)
    _gift(partnership.city, 2, status=Status.DRAFT)
    body = client.get("/en/cities/rovaniemi/").content.decode()
    assert f'href="{room.get_absolute_url()}"' in body
    assert "Unfinished Room" not in body
    assert f'href="{gift.get_absolute_url()}"' in body
    assert "Gift 2" not in body
    image = gift.images.get()
    assert image.image_small.url in body
    assert image.image.url not in body
    assert 'alt="Gift 1: Gift 1 photo"' in body
    assert "/museum/exhibits/?origin_city=rovaniemi" in body


def test_museum_section_shows_at_most_12_gifts(client, partnership):
    for number in range(15):
        _gift(partnership.city, number)
    response = client.get("/en/cities/rovaniemi/")
    assert len(response.context["gifts"]) == 12
    assert response.context["more_gifts"] is True


def test_a_city_that_only_attends_events_has_a_page_without_partnership(client):
    city = CityFactory(name="Chalandri", slug="chalandri", country="GR")
    _event(city, "Global Mayors Dialogue", datetime.date(2026, 1, 6))
    response = client.get("/en/cities/chalandri/")
    assert response.status_code == 200
    assert response.context["partnership"] is None
    assert "Global Mayors Dialogue" in response.content.decode()


def test_city_page_runs_a_fixed_number_of_queries(client, partnership, django_assert_max_num_queries):
    MilestoneFactory(partnership=partnership)
    _event(partnership.city, "First", datetime.date(2020, 1, 1))
    _gift(partnership.city, 1, image=True)
    with CaptureQueriesContext(connection) as few:
        client.get("/en/cities/rovaniemi/")
    for number in range(2, 12):
        MilestoneFactory(partnership=partnership, date=datetime.date(2000 + number, 1, 1))
        _event(partnership.city, f"Event {number}", datetime.date(2000 + number, 3, 1))
        _gift(partnership.city, number, image=True)
        AgreementFactory(partnership=partnership)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/cities/rovaniemi/")


def test_city_page_asks_the_database_seven_times_however_much_it_shows(
    client, partnership, django_assert_max_num_queries
):
    for number in range(1, 12):
        MilestoneFactory(partnership=partnership, date=datetime.date(2000 + number, 1, 1))
        event = _event(partnership.city, f"Event {number}", datetime.date(2000 + number, 3, 1))
        gift = _gift(partnership.city, number, image=True)
        AgreementFactory(partnership=partnership, is_public=True)
    event.title_zh_hans = "冬季论坛"
    event.save()
    ExhibitImage.objects.create(exhibit=gift, image=_png("back.png"), caption="The back")  # not the primary one
    client.get("/zh-hans/cities/rovaniemi/")  # the sources cited and the like are kept after a first visit
    # The city, its events, rooms, gifts and their primary images, agreements and milestones: nothing per row.
    with django_assert_max_num_queries(7):
        body = client.get("/zh-hans/cities/rovaniemi/").content.decode()
    assert "冬季论坛" in body
    assert "Event 10" in body  # no Chinese title: the English one
    assert body.count(f'/events/{event.slug}/"') == 2  # the events section and the timeline
    assert "The back" not in body
    assert 'alt="Gift 11: Gift 11 photo"' in body


def test_kept_sections_follow_every_change_and_keep_drafts_out(
    client, partnership, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    city = partnership.city
    _event(city, "Winter Dialogue", datetime.date(2019, 1, 10))
    _gift(city, 1)
    url = city.get_absolute_url()
    client.get(url)
    # The events and museum sections and the timeline's events are kept until the content changes.
    with django_assert_max_num_queries(3):
        body = client.get(url).content.decode()
    assert "Winter Dialogue" in body and "Gift 1" in body
    with django_capture_on_commit_callbacks(execute=True):  # the cache is told once the writes commit
        _event(city, "Summer Forum", datetime.date(2020, 6, 1))
        _gift(city, 2)
    body = client.get(url).content.decode()
    assert "Summer Forum" in body and "Gift 2" in body
    with django_capture_on_commit_callbacks(execute=True):
        _gift(city, 3, status=Status.DRAFT)
        _event(city, "Draft Summit", datetime.date(2021, 3, 1), status=Status.DRAFT)
    body = client.get(url).content.decode()
    assert "Gift 3" not in body and "Draft Summit" not in body and "Summer Forum" in body
