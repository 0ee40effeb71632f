"""The review queue: approve links to the event's records without duplicates; changes and declines are mailed."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from delegations import services
from delegations.models import Category, Registration, Status
from events.models import Participant, Participation
from events.tests.factories import CityFactory, ParticipantFactory

from .factories import RegistrationFactory, RegistrationWindowFactory
from .test_registration import form_data

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:delegations_registration_changelist"


def act(client, action, *registrations):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )


def test_approval_makes_the_city_a_participant_and_the_listed_delegate_a_participant(editor, client):
    registration = RegistrationFactory(category=Category.HEAD, consent_public_list=True, name_latin="Kim Cheolsu")
    client.force_login(editor)
    act(client, "approve", registration)
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED
    participation = Participation.objects.get(event=registration.event, city=registration.city)
    assert participation.head_of_delegation == "Kim Cheolsu"
    assert registration.participant.name == "Kim Cheolsu"
    assert registration.participant.city == registration.city


def test_approval_reuses_existing_records_matched_by_city_and_name(editor):
    city = CityFactory()
    first = RegistrationFactory(city=city, consent_public_list=True, name_latin="Anna Ivanova")
    existing = ParticipantFactory(event=first.event, city=city, name="ANNA IVANOVA")
    second = RegistrationFactory(event=first.event, city=city, consent_public_list=True)
    services.registration_approve(registration=first, by=editor)
    services.registration_approve(registration=second, by=editor)
    assert Participation.objects.filter(event=first.event, city=city).count() == 1
    assert first.participant == existing
    assert Participant.objects.filter(event=first.event).count() == 2


def test_without_consent_the_delegate_is_not_listed_publicly(editor, client):
    registration = RegistrationFactory(category=Category.HEAD, name_latin="Quiet Person")
    services.registration_approve(registration=registration, by=editor)
    assert registration.participant is None
    assert not Participant.objects.filter(event=registration.event).exists()
    assert Participation.objects.get(event=registration.event).head_of_delegation == ""
    page = client.get(registration.event.get_absolute_url()).content.decode()
    assert "Quiet Person" not in page


def test_approval_needs_a_city_record(editor, client):
    registration = RegistrationFactory(city=None, city_name="Nowhereville")
    client.force_login(editor)
    response = act(client, "approve", registration)
    assert "choose the city record" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_approval_mail_is_in_the_registrants_language(editor):
    registration = RegistrationFactory(language="zh-hans", event__title_zh_hans="哈尔滨论坛")
    services.registration_approve(registration=registration, by=editor)
    assert "哈尔滨论坛" in mail.outbox[-1].subject
    assert "2030年6月" in mail.outbox[-1].body


def test_asking_for_changes_mails_the_note_and_a_link_that_sends_it_back_to_review(editor, client):
    window = RegistrationWindowFactory()
    registration = RegistrationFactory(event=window.event, review_note="Please send a clearer photo.")
    client.force_login(editor)
    act(client, "request_changes", registration)
    registration.refresh_from_db()
    assert registration.status == Status.CHANGES_REQUESTED
    body = mail.outbox[-1].body
    assert "Please send a clearer photo." in body
    assert registration.edit_url().split(":")[0] in body
    client.logout()
    edit = client.get(registration.edit_url())
    assert "Please send a clearer photo." in edit.content.decode()
    data = form_data(name_latin=registration.name_latin, email=registration.email, city_name=registration.city_name)
    response = client.post(registration.edit_url(), data)
    assert response.status_code == 302, response.context["form"].errors
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED
    assert Registration.objects.count() == 1


def test_asking_for_changes_needs_a_note(editor):
    registration = RegistrationFactory()
    with pytest.raises(services.ReviewError):
        services.registration_request_changes(registration=registration, by=editor)


def test_edit_link_works_only_while_changes_are_asked(client):
    registration = RegistrationFactory(status=Status.APPROVED)
    RegistrationWindowFactory(event=registration.event)
    assert client.get(registration.edit_url()).status_code == 404


def test_decline_mails_the_registrant(editor, client):
    registration = RegistrationFactory(review_note="The delegation is complete.")
    client.force_login(editor)
    act(client, "decline", registration)
    registration.refresh_from_db()
    assert registration.status == Status.DECLINED
    assert "cannot accept" in mail.outbox[-1].body


def test_passport_details_are_shown_to_foreign_affairs_staff_only(editor, staff_user, client):
    registration = RegistrationFactory(with_passport=True)
    url = reverse("admin:delegations_registration_change", args=[registration.pk])
    client.force_login(editor)
    assert "AB1234567" in client.get(url).content.decode()
    # A staff member with every other right on registrations, but not "Can see passport details".
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="delegations").exclude(codename="view_passport_registration")
    )
    client.force_login(staff_user)
    page = client.get(url)
    assert page.status_code == 200
    assert "AB1234567" not in page.content.decode()
    assert "passport_number" not in page.content.decode()


def test_cataloguers_have_no_access_to_delegations(cataloguer, client):
    client.force_login(cataloguer)
    registration = RegistrationFactory()
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(reverse("admin:delegations_registration_change", args=[registration.pk])).status_code == 403
    assert client.get(reverse("delegations:check_in", kwargs={"slug": registration.event.slug})).status_code == 403


def test_editors_hold_the_delegations_permissions(editor):
    assert editor.has_perm("delegations.change_registration")
    assert editor.has_perm("delegations.view_passport_registration")
    assert editor.has_perm("delegations.add_registrationwindow")


def test_the_head_of_delegation_is_mailed_the_private_members_link(client):
    window = RegistrationWindowFactory()
    from .test_registration import register_url

    client.post(register_url(window), form_data(category=Category.HEAD))
    head = Registration.objects.get()
    assert head.members_url() in mail.outbox[-1].body
    member = RegistrationFactory(event=window.event)
    services.registration_notify(registration=member, kind="received")
    assert "/delegation/" not in mail.outbox[-1].body


def test_an_editor_opens_registration_with_a_deadline_and_categories(editor, client):
    from events.tests.factories import EventFactory

    event = EventFactory()
    client.force_login(editor)
    response = client.post(
        reverse("admin:delegations_registrationwindow_add"),
        {
            "event": event.pk,
            "is_open": "on",
            "closes_at_0": "2030-05-31",
            "closes_at_1": "18:00:00",
            "categories": [Category.HEAD, Category.MEMBER],
            "visa_letters": "on",
            "instructions": "One form per person.",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    window = event.registration_window
    assert window.categories == ["head", "member"]
    assert window.closes_at.astimezone(timezone.get_current_timezone()).hour == 18
    change = client.get(reverse("admin:delegations_registrationwindow_change", args=[window.pk]))
    form = change.context["adminform"].form
    assert form["categories"].value() == ["head", "member"]
