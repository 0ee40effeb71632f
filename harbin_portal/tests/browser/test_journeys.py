"""The two journeys of issue 6 in a real Chromium: a visitor walking map → city → event → gift → room,
and a cataloguer adding, illustrating and publishing an exhibit that a visitor then finds.

Every public page visited is checked by axe-core (serious or critical violations fail the test);
admin pages are checked and reported only, since Django's admin is not the portal's markup.
"""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from cities.models import City
from core.publishing import Status
from events.models import Event
from harbin_portal.roles import CATALOGUERS, EDITORS, apply_roles
from museum.models import Exhibit, ExhibitImage, ObjectType, Room

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURES = [settings.BASE_DIR / "fixtures" / f"{name}.json" for name in ("cities", "events", "museum")]
DIALOGUE = "global-mayors-dialogue-harbin-2026"


def drawn_jpeg(colour=(200, 162, 200)):
    """A small but real photograph stand-in: lilac vase on a winter-blue ground, drawn with Pillow."""
    image = Image.new("RGB", (640, 480), (214, 228, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 380, 640, 480), fill=(120, 110, 140))
    draw.ellipse((240, 140, 400, 380), fill=colour, outline=(60, 40, 80), width=6)
    draw.rectangle((290, 80, 350, 150), fill=colour, outline=(60, 40, 80), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def load_fixtures():
    call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.fixture
def gift_from_bucheon():
    """A published exhibit given by Bucheon at the Global Mayors Dialogue, shown in the Bucheon room, with an image."""
    load_fixtures()
    exhibit = Exhibit.objects.create(
        accession_number="HISCM.2026.1",
        object_name="Vase",
        object_name_en="Vase",
        title="Lilac celadon vase",
        title_en="Lilac celadon vase",
        brief_description="A celadon vase glazed in lilac.",
        brief_description_en="A celadon vase glazed in lilac.",
        object_type=ObjectType.objects.get(slug="sculpture"),
        origin_city=City.objects.get(slug="bucheon"),
        presented_at=Event.objects.get(slug=DIALOGUE),
        room=Room.objects.get(slug="bucheon-room"),
        on_display=True,
        recorder="Browser test",
        recording_date=datetime.date(2026, 1, 7),
        status=Status.PUBLISHED,
    )
    ExhibitImage.objects.create(
        exhibit=exhibit,
        image=SimpleUploadedFile("vase.jpg", drawn_jpeg(), content_type="image/jpeg"),
        is_primary=True,
        caption="The lilac celadon vase",
        caption_en="The lilac celadon vase",
    )
    # A second exhibit of another type, so that filtering by type visibly narrows the list.
    Exhibit.objects.create(
        accession_number="HISCM.2026.2",
        object_name="Stamp sheet",
        object_name_en="Stamp sheet",
        brief_description="A sheet of commemorative stamps.",
        brief_description_en="A sheet of commemorative stamps.",
        object_type=ObjectType.objects.get(slug="stamp"),
        origin_city=City.objects.get(slug="niigata"),
        room=Room.objects.get(slug="niigata-room"),
        recorder="Browser test",
        recording_date=datetime.date(2026, 1, 7),
        status=Status.PUBLISHED,
    )
    return exhibit


def test_visitor_walks_from_the_map_to_a_gift_and_its_room(page, live_server, axe, gift_from_bucheon):
    exhibit = gift_from_bucheon

    page.goto(f"{live_server.url}/en/")
    axe.check(page, "home (en)")

    page.locator('a.map-marker[aria-label^="Bucheon,"]').click()
    expect(page).to_have_url(re.compile(r"/en/cities/bucheon/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bucheon")
    axe.check(page, "city: Bucheon")

    page.locator(f'section[aria-labelledby="events-title"] a[href$="/events/{DIALOGUE}/"]').click()
    expect(page).to_have_url(re.compile(rf"/en/events/{DIALOGUE}/$"))
    axe.check(page, "event: Global Mayors Dialogue")

    page.locator('section[aria-labelledby="gifts-title"]').get_by_role("link", name=exhibit.title).click()
    expect(page).to_have_url(re.compile(r"/en/museum/exhibits/HISCM\.2026\.1/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(exhibit.title)
    hero = page.locator(".exhibit-image img")
    expect(hero).to_have_attribute("src", re.compile(r"\.webp$"))
    expect(hero).to_have_js_property("complete", True)
    assert hero.evaluate("img => img.naturalWidth") > 0, "the exhibit's image did not load"
    axe.check(page, "exhibit: HISCM.2026.1")

    page.locator(".facts").get_by_role("link", name="Bucheon room", exact=True).click()
    expect(page).to_have_url(re.compile(r"/en/museum/rooms/bucheon-room/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bucheon room")
    expect(page.locator(".cards").get_by_role("link", name=exhibit.title)).to_be_visible()
    axe.check(page, "room: Bucheon room")

    page.locator(".lang-switch").get_by_role("link", name="简体中文").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/museum/rooms/bucheon-room/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    axe.check(page, "room: Bucheon room (zh-hans)")

    page.goto(f"{live_server.url}/en/museum/exhibits/")
    results = page.locator('section[aria-labelledby="results-heading"]')
    expect(results.locator(".exhibit-card")).to_have_count(2)
    axe.check(page, "exhibit list")

    page.get_by_label("Object type").select_option("sculpture")
    page.get_by_role("button", name="Show exhibits").click()
    expect(page).to_have_url(re.compile(r"[?&]type=sculpture(&|$)"))
    expect(results.locator(".exhibit-card")).to_have_count(1)
    expect(results).to_contain_text("1 exhibit")
    expect(results.get_by_role("link", name=exhibit.title)).to_be_visible()
    expect(results.get_by_role("link", name="Stamp sheet")).to_have_count(0)
    axe.check(page, "exhibit list: sculpture")


@pytest.fixture
def cataloguer(django_user_model):
    load_fixtures()
    # A transactional test flushes the tables, the roles' data migration rows included: put them back.
    apply_roles(Group, Permission)
    user = django_user_model.objects.create_user(
        "mei", "mei@example.org", "lilac-winter-2026", first_name="Mei", last_name="Zhang", is_staff=True
    )
    user.groups.add(Group.objects.get(name=CATALOGUERS))
    return user


def test_cataloguer_adds_and_publishes_an_exhibit_that_visitors_then_find(
    page, new_page, live_server, axe, cataloguer, tmp_path
):
    photo = tmp_path / "hand-fan.jpg"
    photo.write_bytes(drawn_jpeg(colour=(150, 120, 200)))

    page.goto(f"{live_server.url}/admin/login/")
    axe.check(page, "admin: login", fail=False)
    page.get_by_label("Username").fill("mei")
    page.get_by_label("Password").fill("lilac-winter-2026")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/museum/exhibit/add/")
    # The proposed accession number is kept as it is.
    proposed = Exhibit.objects.next_accession_number(timezone.localdate().year)
    expect(page.locator("#id_accession_number")).to_have_value(proposed)
    page.locator("#id_object_name_en").fill("Hand fan")
    page.locator("#id_brief_description_en").fill("A painted silk hand fan.")
    page.locator("#id_title_en").fill("Lilac hand fan")
    _choose_autocomplete(page, "room", "Bucheon")
    _choose_autocomplete(page, "object_type", "Painting")
    page.locator("#id_images-0-image").set_input_files(photo)
    page.locator("#id_images-0-is_primary").check()
    axe.check(page, "admin: add exhibit", fail=False)
    page.locator('input[name="_save"]').last.click()
    expect(page).to_have_url(f"{live_server.url}/admin/museum/exhibit/")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    # Under SQLite the live server shares this thread's connection: let the page finish before querying.
    page.wait_for_load_state("load")

    exhibit = Exhibit.objects.get(accession_number=proposed)
    assert exhibit.status == Status.DRAFT
    assert exhibit.room.slug == "bucheon-room"
    image = exhibit.images.get()
    assert image.is_primary and image.image_small.name.endswith(".webp")

    page.locator(f'input[name="_selected_action"][value="{exhibit.pk}"]').check()
    page.locator('select[name="action"]').select_option("publish")
    page.locator('button[name="index"]').click()
    expect(page.locator(".messagelist")).to_contain_text("1 record published")
    page.wait_for_load_state("load")
    axe.check(page, "admin: exhibit list", fail=False)
    exhibit.refresh_from_db()
    assert exhibit.status == Status.PUBLISHED

    public = new_page()
    public.goto(f"{live_server.url}/en/museum/exhibits/")
    card = public.locator(".exhibit-card").filter(has=public.get_by_role("link", name="Lilac hand fan"))
    expect(card).to_have_count(1)
    thumbnail = card.locator("img")
    expect(thumbnail).to_have_attribute("src", re.compile(r"^/media/.+\.webp$"))
    thumbnail.scroll_into_view_if_needed()
    expect(thumbnail).to_have_js_property("complete", True)
    assert thumbnail.evaluate("img => img.naturalWidth") > 0, "the WebP thumbnail did not load"
    axe.check(public, "exhibit list (visitor)")
    card.get_by_role("link", name="Lilac hand fan").click()
    expect(public).to_have_url(re.compile(rf"/en/museum/exhibits/{re.escape(proposed)}/$"))
    axe.check(public, "exhibit: new (visitor)")


def _choose_autocomplete(page, field, text):
    """Pick `text` in one of the admin's select2 autocomplete widgets, as a person would."""
    page.locator(f"#id_{field}").locator("xpath=following-sibling::span[contains(@class, 'select2')]").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()
    expect(page.locator(f"#id_{field}")).not_to_have_value("")


# --- Issue 14: the editor's and the cataloguer's admin, with axe enforced on the pages they use most -----


@pytest.fixture
def editor(django_user_model):
    load_fixtures()
    apply_roles(Group, Permission)
    user = django_user_model.objects.create_user(
        "lin", "lin@example.org", "snow-festival-2026", first_name="Lin", last_name="Qiu", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def _sign_in(page, live_server, username, password, axe):
    page.goto(f"{live_server.url}/admin/login/")
    expect(page.locator("#site-name")).to_have_text("Harbin Sister Cities Portal")
    axe.check(page, "admin: sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")


def test_editor_sees_sentences_tabs_and_a_duplicate_warning(page, live_server, axe, editor):
    _sign_in(page, live_server, "lin", "snow-festival-2026", axe)
    axe.check(page, "admin: dashboard (editor)")

    page.goto(f"{live_server.url}/admin/cities/city/")
    axe.check(page, "admin: city list")
    page.goto(f"{live_server.url}/admin/cities/city/add/")
    # The three languages of the name are tabs; the empty Chinese and Russian ones are marked.
    tabs = page.locator(".mt-tabs").first
    expect(tabs.get_by_role("tab")).to_have_count(3)
    expect(page.locator("#id_name_zh_hans")).to_be_hidden()
    page.locator("#id_name_en").fill("Niigata City")
    expect(tabs.get_by_role("tab", name=re.compile("中文.*missing"))).to_be_visible()
    tabs.get_by_role("tab", name=re.compile("中文")).click()
    expect(page.locator("#id_name_zh_hans")).to_be_visible()
    page.locator("#id_name_zh_hans").fill("新潟市")
    expect(tabs.get_by_role("tab", name=re.compile("中文"))).not_to_have_class(re.compile("mt-is-missing"))
    expect(tabs.get_by_role("tab", name=re.compile("Русский.*missing"))).to_be_visible()
    page.locator("#id_slug").fill("niigata-again")
    page.locator("#id_country").select_option("JP")
    axe.check(page, "admin: add city")
    page.locator('input[name="_save"]').last.click()
    expect(page.locator(".errorlist")).to_contain_text("A city like this one is already recorded: Niigata (Japan)")
    assert City.objects.filter(slug="niigata-again").count() == 0
    page.goto(f"{live_server.url}/admin/cities/city/{City.objects.get(slug='niigata').pk}/change/")
    axe.check(page, "admin: city change")

    page.goto(f"{live_server.url}/admin/events/event/")
    axe.check(page, "admin: event list")
    page.goto(f"{live_server.url}/admin/events/event/{Event.objects.get(slug=DIALOGUE).pk}/change/")
    axe.check(page, "admin: event change")
    page.locator("#id_ends_on").fill("2020-01-01")
    page.locator('input[name="_save"]').last.click()
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("An event cannot end before it starts.")
    expect(page.locator("body")).not_to_contain_text("is violated")
    # Inlines fit a 1280 px screen: the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_cataloguer_prints_bilingual_labels_and_sees_the_first_placement(page, live_server, axe, cataloguer):
    exhibit = Exhibit.objects.create(
        accession_number="HISCM.2026.7",
        object_name_en="Vase",
        title_en="Crane vase",
        title_zh_hans="仙鹤花瓶",
        maker="Yamada Kōzan",
        date_made="c. 1985",
        brief_description_en="A vase with cranes.",
        object_type=ObjectType.objects.get(slug="sculpture"),
        origin_city=City.objects.get(slug="niigata"),
        room=Room.objects.get(slug="niigata-room"),
        recorder="Browser test",
        recording_date=datetime.date(2026, 1, 7),
        status=Status.PUBLISHED,
    )
    _sign_in(page, live_server, "mei", "lilac-winter-2026", axe)
    axe.check(page, "admin: dashboard (cataloguer)")
    page.goto(f"{live_server.url}/admin/museum/exhibit/")
    axe.check(page, "admin: exhibit list (enforced)")
    page.locator(f'input[name="_selected_action"][value="{exhibit.pk}"]').check()
    page.locator('select[name="action"]').select_option("print_labels")
    page.locator('button[name="index"]').click()
    page.get_by_label("Language of the labels").select_option("zh-hans+en")
    page.get_by_role("button", name="Show the labels").click()
    label = page.locator("article.label")
    expect(label).to_contain_text("仙鹤花瓶")
    expect(label).to_contain_text("Crane vase")
    expect(label).to_contain_text("Yamada Kōzan, c. 1985")

    page.goto(f"{live_server.url}/admin/museum/exhibit/{exhibit.pk}/change/")
    axe.check(page, "admin: exhibit change")
    page.locator("#id_room").locator("xpath=following-sibling::span[contains(@class, 'select2')]").click()
    page.locator(".select2-container--open .select2-results__option").first.click()
    page.locator("#id_room").evaluate("select => { select.value = ''; select.dispatchEvent(new Event('change')); }")
    page.locator("#id_in_store").check()
    page.locator("#id_on_display").check()
    page.locator('input[name="_save"]').last.click()
    expect(page.locator("body")).to_contain_text("An object in store is not on display")

    # Forbidden pages say which role opens them.
    page.goto(f"{live_server.url}/admin/cities/agreement/")
    expect(page.locator("h1")).to_have_text("Your role does not include this page")
    expect(page.locator("#content-main")).to_contain_text("Foreign affairs editors")
