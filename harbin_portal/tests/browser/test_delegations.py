"""Issue 17 in a real Chromium: a delegate registers on a phone (360 px), an editor approves in the review
queue, and at the door a phone's camera reads the badge's QR code (Chromium's fake camera playing a Y4M
made from that code) and checks the delegate in; the typed code then says when they checked in.
"""

import datetime
import io

import pytest
import segno
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from delegations.models import Category, Registration, RegistrationWindow, Status
from events.tests.factories import CityFactory, EventFactory
from harbin_portal.roles import EDITORS, apply_roles

from .conftest import CHROMIUM, STEP_TIMEOUT_MS
from .test_journeys import drawn_jpeg
from .test_museum_audit import session_cookie, y4m_from_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def open_registration():
    CityFactory(name="Bucheon", name_en="Bucheon", slug="bucheon-city")
    event = EventFactory(
        title="Global Mayors Dialogue",
        title_en="Global Mayors Dialogue",
        slug="global-mayors-dialogue-2030",
        starts_on=datetime.date(2030, 6, 10),
        ends_on=datetime.date(2030, 6, 12),
    )
    return RegistrationWindow.objects.create(
        event=event, closes_at=timezone.now() + datetime.timedelta(days=20), categories=list(Category.values)
    )


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("mei", password="x-long-password-1", is_staff=True)
    # A live-server test before this one flushed the groups the data migration made.
    apply_roles(Group, Permission)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def test_a_delegate_registers_on_a_phone_is_approved_and_checked_in_by_camera(
    browser, new_page, playwright, live_server, axe, editor, open_registration, tmp_path
):
    event = open_registration.event
    photo = tmp_path / "me.jpg"
    photo.write_bytes(drawn_jpeg((120, 140, 200)))

    # 1. The delegate, on a phone: event page → form → a mistake → corrected → thanks.
    context = browser.new_context(**PHONE, bypass_csp=True)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    delegate = context.new_page()
    delegate.goto(f"{live_server.url}/en/events/{event.slug}/")
    delegate.get_by_role("link", name="Register your delegation").click()
    expect(delegate.get_by_role("heading", name="Register for this event")).to_be_visible()
    assert delegate.evaluate("document.documentElement.scrollWidth") <= 360
    axe.check(delegate, "delegation registration form")
    delegate.set_viewport_size(PHONE["viewport"])  # axe's screenshots leave it at 1280 px
    delegate.get_by_label("Delegation member").check()
    delegate.get_by_label("Name in Latin letters").fill("Kim Cheolsu")
    delegate.get_by_label("Name in native script").fill("김철수")
    delegate.get_by_label("Email").fill("kim@example.org")
    delegate.get_by_label("Organisation").fill("Bucheon City Hall")
    delegate.get_by_label("City", exact=True).fill("Bucheon")
    delegate.get_by_label("Position").fill("Director of International Relations")
    # The press fields belong to another category: hidden.
    expect(delegate.get_by_label("Media outlet")).to_be_hidden()
    delegate.get_by_label("Arrival").fill("2030-06-09")
    delegate.get_by_label("Departure").fill("2030-06-05")  # before arrival: refused with a message
    delegate.get_by_label("Languages spoken").fill("Korean, English")
    delegate.get_by_label("Badge photo").set_input_files(str(photo))
    delegate.get_by_role("button", name="Register").click()
    expect(delegate.locator("#error-summary")).to_contain_text("Departure must be on or after the first day")
    assert not Registration.objects.exists()
    axe.check(delegate, "delegation registration form with errors")
    delegate.set_viewport_size(PHONE["viewport"])
    delegate.get_by_label("Departure").fill("2030-06-13")
    delegate.get_by_label("Badge photo").set_input_files(str(photo))
    delegate.get_by_role("button", name="Register").dblclick()
    expect(delegate.get_by_role("heading", name="Thank you: your registration was received")).to_be_visible()
    registration = Registration.objects.get()  # the double click registered once
    assert registration.city.name == "Bucheon"
    context.close()

    # 2. The editor approves it in the review queue.
    staff = new_page()
    staff.context.add_cookies([session_cookie(editor, live_server.url)])
    staff.goto(f"{live_server.url}/admin/delegations/registration/?status__exact=submitted")
    staff.check(f'input[name="_selected_action"][value="{registration.pk}"]')
    staff.select_option('select[name="action"]', "approve")
    staff.click('button[name="index"]')
    expect(staff.locator(".messagelist")).to_contain_text("1 registration approved.")
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED

    # 3. At the door: a phone whose camera sees the badge's QR code.
    buffer = io.BytesIO()
    segno.make(registration.badge_token(), error="m", micro=False).save(buffer, kind="png", scale=8, border=4)
    video = tmp_path / "badge.y4m"
    y4m_from_image(buffer.getvalue(), video)
    phone_browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        door = phone_browser.new_context(**PHONE)
        door.set_default_timeout(STEP_TIMEOUT_MS)
        door.add_cookies([session_cookie(editor, live_server.url)])
        screen = door.new_page()
        screen.goto(f"{live_server.url}/en/events/{event.slug}/check-in/")
        screen.get_by_role("button", name="Scan a badge with the camera").click()
        expect(screen.locator(".check-result")).to_contain_text("Checked in at", timeout=20_000)
        expect(screen.locator(".check-result")).to_contain_text("Kim Cheolsu")
        expect(screen.locator(".check-photo")).to_be_visible()
        detector = screen.evaluate("'BarcodeDetector' in window")
        print(f"\ncheck-in: badge QR read from the fake camera ({'BarcodeDetector' if detector else 'jsQR'})")
        assert screen.evaluate("document.documentElement.scrollWidth") <= 360
        axe.check(screen, "delegation check-in on a phone")
        screen.set_viewport_size(PHONE["viewport"])

        # The same badge again, typed this time: the page says when the delegate checked in.
        screen.get_by_label("Badge code").fill(registration.badge_token())
        screen.get_by_role("button", name="Check in").click()
        expect(screen.locator(".check-result")).to_contain_text("Already checked in on")
    finally:
        phone_browser.close()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == editor
