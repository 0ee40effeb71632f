"""The phone audit of issue 16 in a real Chromium: a cataloguer prints a label, then holds a phone (360 px)
whose camera sees that label (Chromium's fake camera playing a Y4M made from the label's screenshot).

The page decodes the QR code with BarcodeDetector where the browser has it, else the vendored jsQR,
records the object, and a typed number works too. Lives beside the other browser tests for their
launch settings and ordering; it launches its own Chromium, since the camera file is a launch argument.
"""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

from harbin_portal.roles import CATALOGUERS, apply_roles
from museum.models import AuditEntry, Outcome
from museum.tests.factories import AuditFactory, ExhibitFactory, RoomFactory

from .conftest import CHROMIUM, STEP_TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRAME = (640, 480)


def y4m_from_image(png, path, frames=10):
    """Write a still image as an uncompressed Y4M video (4:2:0), the format Chromium's fake camera plays."""
    label = Image.open(io.BytesIO(png)).convert("RGB")
    label.thumbnail((FRAME[0] - 40, FRAME[1] - 40), Image.Resampling.LANCZOS)
    frame = Image.new("RGB", FRAME, (255, 255, 255))
    frame.paste(label, ((FRAME[0] - label.width) // 2, (FRAME[1] - label.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (FRAME[0] // 2, FRAME[1] // 2)
    planes = y.tobytes() + cb.resize(half, Image.Resampling.BILINEAR).tobytes()
    planes += cr.resize(half, Image.Resampling.BILINEAR).tobytes()
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{FRAME[0]} H{FRAME[1]} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + planes)
    return frame


def session_cookie(user, url):
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


@pytest.fixture
def cataloguer(django_user_model):
    user = django_user_model.objects.create_user("lan", password="x-long-password-1", is_staff=True)
    # A live-server test before this one flushed the groups the data migration made.
    apply_roles(Group, Permission)
    user.groups.add(Group.objects.get(name=CATALOGUERS))
    return user


def test_a_cataloguer_audits_a_room_with_a_phone_camera_and_typed_numbers(
    page, playwright, live_server, axe, cataloguer, tmp_path
):
    room = RoomFactory(name="Niigata room", name_en="Niigata room")
    scanned = ExhibitFactory(room=room, accession_number="HISCM.2009.31", object_name_en="Lacquer box")
    typed = ExhibitFactory(room=room, accession_number="HISCM.2009.32")
    missing = ExhibitFactory(room=room, accession_number="HISCM.2009.33")
    audit = AuditFactory(room=room, opened_by=cataloguer)

    # 1. The label as printed: the admin's label sheet, screenshotted at twice the pixel density.
    page.context.add_cookies([session_cookie(cataloguer, live_server.url)])
    page.goto(f"{live_server.url}/admin/museum/exhibit/")
    page.check(f'input[name="_selected_action"][value="{scanned.pk}"]')
    page.select_option('select[name="action"]', "print_labels")
    page.click('button[name="index"]')
    label = page.locator(".label").first
    expect(label).to_contain_text("HISCM.2009.31")
    video = tmp_path / "label.y4m"
    frame = y4m_from_image(label.screenshot(scale="device"), video)
    frame.save(tmp_path / "label-frame.png")

    # 2. A phone whose camera sees that label.
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
        phone = phone_browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
        phone.set_default_timeout(STEP_TIMEOUT_MS)
        phone.add_cookies([session_cookie(cataloguer, live_server.url)])
        screen = phone.new_page()
        screen.goto(f"{live_server.url}/admin/museum/audit/{audit.pk}/scan/")
        # Nothing wider than the phone's screen.
        assert screen.evaluate("document.documentElement.scrollWidth") <= 360

        screen.get_by_role("button", name="Scan labels with the camera").click()
        expect(screen.locator(".scan-status")).to_have_text("HISCM.2009.31 found here.", timeout=20_000)
        expect(screen.locator('[data-count="found"]')).to_have_text("1")
        decoder = screen.locator("[data-audit-scan]").get_attribute("data-decoder")
        print(f"\nphone audit: QR decoded by {decoder} from the fake camera")
        assert decoder in ("BarcodeDetector", "jsQR")

        # 3. A label too worn to scan: the number typed.
        screen.get_by_label("Accession number").fill(typed.accession_number)
        screen.get_by_role("button", name="Record").click()
        expect(screen.locator(".message")).to_contain_text("HISCM.2009.32 found here.")
        expect(screen.locator('[data-count="found"]')).to_have_text("2")
        expect(screen.locator('[data-count="missing"]')).to_have_text("1")
        expect(screen.locator("#missing-heading + ul")).to_contain_text("HISCM.2009.33")
        assert screen.evaluate("document.documentElement.scrollWidth") <= 360
        screen.screenshot(path=str(tmp_path / "audit-360.png"), full_page=True)
        axe.check(screen, "museum audit on a phone")

        # 4. Closing confirms the locations of what was found.
        screen.set_viewport_size({"width": 360, "height": 780})
        screen.get_by_role("button", name="Close the audit").click()
        expect(screen.locator(".message")).to_contain_text("Audit closed")
    finally:
        phone_browser.close()

    outcomes = dict(AuditEntry.objects.filter(audit=audit).values_list("exhibit__accession_number", "outcome"))
    assert outcomes == {
        scanned.accession_number: Outcome.FOUND,
        typed.accession_number: Outcome.FOUND,
        missing.accession_number: Outcome.MISSING,
    }
    assert AuditEntry.objects.get(audit=audit, exhibit=scanned).confirmed_by == cataloguer
