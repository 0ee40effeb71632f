"""Issue 13: the details that make an official site — citations, honest facts, finding and browsing, the statement."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from cities.tests.factories import CityFactory, HarbinFactory, PartnershipFactory
from core.dates import site_time_zone
from events.models import Event, Participation
from events.tests.factories import EventFactory
from museum.models import Room

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans", "ru"]
FIXTURES = [Path(settings.BASE_DIR) / "fixtures" / f"{name}.json" for name in ("cities", "events", "museum")]


@pytest.fixture
def seeded(db):
    call_command("loaddata", *FIXTURES, verbosity=0)


def public_pages():
    pages = ["/{lang}/", "/{lang}/harbin/", "/{lang}/cities/", "/{lang}/events/", "/{lang}/museum/"]
    pages += ["/{lang}/museum/exhibits/", "/{lang}/accessibility/", "/{lang}/search/?q=Harbin"]
    from cities.models import City
    from events.models import Event

    pages += [city.get_absolute_url().replace("/en/", "/{lang}/", 1) for city in City.objects.public_partners()]
    pages += [event.get_absolute_url().replace("/en/", "/{lang}/", 1) for event in Event.objects.published()]
    pages += [room.get_absolute_url().replace("/en/", "/{lang}/", 1) for room in Room.objects.published()]
    return pages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_file_name_reaches_any_public_page_and_sources_read_as_citations(client, seeded, lang):
    from django.utils import translation

    with translation.override("en"):
        pages = public_pages()
    assert len(pages) > 40
    for path in pages:
        body = client.get(path.format(lang=lang)).content.decode()
        assert not re.search(r"seeds/|\d{3}_[0-9a-f]{16}|\.txt\b", body), path
    harbin = client.get(f"/{lang}/harbin/").content.decode()
    assert "World Winter Cities Association for Mayors (WWCAM)" in harbin
    assert "City Profile: Harbin (China)" in harbin
    museum = client.get(f"/{lang}/museum/").content.decode()
    assert "China Daily (chinadaily.com.cn)" in museum


def test_a_citation_is_html_on_every_visit_not_only_the_first(client, seeded):
    """The second visit takes the rendered citation from the worker's memo (cities/citations.py)."""
    for _visit in range(2):
        body = client.get("/en/harbin/").content.decode()
        assert '<a href="#source-wwcam-harbin-profile">' in body
        assert "&lt;a href" not in body


def test_museum_counts_are_credited_to_china_daily_2020_not_the_museum(client, seeded):
    body = client.get("/en/museum/").content.decode()
    assert "as published by the museum" not in body
    assert '1,048 exhibits in 28 rooms (<a href="#source-china-daily-museum-2020">' in body


def test_harbin_shows_both_partner_counts_each_with_its_citation(client, seeded):
    body = client.get("/en/harbin/").content.decode()
    assert "27 in 23 countries" in body
    assert "Sister and friendship cities in the partner list" in body
    assert 'href="#source-china-daily-museum-2020"' in body and 'href="#source-wwcam-harbin-profile"' in body
    ru = client.get("/ru/harbin/").content.decode()
    assert "5,6 °C" in ru


def test_home_latest_events_show_the_next_upcoming_then_the_most_recent_past(
    client, django_capture_on_commit_callbacks
):
    today = timezone.localdate(timezone=site_time_zone())
    for title, days in [("Far future", 400), ("Next", 10), ("Later", 60), ("Recent past", -5), ("Old past", -300)]:
        EventFactory(title=title, starts_on=today + datetime.timedelta(days=days), ends_on=None)
    titles = [event.title for event in client.get("/en/").context["latest_events"]]
    assert titles == ["Next", "Later", "Far future", "Recent past"]
    # An event under way (started, not yet ended) comes first; one that ended yesterday is past. The list is
    # kept until the content changes: the cache is told once the writes commit.
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(title="Under way", starts_on=today - datetime.timedelta(days=3), ends_on=today)
        EventFactory(
            title="Just ended", starts_on=today - datetime.timedelta(days=3), ends_on=today - datetime.timedelta(days=1)
        )
    titles = [event.title for event in client.get("/en/").context["latest_events"]]
    assert titles == ["Under way", "Next", "Later", "Far future"]
    with django_capture_on_commit_callbacks(execute=True):
        Event.objects.filter(starts_on__gte=today).delete()
    titles = [event.title for event in client.get("/en/").context["latest_events"]]
    assert titles == ["Under way", "Just ended", "Recent past", "Old past"]


def test_harbin_in_brief_ends_on_a_whole_sentence_with_a_link_to_harbin(client):
    sentence = "Harbin is a famous historical city with many beautiful names and long winters. "
    HarbinFactory(description=sentence * 8 + "It also has major ski resorts")
    body = client.get("/en/").content.decode()
    brief = body.split('id="home-harbin"')[1].split("</section>")[0]
    paragraph = re.search(r"<p>(.*?)</p>", brief, re.S).group(1)
    assert paragraph.endswith("long winters.")
    assert "…" not in paragraph and "..." not in paragraph
    assert 'href="/en/harbin/"' in brief


@pytest.mark.parametrize("lang", LANGUAGES)
def test_accessibility_statement_in_three_languages_linked_from_every_footer(client, lang):
    response = client.get(f"/{lang}/accessibility/")
    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == lang
    body = response.content.decode()
    assert 'id="status"' in body and 'id="gaps"' in body and 'id="report"' in body
    footer = client.get(f"/{lang}/").content.decode().split('class="site-footer"')[1]
    assert f'href="/{lang}/accessibility/"' in footer


def test_footer_names_the_office_the_sources_name(client):
    footer = client.get("/en/").content.decode().split('class="site-footer"')[1]
    assert "Foreign and Overseas Chinese Affairs Office of Harbin Municipality" in footer


@pytest.mark.parametrize("query", ["Bucheon", "富川", "Пучхон", "Puchon"])
def test_search_finds_events_by_a_participating_city_in_any_language(client, query):
    bucheon = CityFactory(name="Bucheon", name_zh_hans="富川", name_ru="Пучхон", alternative_names="Puchon")
    event = EventFactory(title="Global Mayors Dialogue")
    Participation.objects.create(event=event, city=bucheon)
    EventFactory(title="Unrelated forum")
    group = next(g for g in client.get("/en/search/", {"q": query}).context["groups"] if g["kind"] == "events")
    assert [e.title for e in group["results"]] == ["Global Mayors Dialogue"]


@pytest.mark.parametrize("query", ["Niigata room", "新潟", "Niigata"])
def test_search_finds_museum_rooms(client, query):
    niigata = CityFactory(name="Niigata", name_zh_hans="新潟", slug="niigata")
    PartnershipFactory(city=niigata)
    Room.objects.create(
        name="Niigata room", name_en="Niigata room", slug="niigata-room", city=niigata, status="published"
    )
    Room.objects.create(name="Draft room", name_en="Draft room", slug="draft-room", city=niigata, status="draft")
    response = client.get("/en/search/", {"q": query})
    group = next(g for g in response.context["groups"] if g["kind"] == "rooms")
    assert [room.name for room in group["results"]] == ["Niigata room"]
    assert 'href="/en/museum/rooms/niigata-room/"' in response.content.decode()


@pytest.mark.parametrize("query", ["富川", "新", "潟"])
def test_one_and_two_character_chinese_queries_find_what_they_name(client, query):
    """Trigrams need three characters; the search must still find "富川" and "新潟" (on PostgreSQL too)."""
    CityFactory(name="Bucheon", name_zh_hans="富川", slug="bucheon")
    CityFactory(name="Niigata", name_zh_hans="新潟", slug="niigata")
    group = next(g for g in client.get("/zh-hans/search/", {"q": query}).context["groups"] if g["kind"] == "cities")
    expected = {"富川": ["Bucheon"], "新": ["Niigata"], "潟": ["Niigata"]}[query]
    assert [city.name_en for city in group["results"]] == expected


def test_staff_see_which_published_records_lack_chinese_or_russian(client, django_user_model):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from harbin_portal import roles

    editor = django_user_model.objects.create_user("editor", password="x-long-password-1", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(editor)
    EventFactory(title="Winter forum", title_en="Winter forum", title_zh_hans="冬季论坛", title_ru="")
    EventFactory(title="Done", title_en="Done", title_zh_hans="完成", title_ru="Готово")
    EventFactory(title="Draft only", title_en="Draft only", status="draft")
    response = client.get(reverse("admin:index"))
    events = next(item for item in response.context["untranslated"] if item["label"] == "events")
    assert (events["zh"], events["ru"]) == (0, 1)
    assert [record["name"] for record in events["records"]] == ["Winter forum"]
    assert "Published records without Chinese or Russian" in response.content.decode()


def test_session_speakers_are_translatable():
    from events.models import Session

    for model, field in [(Session, "speakers")]:
        names = {f.name for f in model._meta.get_fields()}
        assert {f"{field}_en", f"{field}_zh_hans", f"{field}_ru"} <= names, model
