from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cities.models import City
from core.dates import date_field, date_in_range_constraint, format_date_range, precision_field
from core.files import staff_with_view_permission
from core.images import refresh_derivatives, upload_path, validate_image_upload
from core.pagination import Whole
from core.publishing import PublicRecord, PublishableQuerySet
from core.storages import private_storage

RESERVED_SLUGS = {"feed", "calendar"}


class EventKind(models.TextChoices):
    MAYORS_DIALOGUE = "mayors_dialogue", _("Mayors' dialogue")
    ROUND_TABLE = "round_table", _("Round table")
    FORUM = "forum", _("Forum")
    VISIT_IN = "visit_in", _("Delegation visit to Harbin")
    VISIT_OUT = "visit_out", _("Delegation visit from Harbin")
    SIGNING = "signing", _("Signing ceremony")
    EXPO = "expo", _("Expo")
    FESTIVAL = "festival", _("Festival")
    CULTURAL = "cultural", _("Cultural exchange")
    SYMPOSIUM = "symposium", _("Symposium")


class EventSeries(PublicRecord):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["name"]

    def __str__(self):
        return self.name


def _upcoming_q(today):
    return Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today)


class EventQuerySet(PublishableQuerySet):
    def upcoming(self, today=None):
        return self.filter(_upcoming_q(today or timezone.localdate()))

    def past(self, today=None):
        return self.exclude(_upcoming_q(today or timezone.localdate()))

    # What an event card shows (events/includes/event_card.html); only these are read for a list.
    CARD_FIELDS = (
        "status",
        "title",
        "slug",
        "kind",
        "starts_on",
        "ends_on",
        "date_precision",
        "cover_small",
        "host_city__status",
        "host_city__name",
        "host_city__slug",
    )

    def for_list(self):
        """The fields a list of events shows, with the host city: a list of 20 events builds no body or theme."""
        return self.select_related("host_city").only(*self.CARD_FIELDS)

    def list_parts(self, today=None):
        """The order of the events list: upcoming events first, soonest first, then past ones, latest first.

        Three querysets to be read one after the other (`core.pagination.Chain`), each answered by an index in a
        short query: events under way (a few rows, asked whole), those starting today or later, then past ones.
        Each event carries `is_upcoming`. (One query sorting every event by a computed key took 13 ms of
        PostgreSQL at 5,000 events, and a LIMIT on "under way" made the planner walk the date index from the
        oldest event.)
        """
        today = today or timezone.localdate()
        soonest, latest = ("starts_on", "title", "pk"), ("-starts_on", "title", "pk")
        upcoming, past = self.annotate(is_upcoming=Value(True)), self.annotate(is_upcoming=Value(False))
        return [
            Whole(upcoming.filter(starts_on__lt=today, ends_on__gte=today).order_by(*soonest)),
            upcoming.filter(starts_on__gte=today).order_by(*soonest),
            past.past(today).order_by(*latest),
        ]

    # The title in every language, and the theme.
    search_fields = ("title_en", "title_zh_hans", "title_ru", "theme_en")

    def search(self, text):
        """Events whose title or theme matches, or whose host or participating city does, in any language."""
        text = (text or "").strip()
        if not text:
            return self
        cities = City.objects.search(text).values("pk")
        # The title condition on the events themselves, not as "pk IN (the events matching it)": PostgreSQL then
        # walks the list's order and stops at the first page's events, instead of scanning every event first.
        return self.filter(
            self.search_condition(text)
            | Q(host_city__in=cities)
            | Exists(Participation.objects.filter(event=OuterRef("pk"), city__in=cities))
        )


class Event(PublicRecord):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    series = models.ForeignKey(
        EventSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("series")
    )
    starts_on = date_field(_("starts on"))
    date_precision = precision_field(_("dates: precision"), before=True)
    ends_on = date_field(_("ends on"), null=True, blank=True, help_text=_("Last day, for events over several days."))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    host_city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_events", verbose_name=_("host city")
    )
    theme = models.TextField(_("theme"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True, help_text=_("One outcome per line."))
    organisers = models.TextField(_("organisers"), blank=True, help_text=_("One organiser per line, with their role."))
    # The original is private (core.files); pages show the WebP derivatives.
    cover = models.ImageField(
        _("cover image"),
        upload_to=upload_path,
        storage=private_storage,
        blank=True,
        validators=[validate_image_upload],
    )
    cover_small = models.ImageField(upload_to=upload_path, blank=True, editable=False)
    cover_large = models.ImageField(upload_to=upload_path, blank=True, editable=False)

    objects = EventQuerySet.as_manager()
    private_files = {"cover": staff_with_view_permission}

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="event_ends_on_or_after_start",
            ),
            date_in_range_constraint("starts_on", "event_starts_on_in_range"),
            date_in_range_constraint("ends_on", "event_ends_on_in_range"),
        ]
        indexes = [
            # The public list filters published events and orders them by date.
            models.Index(fields=["status", "-starts_on"], name="event_status_starts"),
            # Events under way (started before today, ending today or later): a few rows among thousands.
            models.Index(fields=["status", "ends_on"], name="event_status_ends"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        # These words are paths of their own under /events/, so no event may take them as its slug.
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("“%(slug)s” is reserved; choose another slug.") % {"slug": self.slug}})

    def save(self, *args, **kwargs):
        refresh_derivatives(self, "cover", "cover_small", "cover_large")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def last_day(self):
        return self.ends_on or self.starts_on

    @property
    def dates_display(self):
        """'January 2026', '6 January 2026', or '6 – 8 January 2026' style ranges."""
        return format_date_range(self.starts_on, self.ends_on, self.date_precision)

    @property
    def outcome_list(self):
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]

    @property
    def organiser_list(self):
        return [line.strip() for line in self.organisers.splitlines() if line.strip()]


class ParticipationRole(models.TextChoices):
    HOST = "host", _("Host")
    CO_HOST = "co_host", _("Co-host")
    DELEGATION = "delegation", _("Delegation")
    GUEST = "guest", _("Guest")


class Participation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations", verbose_name=_("event"))
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="participations", verbose_name=_("city"))
    role = models.CharField(
        _("role"), max_length=12, choices=ParticipationRole.choices, default=ParticipationRole.DELEGATION
    )
    head_of_delegation = models.CharField(_("head of delegation"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participating city")
        verbose_name_plural = _("participating cities")
        ordering = ["event", "role", "city__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "city"], name="participation_once_per_event_and_city"),
        ]

    def __str__(self):
        return f"{self.city} – {self.event}"


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SPEAKER = "speaker", _("Speaker")
    DELEGATE = "delegate", _("Delegate")
    GUEST = "guest", _("Guest")


class Participant(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants", verbose_name=_("event"))
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    city = models.ForeignKey(
        City, on_delete=models.SET_NULL, null=True, blank=True, related_name="participants", verbose_name=_("city")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices, default=ParticipantRole.DELEGATE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "role", "name"]

    def __str__(self):
        return self.name


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    place = models.CharField(_("place"), max_length=200, blank=True)
    speakers = models.TextField(_("speakers"), blank=True, help_text=_("One speaker per line."))
    room = models.CharField(
        pgettext_lazy("hall of a venue", "room"),
        max_length=200,
        blank=True,
        help_text=_("The hall or room within the venue."),
    )
    interpretation_languages = models.CharField(
        _("interpretation"),
        max_length=60,
        blank=True,
        help_text=_("Languages interpreted into, as codes separated by commas: en, zh-hans, ru."),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("programme")
        ordering = ["event", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="session_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def interpretation_display(self):
        """'English, Russian': the interpretation languages named in the active language."""
        names = dict(settings.LANGUAGES)
        codes = [code.strip() for code in self.interpretation_languages.split(",") if code.strip()]
        return ", ".join(str(names.get(code, code)) for code in codes)

    def clean(self):
        # A cross-table rule, so it lives here rather than in a database constraint.
        known = {code for code, _name in settings.LANGUAGES}
        unknown = [c.strip() for c in self.interpretation_languages.split(",") if c.strip() and c.strip() not in known]
        if unknown:
            raise ValidationError(
                {"interpretation_languages": _("Use the codes %(codes)s.") % {"codes": ", ".join(sorted(known))}}
            )
        event = getattr(self, "event", None)
        if event is None or self.starts_at is None or event.starts_on is None:
            return
        day = timezone.localtime(self.starts_at).date()
        if not (event.starts_on <= day <= event.last_day):
            raise ValidationError({"starts_at": _("A session must fall within the event's days.")})


class EventPhoto(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos", verbose_name=_("event"))
    image = models.ImageField(
        _("image"), upload_to=upload_path, storage=private_storage, validators=[validate_image_upload]
    )
    image_small = models.ImageField(upload_to=upload_path, blank=True, editable=False)
    image_large = models.ImageField(upload_to=upload_path, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    private_files = {"image": staff_with_view_permission}

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["event", "order", "pk"]

    def __str__(self):
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        refresh_derivatives(self)
        super().save(*args, **kwargs)
