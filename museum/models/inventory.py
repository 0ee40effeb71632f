import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cities.models import City
from core.collation import sort_string
from core.dates import format_partial_date, precision_field
from core.files import staff_with_view_permission
from core.images import refresh_derivatives, upload_path, validate_image_upload
from core.publishing import ContentQuerySet, PublicRecord, PublishableQuerySet
from core.storages import private_storage
from events.models import Event

ACCESSION_PREFIX = "HISCM"
# The accession number is part of the exhibit's address, so nothing else gets in (a "/" would break every page
# that links to the exhibit). \A, \Z and [0-9] read the same in Python, PostgreSQL and SQLite's REGEXP.
ACCESSION_PATTERN = re.compile(r"\A[A-Z]+\.[0-9]{4}\.[0-9]+\Z")
validate_accession_number = RegexValidator(
    ACCESSION_PATTERN,
    _("Write the accession number as HISCM.<year>.<serial>, for example HISCM.2009.12."),
    code="bad_accession_number",
)


def accession_sort_key(number):
    """'HISCM.2009.9' -> 'HISCM.0000002009.0000000009', so that .10 sorts after .9."""
    return re.sub(r"\d+", lambda m: m.group(0).zfill(10), number or "")


class Museum(models.Model):
    """The museum itself: one row, edited in the admin."""

    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    building = models.CharField(_("building"), max_length=300, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    ticket = models.CharField(_("ticket"), max_length=200, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    opened_precision = precision_field(_("opened on: precision"))
    virtual_museum_opened_on = models.DateField(_("virtual museum opened on"), null=True, blank=True)
    floor_area_m2 = models.PositiveIntegerField(_("floor area (m²)"), null=True, blank=True)
    stated_room_count = models.PositiveSmallIntegerField(_("rooms (as published)"), null=True, blank=True)
    stated_exhibit_count = models.PositiveIntegerField(_("exhibits (as published)"), null=True, blank=True)
    managed_by = models.TextField(_("managed by"), blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("museum")
        verbose_name_plural = _("museum")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("museum:index")

    @property
    def opened_display(self):
        return format_partial_date(self.opened_on, self.opened_precision)

    @property
    def is_free(self):
        """Whether the English ticket text says admission is free."""
        return (self.ticket_en or "").strip().lower().startswith("free")

    @property
    def opening_hours_spec(self):
        """'9:00–17:00' as schema.org openingHours times ('09:00-17:00'); the source names no days."""
        match = re.search(r"(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})", self.opening_hours_en or "")
        if not match:
            return ""
        opens, opens_min, closes, closes_min = match.groups()
        return f"{int(opens):02d}:{opens_min}-{int(closes):02d}:{closes_min}"


def published_exhibit_count(field):
    """A subquery counting the published exhibits whose `field` is the outer row (index-only on PostgreSQL)."""
    exhibits = (
        Exhibit.objects.published()
        .filter(**{field: models.OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(total=models.Count("*"))
        .values("total")
    )
    return Coalesce(models.Subquery(exhibits), 0)


class RoomQuerySet(PublishableQuerySet):
    def with_exhibit_counts(self):
        """Annotate `exhibit_total`: the room's published exhibits."""
        return self.annotate(exhibit_total=published_exhibit_count("room"))


class ObjectTypeQuerySet(ContentQuerySet):
    def with_exhibit_counts(self):
        """Annotate `exhibit_total`: the published exhibits of each type."""
        return self.annotate(exhibit_total=published_exhibit_count("object_type"))


class Room(PublicRecord):
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rooms",
        verbose_name=_("city"),
        help_text=_("The sister city whose room this is; Harbin for its showroom."),
    )
    floor = models.CharField(_("floor"), max_length=50, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["order", "number", "name"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="room_number_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("museum:room", kwargs={"slug": self.slug})


class ObjectType(models.Model):
    """A vocabulary staff extend: painting, sculpture, stamp …"""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = ObjectTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("object type")
        verbose_name_plural = _("object types")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class DonorKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class Donor(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=DonorKind.choices, default=DonorKind.ORGANISATION)
    city = models.ForeignKey(
        City, on_delete=models.SET_NULL, null=True, blank=True, related_name="donors", verbose_name=_("city")
    )
    show_publicly = models.BooleanField(
        _("show publicly"), default=False, help_text=_("Only then does the donor's name appear on public pages.")
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AcquisitionMethod(models.TextChoices):
    GIFT = "gift", _("Gift")
    DONATION = "donation", _("Donation")
    PURCHASE = "purchase", _("Purchase")
    TRANSFER = "transfer", _("Transfer")
    LOAN = "loan", _("Loan")


class Condition(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")


class ExhibitQuerySet(PublishableQuerySet):
    def in_accession_order(self):
        return self.order_by("accession_sort")

    def with_primary_image(self):
        """Prefetch each exhibit's primary image into `primary_images` (one query for the whole page)."""
        return self.prefetch_related(
            models.Prefetch("images", queryset=ExhibitImage.objects.filter(is_primary=True), to_attr="primary_images")
        )

    # What an exhibit card shows (museum/includes/exhibit_card.html); only these are read for a list.
    CARD_FIELDS = (
        "status",
        "accession_number",
        "title",
        "object_name",
        "on_display",
        "object_type__name",
        "origin_city__status",
        "origin_city__name",
        "room__status",
        "room__name",
    )

    def for_list(self):
        """What a list of exhibits shows: type, giving city, room and the primary thumbnail, and only the fields
        its card reads (a card's record with its city, room and type had some 150 columns in three languages)."""
        return (
            self.select_related("object_type", "origin_city", "room")
            .only(*self.CARD_FIELDS)
            .with_primary_image()
            .in_accession_order()
        )

    def next_accession_number(self, year):
        """The next free `HISCM.<year>.<serial>`: one past the highest serial of that year, compared as numbers."""
        prefix = f"{ACCESSION_PREFIX}.{year}."
        # accession_sort zero-pads every number, so its string maximum is the numeric maximum.
        highest = (
            self.filter(accession_sort__startswith=accession_sort_key(prefix))
            .order_by("-accession_sort")
            .values_list("accession_number", flat=True)
            .first()
        )
        serial = 0
        if highest:
            match = re.match(r"\d+", highest[len(prefix) :])
            serial = int(match.group(0)) if match else 0
        return f"{prefix}{serial + 1}"

    # The accession number, and the object name and title in every language.
    search_fields = (
        "accession_number",
        "object_name_en",
        "object_name_zh_hans",
        "object_name_ru",
        "title_en",
        "title_zh_hans",
        "title_ru",
    )


TITLE_SORT_LANGUAGES = ("en", "zh_hans", "ru")


def decade_of(day):
    """1990 for any day of 1990–1999; None for no day."""
    return day.year // 10 * 10 if day else None


def title_sort_strings(values):
    """{"title_sort_<language>": key} for the title an exhibit shows in each language (title, else English
    title, else object name), from `values`: a dict or an object with the translated fields."""
    get = values.get if isinstance(values, dict) else (lambda name: getattr(values, name, ""))
    keys = {}
    for language in TITLE_SORT_LANGUAGES:
        shown = get(f"title_{language}") or get("title_en") or get(f"object_name_{language}") or get("object_name_en")
        keys[f"title_sort_{language}"] = sort_string(shown or "", language.replace("_", "-"))
    return keys


class Exhibit(PublicRecord):
    # SPECTRUM inventory core
    accession_number = models.CharField(
        _("accession number"),
        max_length=40,
        unique=True,
        validators=[validate_accession_number],
        help_text=_("HISCM.<year>.<serial>, e.g. HISCM.2009.12"),
    )
    accession_sort = models.CharField(max_length=80, editable=False, db_index=True)
    # The shown title as each language sorts it (pinyin, the Russian alphabet), for the list's "Title" order.
    title_sort_en = models.CharField(max_length=400, editable=False, blank=True)
    title_sort_zh_hans = models.CharField(max_length=400, editable=False, blank=True)
    title_sort_ru = models.CharField(max_length=400, editable=False, blank=True)
    object_name = models.CharField(_("object name"), max_length=200)
    object_type = models.ForeignKey(
        ObjectType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exhibits",
        verbose_name=_("object type"),
    )
    number_of_objects = models.PositiveIntegerField(_("number of objects"), default=1)
    brief_description = models.TextField(_("brief description"))
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="exhibits", verbose_name=_("room")
    )
    case = models.CharField(_("case"), max_length=50, blank=True)
    in_store = models.BooleanField(_("in store"), default=False)
    current_owner = models.CharField(
        _("current owner"), max_length=200, default="Harbin International Sister Cities Museum"
    )
    recorder = models.CharField(_("recorder"), max_length=150)
    recording_date = models.DateField(_("recording date"))
    # Description and acquisition
    title = models.CharField(_("title"), max_length=300, blank=True)
    maker = models.CharField(_("maker"), max_length=200, blank=True)
    date_made = models.CharField(_("date made"), max_length=100, blank=True, help_text=_('Free text, e.g. "c. 1985".'))
    materials = models.CharField(_("materials"), max_length=300, blank=True)
    dimensions = models.CharField(_("dimensions"), max_length=200, blank=True)
    inscription = models.TextField(_("inscription"), blank=True)
    origin_city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, related_name="gifts", verbose_name=_("giving city")
    )
    donor = models.ForeignKey(
        Donor, on_delete=models.SET_NULL, null=True, blank=True, related_name="exhibits", verbose_name=_("donor")
    )
    acquisition_method = models.CharField(
        _("acquisition method"), max_length=10, choices=AcquisitionMethod.choices, blank=True
    )
    acquisition_date = models.DateField(_("acquisition date"), null=True, blank=True)
    # The decade the public list filters by ("Acquired in the 2010s"), kept on save: an equality the list's index
    # can walk in accession order. A range of dates could not be: accession numbers follow the year, so the
    # newest decade's exhibits sat at the end of a walk of every exhibit (80 ms at 100,000).
    acquisition_decade = models.PositiveSmallIntegerField(null=True, editable=False)
    presented_at = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="gifts", verbose_name=_("presented at")
    )
    received_by = models.CharField(_("received by"), max_length=200, blank=True)
    provenance = models.TextField(_("provenance"), blank=True)
    condition = models.CharField(_("condition"), max_length=10, choices=Condition.choices, blank=True)
    condition_note = models.CharField(_("condition note"), max_length=300, blank=True)
    on_display = models.BooleanField(_("on display"), default=False)
    # Set by the loan and exit procedures (museum/services), never typed in.
    current_loan = models.ForeignKey(
        "museum.Loan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("on loan"),
    )
    exited_on = models.DateField(_("left the collection on"), null=True, blank=True, editable=False)

    objects = ExhibitQuerySet.as_manager()

    class Meta:
        verbose_name = _("exhibit")
        verbose_name_plural = _("exhibits")
        ordering = ["accession_sort"]
        constraints = [
            models.CheckConstraint(condition=Q(number_of_objects__gte=1), name="exhibit_at_least_one_object"),
            # Bulk loads and the API skip the form: the database refuses a number that cannot be an address.
            models.CheckConstraint(
                condition=Q(accession_number__regex=ACCESSION_PATTERN.pattern), name="exhibit_accession_number_format"
            ),
            # SPECTRUM: an object always has a current location, a room, the store, or a loan.
            models.CheckConstraint(
                condition=Q(room__isnull=False) | Q(in_store=True) | Q(current_loan__isnull=False),
                name="exhibit_has_a_location_or_loan",
            ),
            # An object that left the collection is never published again.
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True) | Q(status="draft"), name="exhibit_exited_is_draft"
            ),
            # What is in store is not on display (the public pages would say both).
            models.CheckConstraint(
                condition=~Q(in_store=True, on_display=True), name="exhibit_in_store_not_on_display"
            ),
        ]
        indexes = [
            # The public exhibit list: published, in accession order.
            models.Index(fields=["status", "accession_sort"], name="exhibit_status_accession"),
            # The museum page's counts per room and per type: index-only scans over the published rows.
            models.Index(fields=["status", "room"], name="exhibit_status_room"),
            models.Index(fields=["status", "object_type"], name="exhibit_status_type"),
            # The admin list's counts when filtered by these: index-only, not a scan of every row.
            models.Index(fields=["on_display"], name="exhibit_on_display"),
            models.Index(fields=["acquisition_method"], name="exhibit_acquisition_method"),
            # The public list's other orders and filters at 100,000 exhibits: a walk of an index instead of a sort
            # of every row (50 ms). On display or not, in accession order, and its count; by acquisition (newest
            # or oldest first, and the decade filter) and by title: PostgreSQL-only indexes in migration 0012,
            # for NULLS LAST and the byte order titles are compared in, which SQLite cannot index.
            models.Index(fields=["status", "on_display", "accession_sort"], name="exhibit_status_display"),
            # Filtered by a partner city or a country (a join to the cities): the count is an index-only lookup
            # per city instead of a scan of every exhibit (94 ms → 0.9 ms for a country with 22 cities), and a
            # city's exhibits come in accession order.
            models.Index(fields=["status", "origin_city", "accession_sort"], name="exhibit_status_city"),
            # Filtered by the decade acquired, alone or with another filter: PostgreSQL-only, in migration 0014.
        ]

    def __str__(self):
        return f"{self.accession_number} {self.display_title}"

    def save(self, *args, **kwargs):
        self.set_sort_keys()
        super().save(*args, **kwargs)

    def set_sort_keys(self):
        """The accession number's and the titles' sort keys, and the decade acquired; imports that write in batches
        call it too."""
        self.accession_sort = accession_sort_key(self.accession_number)
        self.acquisition_decade = decade_of(self._meta.get_field("acquisition_date").to_python(self.acquisition_date))
        for name, key in title_sort_strings(self).items():
            setattr(self, name, key)

    def clean(self):
        super().clean()
        if self.in_store and self.on_display:
            raise ValidationError(
                {"on_display": _("An object in store is not on display: untick “On display”, or choose its room.")}
            )

    def get_absolute_url(self):
        return reverse("museum:exhibit", kwargs={"accession_number": self.accession_number})

    @property
    def display_title(self):
        return self.title or self.object_name

    @property
    def primary_image(self):
        """The primary image; uses the `with_primary_image()` prefetch when there is one, else one query."""
        if hasattr(self, "primary_images"):
            return self.primary_images[0] if self.primary_images else None
        return self.images.filter(is_primary=True).first()

    @property
    def location_display(self):
        if self.current_loan_id is not None:
            return _("On loan (%(loan)s)") % {"loan": self.current_loan.number}
        if self.room_id is None:
            return _("In store") if self.in_store else ""
        return f"{self.room}, {self.case}" if self.case else str(self.room)


class ExhibitImage(models.Model):
    exhibit = models.ForeignKey(Exhibit, on_delete=models.CASCADE, related_name="images", verbose_name=_("exhibit"))
    # The original is private (core.files); pages show the WebP derivatives.
    image = models.ImageField(
        _("image"), upload_to=upload_path, storage=private_storage, validators=[validate_image_upload]
    )
    image_small = models.ImageField(upload_to=upload_path, blank=True, editable=False)
    image_large = models.ImageField(upload_to=upload_path, blank=True, editable=False)
    is_primary = models.BooleanField(_("primary"), default=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    private_files = {"image": staff_with_view_permission}

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["exhibit", "-is_primary", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exhibit"], condition=Q(is_primary=True), name="exhibit_one_primary_image"),
        ]

    def __str__(self):
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        refresh_derivatives(self)
        super().save(*args, **kwargs)


class Movement(models.Model):
    """Every change of an exhibit's location, recorded as it happens."""

    exhibit = models.ForeignKey(Exhibit, on_delete=models.CASCADE, related_name="movements", verbose_name=_("exhibit"))
    from_room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("from room")
    )
    from_case = models.CharField(_("from case"), max_length=50, blank=True)
    from_store = models.BooleanField(_("from store"), default=False)
    to_room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("to room")
    )
    to_case = models.CharField(_("to case"), max_length=50, blank=True)
    to_store = models.BooleanField(_("to store"), default=False)
    # The loan an object left with (out) or came back from (return); the other end is then empty.
    loan = models.ForeignKey(
        "museum.Loan", on_delete=models.PROTECT, null=True, blank=True, related_name="movements", verbose_name=_("loan")
    )
    moved_at = models.DateTimeField(_("moved at"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        ordering = ["exhibit", "-moved_at", "-pk"]

    def __str__(self):
        return self.sentence()

    def sentence(self):
        """'HISCM.2026.1 moved from Niigata room, C2 to the store on 27 November 2026.'"""
        values = {
            "number": self.exhibit.accession_number,
            "from": location_text(self.from_room, self.from_case, self.from_store),
            "to": location_text(self.to_room, self.to_case, self.to_store),
            "loan": self.loan.number if self.loan_id else "",
            "date": formats.date_format(timezone.localtime(self.moved_at), "DATE_FORMAT"),
        }
        if self.loan_id and not values["to"]:
            return _("%(number)s left on loan %(loan)s on %(date)s.") % values
        if self.loan_id and not values["from"]:
            return _("%(number)s came back from loan %(loan)s to %(to)s on %(date)s.") % values
        if not values["from"]:
            return _("%(number)s was first placed in %(to)s on %(date)s.") % values
        return _("%(number)s moved from %(from)s to %(to)s on %(date)s.") % values


def location_text(room, case, in_store):
    """'Niigata room, case C2', 'the store' or '' (nowhere in the building: on loan, or not yet placed)."""
    if room is not None:
        return _("%(room)s, case %(case)s") % {"room": room, "case": case} if case else str(room)
    return str(_("the store")) if in_store else ""
