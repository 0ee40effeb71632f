"""Exits (proposal, administrator's approval, 410 Gone, numbers never reused) and audits with a phone."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.publishing import Status
from museum.labels import permalink
from museum.models import AuditEntry, AuditStatus, Exhibit, ExitStatus, Movement, Outcome
from museum.services import accession_from_code, audit_close, audit_scan, audit_summary, exit_approve, exit_propose

from .conftest import ADMINISTRATOR, CATALOGUER, EDITOR, pdf_text
from .factories import AuditFactory, DeaccessionFactory, ExhibitFactory, RoomFactory

pytestmark = pytest.mark.django_db


# --- Exits -------------------------------------------------------------------------------------


def approve_as_admin(client, staff_in, proposal):
    client.force_login(staff_in(ADMINISTRATOR, "boss"))
    return client.post(
        reverse("admin:museum_deaccession_changelist"),
        {"action": "approve_exits", ACTION_CHECKBOX_NAME: [proposal.pk]},
    )


def test_a_cataloguer_proposes_an_exit_but_cannot_approve_it(client, staff_in):
    vase = ExhibitFactory()
    cataloguer = staff_in(CATALOGUER, "mei")
    client.force_login(cataloguer)
    response = client.post(
        reverse("admin:museum_deaccession_add"),
        {"exhibit": vase.pk, "method": "return", "reason": "Asked back by the giver", "public_note": ""},
    )
    assert response.status_code == 302
    proposal = vase.exits.get()
    assert (proposal.status, proposal.proposed_by) == (ExitStatus.PROPOSED, cataloguer)

    changelist = client.get(reverse("admin:museum_deaccession_changelist")).content.decode()
    assert "approve_exits" not in changelist
    client.post(
        reverse("admin:museum_deaccession_changelist"),
        {"action": "approve_exits", ACTION_CHECKBOX_NAME: [proposal.pk]},
    )
    proposal.refresh_from_db()
    assert proposal.status == ExitStatus.PROPOSED
    with pytest.raises(PermissionDenied):
        exit_approve(proposal=proposal, by=cataloguer)


def test_an_administrator_approves_and_the_public_page_answers_410_with_a_note(client, staff_in):
    vase = ExhibitFactory(accession_number="HISCM.2009.40", title="Lacquer box", title_en="Lacquer box")
    proposal = DeaccessionFactory(exhibit=vase, public_note="Returned to the City of Niigata in 2026.")
    url = vase.get_absolute_url()
    assert client.get(url).status_code == 200

    approve_as_admin(client, staff_in, proposal)
    proposal.refresh_from_db()
    vase.refresh_from_db()
    assert proposal.status == ExitStatus.APPROVED
    assert vase.exited_on is not None
    assert vase.status == Status.DRAFT

    client.logout()
    response = client.get(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert "left the museum" in html
    assert "Returned to the City of Niigata in 2026." in html
    # It leaves the public catalogue.
    assert "HISCM.2009.40" not in client.get(reverse("museum:exhibits")).content.decode()


def test_an_unknown_number_is_still_404_not_410(client):
    assert client.get(reverse("museum:exhibit", args=["HISCM.1999.1"])).status_code == 404


def test_an_exited_object_keeps_its_record_and_history(client, staff_in):
    vase = ExhibitFactory()
    approve_as_admin(client, staff_in, DeaccessionFactory(exhibit=vase))
    vase = Exhibit.objects.get(pk=vase.pk)
    assert vase.history.count() >= 2
    assert client.get(reverse("admin:museum_exhibit_change", args=[vase.pk])).status_code == 200
    with pytest.raises(Exception):  # noqa: B017, PT011 - PROTECT keeps the record while its exit exists
        vase.delete()


def test_the_accession_number_of_an_exited_object_is_never_reused(client, staff_in):
    ExhibitFactory(accession_number="HISCM.2030.1")
    last = ExhibitFactory(accession_number="HISCM.2030.2")
    approve_as_admin(client, staff_in, DeaccessionFactory(exhibit=last))
    assert Exhibit.objects.next_accession_number(2030) == "HISCM.2030.3"


def test_an_exited_object_cannot_be_published_again(client, staff_in):
    vase = ExhibitFactory()
    approve_as_admin(client, staff_in, DeaccessionFactory(exhibit=vase))
    response = client.post(
        reverse("admin:museum_exhibit_changelist"),
        {"action": "publish", ACTION_CHECKBOX_NAME: [vase.pk]},
        follow=True,
    )
    assert "left the collection and stays unpublished" in response.content.decode()
    vase.refresh_from_db()
    assert vase.status == Status.DRAFT
    with pytest.raises(IntegrityError), transaction.atomic():
        Exhibit.objects.filter(pk=vase.pk).update(status=Status.PUBLISHED)


def test_a_decided_proposal_is_read_only_and_an_exit_cannot_be_proposed_twice(client, staff_in):
    vase = ExhibitFactory()
    proposal = DeaccessionFactory(exhibit=vase)
    approve_as_admin(client, staff_in, proposal)
    assert client.post(reverse("admin:museum_deaccession_change", args=[proposal.pk]), {}).status_code == 403
    with pytest.raises(ValidationError, match="already left"):
        exit_propose(exhibit=Exhibit.objects.get(pk=vase.pk), method="loss", reason="again", by=None)


# --- Audits ------------------------------------------------------------------------------------


@pytest.fixture
def niigata_room():
    return RoomFactory(name="Niigata room", name_en="Niigata room")


def test_a_label_qr_code_and_a_typed_number_both_name_the_object(rf, niigata_room):
    vase = ExhibitFactory(accession_number="HISCM.2009.12", room=niigata_room)
    request = rf.get("/", HTTP_HOST="museum.example.org")
    assert accession_from_code(permalink(request, vase)) == "HISCM.2009.12"
    assert accession_from_code(" hiscm.2009.12 ") == "HISCM.2009.12"
    assert accession_from_code("nonsense") == ""


def test_scans_sort_objects_into_found_elsewhere_and_missing(niigata_room, cataloguer):
    here, absent = ExhibitFactory(room=niigata_room), ExhibitFactory(room=niigata_room)
    stray = ExhibitFactory()  # recorded in another room
    audit = AuditFactory(room=niigata_room)
    assert audit_scan(audit=audit, code=here.accession_number, by=cataloguer).outcome == Outcome.FOUND
    assert audit_scan(audit=audit, code=stray.accession_number, by=cataloguer).outcome == Outcome.ELSEWHERE
    audit_scan(audit=audit, code=here.accession_number, by=cataloguer)  # scanned twice: one entry
    summary = audit_summary(audit)
    assert [e.exhibit for e in summary["found"]] == [here]
    assert [e.exhibit for e in summary["elsewhere"]] == [stray]
    assert [e.exhibit for e in summary["missing"]] == [absent]
    with pytest.raises(ValidationError, match="No object numbered"):
        audit_scan(audit=audit, code="HISCM.1900.1", by=cataloguer)


def test_closing_confirms_locations_records_missing_and_moves_only_what_was_ticked(niigata_room, cataloguer):
    here, absent = ExhibitFactory(room=niigata_room), ExhibitFactory(room=niigata_room)
    stray, other_stray = ExhibitFactory(), ExhibitFactory()
    audit = AuditFactory(room=niigata_room)
    for exhibit in (here, stray, other_stray):
        audit_scan(audit=audit, code=exhibit.accession_number, by=cataloguer)
    audit_close(audit=audit, by=cataloguer, move=[str(stray.pk)])
    audit.refresh_from_db()
    assert (audit.status, audit.closed_by) == (AuditStatus.CLOSED, cataloguer)
    found = AuditEntry.objects.get(audit=audit, exhibit=here)
    assert (found.confirmed_by, found.confirmed_at is not None) == (cataloguer, True)
    assert AuditEntry.objects.get(audit=audit, exhibit=absent).outcome == Outcome.MISSING
    stray.refresh_from_db()
    other_stray.refresh_from_db()
    assert stray.room == niigata_room
    assert other_stray.room != niigata_room
    movement = Movement.objects.get(exhibit=stray)
    assert (movement.to_room, movement.moved_by) == (niigata_room, cataloguer)
    assert not Movement.objects.filter(exhibit=other_stray).exists()
    with pytest.raises(ValidationError, match="closed"):
        audit_scan(audit=audit, code=here.accession_number, by=cataloguer)


def test_a_store_audit_expects_the_objects_in_store():
    stored = ExhibitFactory(room=None, in_store=True)
    ExhibitFactory()
    audit = AuditFactory(room=None, in_store=True)
    assert [e.exhibit for e in audit_summary(audit)["missing"]] == [stored]


def test_an_audit_has_one_location_in_the_database(niigata_room):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditFactory(room=niigata_room, in_store=True)


def test_the_phone_page_records_typed_numbers_and_allows_the_camera(client, staff_in, niigata_room):
    vase = ExhibitFactory(room=niigata_room, accession_number="HISCM.2009.3")
    client.force_login(staff_in(CATALOGUER, "mei"))
    response = client.post(reverse("admin:museum_audit_add"), {"room": niigata_room.pk, "notes": ""})
    audit = niigata_room.audits.get()
    scan_url = reverse("admin:museum_audit_scan", args=[audit.pk])
    assert response["Location"] == scan_url

    page = client.get(scan_url)
    assert 'name="viewport" content="width=device-width' in page.content.decode()
    assert "camera=(self)" in page["Permissions-Policy"]
    assert "vendor/jsqr/jsQR.js" in page.content.decode()

    response = client.post(scan_url, {"code": "HISCM.2009.3"}, follow=True)
    assert "HISCM.2009.3 found here." in response.content.decode()
    json = client.post(scan_url, {"code": "HISCM.2009.3"}, HTTP_ACCEPT="application/json").json()
    assert (json["ok"], json["outcome"], json["counts"]) == (True, "found", {"found": 1, "elsewhere": 0, "missing": 0})
    bad = client.post(scan_url, {"code": "<b>x</b>"}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400
    assert vase.audit_entries.count() == 1


def test_other_pages_still_refuse_the_camera(client):
    assert "camera=()" in client.get(reverse("museum:exhibits"))["Permissions-Policy"]


def test_an_editor_cannot_open_an_audit(client, staff_in, niigata_room):
    audit = AuditFactory(room=niigata_room)
    client.force_login(staff_in(EDITOR, "li"))
    assert client.get(reverse("admin:museum_audit_scan", args=[audit.pk])).status_code == 403


def test_the_audit_result_pdf_lists_each_outcome(client, staff_in, niigata_room, cataloguer):
    here = ExhibitFactory(room=niigata_room, accession_number="HISCM.2009.21")
    ExhibitFactory(room=niigata_room, accession_number="HISCM.2009.22")
    stray = ExhibitFactory(accession_number="HISCM.2009.23")
    audit = AuditFactory(room=niigata_room)
    audit_scan(audit=audit, code=here.accession_number, by=cataloguer)
    audit_scan(audit=audit, code=stray.accession_number, by=cataloguer)
    audit_close(audit=audit, by=cataloguer)
    client.force_login(staff_in(CATALOGUER, "lan"))
    text = pdf_text(client.get(reverse("admin:museum_audit_report", args=[audit.pk])).content)
    assert "Audit result: Niigata room" in text
    found, elsewhere, missing = (
        text.index("Found (1)"),
        text.index("Present but recorded elsewhere (1)"),
        text.index("Missing (1)"),
    )
    assert found < text.index("HISCM.2009.21") < elsewhere < text.index("HISCM.2009.23") < missing
    assert text.index("HISCM.2009.22") > missing
