"""Writes: registering, reviewing, checking in, issuing and revoking letters, purging passport data."""

import logging
import secrets

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cities.models import City
from events.models import Participant, ParticipantRole, Participation, ParticipationRole

from .letterhead import letterhead
from .models import (
    BADGE_SALT,
    CATEGORY_FIELDS,
    EDIT_SALT,
    LETTER_SALT,
    MEMBERS_SALT,
    Category,
    InvitationLetter,
    Registration,
    Status,
)

logger = logging.getLogger("delegations")

FORM_TOKEN_SALT = "delegations.form"  # noqa: S105 (a signing salt, not a password)
# A form may be filled in over a long afternoon, not over a week.
FORM_TOKEN_MAX_AGE = 12 * 60 * 60
EDIT_LINK_MAX_AGE = 30 * 24 * 60 * 60
PASSPORT_FIELDS = ("passport_number", "passport_nationality", "passport_date_of_birth", "passport_expires_on")


class ReviewError(Exception):
    """A review step that cannot be taken; the message says why, for staff."""


# Tokens ---------------------------------------------------------------------------------------------


def new_form_token():
    """A one-time token for a registration form: signed, so only tokens we issued are accepted."""
    return signing.TimestampSigner(salt=FORM_TOKEN_SALT).sign(secrets.token_urlsafe(16))


def form_token_is_valid(token):
    try:
        signing.TimestampSigner(salt=FORM_TOKEN_SALT).unsign(token, max_age=FORM_TOKEN_MAX_AGE)
    except (signing.BadSignature, TypeError):
        return False
    return True


def _registration_for(token, salt, *, max_age=None):
    try:
        if max_age is None:
            key = signing.Signer(salt=salt).unsign(token)
        else:
            key = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except (signing.BadSignature, TypeError):
        return None
    return Registration.objects.select_related("event", "city").filter(key=key).first()


def registration_for_badge(token):
    return _registration_for(token.strip(), BADGE_SALT)


def head_for_members_link(token):
    """The approved or pending head of delegation whose private link this is; None if it is not (any more)."""
    head = _registration_for(token, MEMBERS_SALT)
    if head is None or head.category != Category.HEAD or head.status in (Status.DECLINED, Status.REVOKED):
        return None
    return head


def registration_for_edit(token):
    registration = _registration_for(token, EDIT_SALT, max_age=EDIT_LINK_MAX_AGE)
    if registration is None or registration.status != Status.CHANGES_REQUESTED:
        return None
    return registration


# Registering ----------------------------------------------------------------------------------------


def _drop_unused_fields(registration):
    """Fields of other categories, and passport details nobody asked a letter for, are never stored."""
    own = set(CATEGORY_FIELDS.get(registration.category, ()))
    for fields in CATEGORY_FIELDS.values():
        for name in fields:
            if name not in own:
                setattr(registration, name, "")
    if not registration.visa_letter_requested:
        registration.consulate = ""
        registration.consulate_language = ""
        for name in PASSPORT_FIELDS:
            setattr(registration, name, None)


def registration_submit(*, registration, form_token, language):
    """Save a new registration made from the form whose one-time token is `form_token`.

    Returns (registration, created). A second submit of the same form (a double click, a reload)
    returns the registration the first one made instead of a copy.
    """
    registration.form_token = form_token
    registration.language = language
    registration.status = Status.SUBMITTED
    _drop_unused_fields(registration)
    if registration.head_id:
        # Members registered by their head travel with the head's city.
        registration.city_id = registration.head.city_id
    elif registration.city_id is None:
        registration.city = city_matching(registration.city_name)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # The form was sent before (a double click, a reload): the unique token let only the first through.
        existing = Registration.objects.filter(form_token=form_token).first()
        if existing is None:
            raise
        return existing, False
    _send_later(registration, "received")
    return registration, True


def city_matching(name):
    """The one city record whose name, in any language, is `name` (case aside); None when none or several."""
    name = " ".join((name or "").split())
    if not name:
        return None
    same_name = Q(name_en__iexact=name) | Q(name_zh_hans__iexact=name) | Q(name_ru__iexact=name)
    found = list(City.objects.filter(same_name)[:2])
    return found[0] if len(found) == 1 else None


def registration_resubmit(*, registration):
    """The registrant made the changes staff asked for: back to the review queue."""
    _drop_unused_fields(registration)
    registration.status = Status.SUBMITTED
    registration.save()
    _send_later(registration, "received")
    return registration


# Reviewing ------------------------------------------------------------------------------------------


def _link_to_event(registration):
    """The city takes part in the event; the delegate becomes a participant if they agreed to be listed.

    Existing records are reused (a city takes part once; a person is matched by city and name).
    """
    event, city = registration.event, registration.city
    participation, _created = Participation.objects.get_or_create(
        event=event, city=city, defaults={"role": ParticipationRole.DELEGATION}
    )
    if (
        registration.category == Category.HEAD
        and registration.consent_public_list
        and not participation.head_of_delegation
    ):
        participation.head_of_delegation = registration.name_latin
        participation.save(update_fields=["head_of_delegation"])
    if not registration.consent_public_list:
        return None
    participant = Participant.objects.filter(event=event, city=city, name__iexact=registration.name_latin).first()
    if participant is None:
        participant = Participant.objects.create(
            event=event,
            city=city,
            name=registration.name_latin,
            position=registration.position,
            organisation=registration.organisation,
            role=ParticipantRole.DELEGATE,
        )
    return participant


def registration_approve(*, registration, by):
    if registration.status == Status.APPROVED:
        return registration
    if registration.status == Status.REVOKED:
        raise ReviewError(_("%(name)s: a revoked registration cannot be approved.") % {"name": registration})
    if registration.city_id is None:
        raise ReviewError(
            _("%(name)s: choose the city record before approving (the delegate typed “%(city)s”).")
            % {"name": registration, "city": registration.city_name}
        )
    with transaction.atomic():
        registration.participant = _link_to_event(registration)
        _mark_reviewed(registration, Status.APPROVED, by)
    _send_later(registration, "approved")
    return registration


def registration_request_changes(*, registration, by, note=None):
    if registration.status not in (Status.SUBMITTED, Status.CHANGES_REQUESTED):
        raise ReviewError(
            _("%(name)s: changes can be asked only of a registration awaiting review.") % {"name": registration}
        )
    if note is not None:
        registration.review_note = note
    if not registration.review_note.strip():
        raise ReviewError(_("%(name)s: write the note saying what to change first.") % {"name": registration})
    _mark_reviewed(registration, Status.CHANGES_REQUESTED, by)
    _send_later(registration, "changes")
    return registration


def registration_decline(*, registration, by):
    if registration.status in (Status.APPROVED, Status.REVOKED):
        raise ReviewError(_("%(name)s: revoke an approved registration instead.") % {"name": registration})
    _mark_reviewed(registration, Status.DECLINED, by)
    _send_later(registration, "declined")
    return registration


def registration_revoke(*, registration, by):
    """Withdraw an approved registration: its badge stops working and its invitation letter is revoked."""
    with transaction.atomic():
        InvitationLetter.objects.filter(registration=registration, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        _mark_reviewed(registration, Status.REVOKED, by)
    _send_later(registration, "revoked")
    return registration


def _mark_reviewed(registration, status, by):
    registration.status = status
    registration.reviewed_at = timezone.now()
    registration.reviewed_by = by
    registration.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note", "participant", "updated"])


# Mail -----------------------------------------------------------------------------------------------

SUBJECTS = {
    "received": lambda: _("Your registration for %(event)s was received"),
    "approved": lambda: _("Your registration for %(event)s is approved"),
    "changes": lambda: _("Your registration for %(event)s: changes needed"),
    "declined": lambda: _("Your registration for %(event)s"),
    "revoked": lambda: _("Your registration for %(event)s was withdrawn"),
}


def _send_later(registration, kind):
    transaction.on_commit(lambda: registration_notify(registration=registration, kind=kind))


def registration_notify(*, registration, kind, base_url=None):
    """Mail the registrant in the language they registered in."""
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "event": registration.event,
            "site": base_url or settings.SITE_URL,
            "edit_url": registration.edit_url() if kind == "changes" else "",
            "members_url": registration.members_url()
            if kind in ("received", "approved") and registration.category == Category.HEAD
            else "",
        }
        subject = SUBJECTS[kind]() % {"event": registration.event.title}
        body = render_to_string(f"delegations/email/{kind}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[registration.email])
    message.extra_headers["Content-Language"] = registration.language
    message.send(fail_silently=False)


# Check-in -------------------------------------------------------------------------------------------


def registration_check_in(*, registration, by):
    """Record arrival once. Returns True for a first scan, False when the person had already checked in."""
    updated = Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=True).update(
        checked_in_at=timezone.now(), checked_in_by=by
    )
    registration.refresh_from_db(fields=["checked_in_at", "checked_in_by"])
    return bool(updated)


# Letters --------------------------------------------------------------------------------------------


def _next_letter_number(year):
    prefix = f"{letterhead()['number_prefix']}-{year}-"
    count = InvitationLetter.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


def letter_issue(*, registration, by, purpose=""):
    """The invitation letter of an approved delegate who asked for one (the existing one if issued)."""
    if registration.status != Status.APPROVED:
        raise ReviewError(_("%(name)s: only approved delegates get a letter.") % {"name": registration})
    if not registration.visa_letter_requested:
        raise ReviewError(_("%(name)s did not ask for an invitation letter.") % {"name": registration})
    if not registration.has_passport_data:
        raise ReviewError(_("%(name)s: the passport details are missing or were purged.") % {"name": registration})
    letter = InvitationLetter.objects.filter(registration=registration).first()
    if letter is not None and letter.revoked_at is None:
        return letter
    if letter is not None:
        letter.delete()
    with translation.override(registration.consulate_language or "en"):
        default_purpose = _("to attend %(event)s") % {"event": registration.event.title}
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return InvitationLetter.objects.create(
                    registration=registration,
                    number=_next_letter_number(timezone.localdate().year),
                    language=registration.consulate_language or "en",
                    purpose=purpose or default_purpose,
                    issued_by=by,
                )
        except IntegrityError:
            continue  # another letter took the number at the same moment
    raise ReviewError(_("Could not number the letter; try again."))


def letter_for_token(token):
    try:
        key = signing.Signer(salt=LETTER_SALT).unsign(token)
    except (signing.BadSignature, TypeError):
        return None
    return InvitationLetter.objects.select_related("registration__event").filter(key=key).first()


# Retention ------------------------------------------------------------------------------------------


def passport_data_purge(*, today=None):
    """Erase passport details kept past the retention period; returns the purged registrations."""
    purged = list(Registration.objects.passport_expired(today).select_related("event"))
    now = timezone.now()
    for registration in purged:
        for name in PASSPORT_FIELDS:
            setattr(registration, name, None)
        registration.passport_purged_at = now
        registration.save(update_fields=[*PASSPORT_FIELDS, "passport_purged_at", "updated"])
        # The log names the record, never the person: it outlives the purge.
        logger.info("Purged passport data of registration %s (event %s)", registration.pk, registration.event.slug)
    return purged
