"""Registration of delegates to an event, its review, badges, check-in and visa invitation letters."""

import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedDateField

from cities.models import City
from core.files import staff_with_view_permission
from core.images import refresh_derivatives, upload_path, validate_image_upload
from core.storages import private_storage
from events.models import Event, Participant


class Category(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    MEMBER = "member", _("Delegation member")
    INTERPRETER = "interpreter", _("Interpreter")
    PRESS = "press", _("Press")
    ACCOMPANYING = "accompanying", _("Accompanying person")


# Each category's own fields, all of them required for that category (and ignored for the others).
CATEGORY_FIELDS = {
    Category.HEAD: ("position",),
    Category.MEMBER: ("position",),
    Category.INTERPRETER: ("working_languages",),
    Category.PRESS: ("media_outlet", "press_card_number"),
    Category.ACCOMPANYING: ("accompanies",),
}
# The badge stripe: one colour per category, told apart by name too (never by colour alone).
CATEGORY_COLOURS = {
    Category.HEAD: "#8b1e3f",
    Category.MEMBER: "#1f4e79",
    Category.INTERPRETER: "#2e7d32",
    Category.PRESS: "#b45309",
    Category.ACCOMPANYING: "#6a1b9a",
}

# Salts keep each kind of signed token good for its own purpose only.
BADGE_SALT = "delegations.badge"
MEMBERS_SALT = "delegations.members"
EDIT_SALT = "delegations.edit"
LETTER_SALT = "delegations.letter"


class RegistrationWindow(models.Model):
    """Staff open registration for one event, until a deadline, for the categories they choose."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="registration_window", verbose_name=_("event")
    )
    is_open = models.BooleanField(_("open"), default=True)
    closes_at = models.DateTimeField(_("deadline"), help_text=_("No registration is accepted after this moment."))
    categories = models.JSONField(
        _("categories"), default=list, help_text=_("Who may register: choose one or more categories.")
    )
    visa_letters = models.BooleanField(
        _("visa invitation letters offered"),
        default=True,
        help_text=_("Registrants may ask for an invitation letter and give their passport details."),
    )
    instructions = models.TextField(_("instructions"), blank=True, help_text=_("Shown above the form."))

    class Meta:
        verbose_name = _("registration window")
        verbose_name_plural = _("registration windows")
        ordering = ["-closes_at"]

    def __str__(self):
        return str(self.event)

    def accepts(self, now=None):
        return self.is_open and (now or timezone.now()) < self.closes_at

    @property
    def category_choices(self):
        return [(value, label) for value, label in Category.choices if value in self.categories]


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    CHANGES_REQUESTED = "changes", _("Changes requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Revoked")


class RegistrationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Status.APPROVED)

    def with_passport_data(self):
        return self.filter(passport_purged_at__isnull=True).exclude(
            passport_number__isnull=True, passport_date_of_birth__isnull=True
        )

    def passport_expired(self, today=None):
        """Registrations whose event ended more than PASSPORT_RETENTION_DAYS ago and still hold passport data."""
        cutoff = (today or timezone.localdate()) - datetime.timedelta(days=settings.PASSPORT_RETENTION_DAYS)
        ended = Q(event__ends_on__lt=cutoff) | Q(event__ends_on__isnull=True, event__starts_on__lt=cutoff)
        return self.with_passport_data().filter(ended)


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event"))
    head = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("head of delegation"),
        help_text=_("For members registered through their head of delegation's link."),
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    language = models.CharField(
        _("language"), max_length=7, choices=settings.LANGUAGES, default="en", help_text=_("Mail is written in it.")
    )

    name_latin = models.CharField(_("name in Latin letters"), max_length=200, help_text=_("As in the passport."))
    name_native = models.CharField(
        _("name in native script"), max_length=200, blank=True, help_text=_("E.g. 김철수, Иван Петров.")
    )
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200)
    city_name = models.CharField(_("city"), max_length=150, help_text=_("The city the delegate comes from."))
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("city record"),
        help_text=_("The portal's record of that city; needed before approval."),
    )
    arrival_on = models.DateField(_("arrival"))
    departure_on = models.DateField(_("departure"))
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    access_needs = models.CharField(_("access needs"), max_length=300, blank=True)
    languages_spoken = models.CharField(_("languages spoken"), max_length=200)
    interpretation_needed = models.BooleanField(_("interpretation needed"), default=False)

    # Category fields (CATEGORY_FIELDS says which category needs which).
    position = models.CharField(_("position"), max_length=200, blank=True)
    working_languages = models.CharField(_("working languages"), max_length=200, blank=True)
    media_outlet = models.CharField(_("media outlet"), max_length=200, blank=True)
    press_card_number = models.CharField(_("press card number"), max_length=60, blank=True)
    accompanies = models.CharField(_("accompanies"), max_length=200, blank=True)

    photo = models.ImageField(
        _("badge photo"),
        upload_to=upload_path,
        storage=private_storage,
        validators=[validate_image_upload],
        help_text=_("A passport-style photo, JPEG or PNG."),
    )
    photo_small = models.ImageField(upload_to=upload_path, storage=private_storage, blank=True, editable=False)
    photo_large = models.ImageField(upload_to=upload_path, storage=private_storage, blank=True, editable=False)

    consent_public_list = models.BooleanField(_("may appear in the public participant list"), default=False)
    consent_photos = models.BooleanField(_("may appear in event photos"), default=False)

    visa_letter_requested = models.BooleanField(_("visa invitation letter requested"), default=False)
    consulate = models.CharField(_("receiving consulate"), max_length=200, blank=True)
    consulate_language = models.CharField(
        _("language of the consulate"), max_length=7, choices=settings.LANGUAGES, blank=True
    )
    # Encrypted at rest; shown to foreign-affairs staff only; purged after the event (purge_passport_data).
    # Left out of dumpdata and so of backups (serialize=False), which would write them decrypted.
    passport_number = EncryptedCharField(_("passport number"), max_length=40, null=True, blank=True, serialize=False)
    passport_nationality = EncryptedCharField(_("nationality"), max_length=2, null=True, blank=True, serialize=False)
    passport_date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True, serialize=False)
    passport_expires_on = EncryptedDateField(_("passport expires on"), null=True, blank=True, serialize=False)
    passport_purged_at = models.DateTimeField(_("passport data purged"), null=True, blank=True, editable=False)

    # The one-time token of the form that made this registration: a second submit finds it.
    form_token = models.CharField(max_length=100, unique=True, editable=False)
    # A secret that only signed tokens reveal (badge QR, members link, edit link); never the id.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    review_note = models.TextField(
        _("note to the registrant"), blank=True, help_text=_("Sent with “ask for changes” and “decline”.")
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True, editable=False)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()
    # The badge photo's original is handed out by core.files to staff who may view registrations.
    private_files = {"photo": staff_with_view_permission}

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "status", "submitted_at"]
        permissions = [("view_passport_registration", _("Can see passport details"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(departure_on__gte=models.F("arrival_on")), name="departure_after_arrival"
            ),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="registration_category_known"),
        ]
        indexes = [
            # The review queue lists an event's registrations by status.
            models.Index(fields=["event", "status"], name="registration_event_status"),
        ]

    def __str__(self):
        return self.name_latin

    def save(self, *args, **kwargs):
        refresh_derivatives(self, "photo", "photo_small", "photo_large")
        super().save(*args, **kwargs)

    @property
    def colour(self):
        return CATEGORY_COLOURS.get(self.category, "#444444")

    @property
    def has_passport_data(self):
        return bool(self.passport_number or self.passport_date_of_birth)

    def badge_token(self):
        return signing.Signer(salt=BADGE_SALT).sign(self.key.hex)

    def members_token(self):
        return signing.Signer(salt=MEMBERS_SALT).sign(self.key.hex)

    def edit_token(self):
        return signing.TimestampSigner(salt=EDIT_SALT).sign(self.key.hex)

    def members_url(self):
        return reverse("delegations:members", kwargs={"token": self.members_token()})

    def edit_url(self):
        return reverse("delegations:edit", kwargs={"token": self.edit_token()})


class LetterQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True, registration__status=Status.APPROVED)


class InvitationLetter(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="letter", verbose_name=_("registration")
    )
    number = models.CharField(_("letter number"), max_length=40, unique=True)
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    purpose = models.CharField(
        _("purpose of the visit"), max_length=300, help_text=_("E.g. “to attend the Global Mayors Dialogue”.")
    )
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation letter")
        verbose_name_plural = _("invitation letters")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.number

    @property
    def is_valid(self):
        return self.revoked_at is None and self.registration.status == Status.APPROVED

    def verify_token(self):
        return signing.Signer(salt=LETTER_SALT).sign(self.key.hex)

    def verify_path(self, language):
        with translation.override(language):
            return reverse("delegations:letter_verify", kwargs={"token": self.verify_token()})


class StreamKind(models.TextChoices):
    LIVESTREAM = "live", _("Livestream")
    RECORDING = "recording", _("Recording")


class StreamLink(models.Model):
    """A livestream or recording of an event, linked from its page once staff add it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="stream_links", verbose_name=_("event"))
    kind = models.CharField(_("kind"), max_length=10, choices=StreamKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("E.g. “Opening session”."))
    url = models.URLField(_("address"))
    language = models.CharField(
        _("language"), max_length=7, choices=settings.LANGUAGES, blank=True, help_text=_("Blank: original sound.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("livestream or recording")
        verbose_name_plural = _("livestreams and recordings")
        ordering = ["event", "order", "pk"]

    def __str__(self):
        return self.title or self.get_kind_display()
